/**
 * The one MarketPath implementation: a set of step series (GBM grid or tape) plus the
 * instruments' quoting rules and the FX table.
 */
import { FaultlineError } from '../errors.js';
import { Dec, dec, plain, roundToStep } from '../finance/decimal.js';
import type { Instrument, MarketModel } from '../scenario/model.js';
import { createFxTable, type FxTable } from './fx.js';
import { plainMid, type StepSeries } from './series.js';
import type { BidAsk, MarketPath, MidPoint } from './types.js';

interface Entry {
  instrument: Instrument;
  series: StepSeries;
  tick: Dec;
  /** spreadBps / 20000: the half-spread as a fraction of mid. */
  halfSpread: Dec;
  quotes: (BidAsk | undefined)[];
  /** plain(mid) by step, made on first read. */
  texts: (string | undefined)[];
}

const HALF_SPREAD_DIVISOR = new Dec(20000);

/** Assemble a MarketPath from per-symbol series built by `generateMarketPath` or `buildTapeMarketPath`. */
export function createMarketPath(
  market: MarketModel,
  startMs: number,
  endMs: number,
  seriesBySymbol: ReadonlyMap<string, StepSeries>,
): MarketPath {
  const entries = new Map<string, Entry>();
  for (const instrument of market.instruments) {
    const series = seriesBySymbol.get(instrument.symbol);
    if (series === undefined || series.length === 0) continue;
    entries.set(instrument.symbol, {
      instrument,
      series,
      tick: dec(instrument.tickSize),
      halfSpread: dec(instrument.spreadBps).div(HALF_SPREAD_DIVISOR),
      quotes: new Array<BidAsk | undefined>(series.length),
      texts: new Array<string | undefined>(series.length),
    });
  }
  const fx: FxTable = createFxTable(market.fx);
  const symbols = Object.freeze([...entries.keys()]);

  const entryOf = (symbol: string): Entry => {
    const entry = entries.get(symbol);
    if (entry === undefined) throw unknownSymbol(symbol, symbols);
    return entry;
  };

  return {
    symbols,
    stepMs: market.stepMs,
    startMs,
    endMs,
    instrument: (symbol) => entryOf(symbol).instrument,
    midAt: (symbol, tMs) => {
      const { series } = entryOf(symbol);
      return series.midAt(series.indexAt(tMs));
    },
    midTextAt: (symbol, tMs) => {
      const { series, texts } = entryOf(symbol);
      const i = series.indexAt(tMs);
      return texts[i] ?? (texts[i] = plainMid(series.midAt(i)));
    },
    bidAskAt: (symbol, tMs) => {
      const entry = entryOf(symbol);
      const i = entry.series.indexAt(tMs);
      const hit = entry.quotes[i];
      if (hit !== undefined) return hit;
      const quote = quoteAround(entry.series.midAt(i), entry.halfSpread, entry.tick);
      entry.quotes[i] = quote;
      return quote;
    },
    closingMid: (symbol) => {
      const { series } = entryOf(symbol);
      return series.midAt(series.indexAt(endMs));
    },
    series: (symbol) => {
      const { series } = entryOf(symbol);
      const points: MidPoint[] = [];
      for (let i = 0; i < series.length; i++) points.push({ t: series.timeAt(i), mid: plain(series.midAt(i)) });
      return points;
    },
    fxRate: (from, to) => fx.rate(from, to),
  };
}

/**
 * Bid rounds down and ask up so the quoted spread is never narrower than configured. A bid that
 * would reach zero is held at one tick (or at the mid when there is no tick), since a price is never ≤ 0.
 */
export function quoteAround(mid: Dec, halfSpread: Dec, tick: Dec): BidAsk {
  const half = mid.times(halfSpread);
  let bid = roundToStep(mid.minus(half), tick, 'floor');
  const ask = roundToStep(mid.plus(half), tick, 'ceil');
  if (bid.lte(0)) bid = tick.isZero() ? mid : tick;
  return { bid, ask };
}

function unknownSymbol(symbol: string, symbols: readonly string[]): FaultlineError {
  return new FaultlineError({
    code: 'MARKET_UNKNOWN_INSTRUMENT',
    kind: 'invalid-input',
    title: `Unknown instrument "${symbol}"`,
    detail: `The market has: ${symbols.join(', ') || '(none)'}.`,
    hint: 'Declare the instrument under market.instruments, or fix the symbol.',
  });
}
