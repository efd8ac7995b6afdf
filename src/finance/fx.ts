/**
 * FX table and translation to the reporting currency (finance-reference.md §1.3). Every cross is
 * computed through one pivot (USD by default), rates are kept at full internal precision (well
 * beyond the ≥ 6 dp the reference asks), and only the translated amount is ever rounded.
 */
import { ONE, roundTo, minorUnits, type Dec, type RoundingMode } from './decimal.js';
import { toDec, toEpochMs, type DecInput } from './input.js';
import type { Scenario } from '../scenario/model.js';

/** A market-convention quote: `pair` "AUDUSD" at `rate` 0.6550 means 1 AUD = 0.6550 USD. */
export interface FxQuote {
  /** Six letters, base then quote, e.g. `AUDUSD`, `USDJPY`. One side must be the pivot currency. */
  readonly pair: string;
  readonly rate: DecInput;
  /** Where the rate came from, e.g. `RBA 4pm WM/Reuters fix` or `drill mid feed`. */
  readonly source: string;
  /** Epoch ms or ISO-8601 UTC instant of the fixing. */
  readonly ts: number | string;
}

/** What a report prints next to every translated amount: `fx_rate`, `fx_source`, `fx_ts`. */
export interface FxRecord {
  /** Units of `to` per one unit of `from`, full internal precision. */
  readonly rate: Dec;
  readonly source: string;
  /** Epoch ms; for a cross, the older of its two legs (a cross is only as fresh as its stalest leg). */
  readonly ts: number;
  readonly from: string;
  readonly to: string;
}

interface PivotLeg {
  /** Pivot units per one unit of the currency. */
  readonly pivotPerUnit: Dec;
  readonly source: string;
  readonly ts: number;
}

/** An FX table keyed by currency, each stored as its value in the pivot currency. */
export interface FxTable {
  readonly pivot: string;
  readonly legs: ReadonlyMap<string, PivotLeg>;
}

function splitPair(pair: string): [string, string] {
  const p = pair.toUpperCase();
  if (!/^[A-Z]{6}$/.test(p)) throw new RangeError(`FX pair must be six letters like AUDUSD, got ${JSON.stringify(pair)}`);
  return [p.slice(0, 3), p.slice(3)];
}

/**
 * Build an FX table from market-convention quotes (finance-reference.md §1.3). Each quote must
 * have the pivot on one side; crosses are derived, never quoted, so every cross goes through the
 * same legs and the table cannot contradict itself.
 */
export function buildFxTable(quotes: readonly FxQuote[], pivot = 'USD'): FxTable {
  const pv = pivot.toUpperCase();
  const legs = new Map<string, PivotLeg>();
  legs.set(pv, { pivotPerUnit: ONE, source: 'identity', ts: Number.NEGATIVE_INFINITY });
  for (const [i, q] of quotes.entries()) {
    const [base, quote] = splitPair(q.pair);
    const rate = toDec(q.rate, `quotes[${i}].rate`);
    if (rate.lte(0)) throw new RangeError(`quotes[${i}]: FX rate must be positive, got ${rate.toFixed()}`);
    const ts = toEpochMs(q.ts, `quotes[${i}].ts`);
    let ccy: string;
    let pivotPerUnit: Dec;
    if (quote === pv && base !== pv) {
      ccy = base;
      pivotPerUnit = rate;
    } else if (base === pv && quote !== pv) {
      ccy = quote;
      pivotPerUnit = ONE.div(rate);
    } else {
      throw new RangeError(`quotes[${i}]: ${q.pair} does not have the pivot ${pv} on exactly one side; crosses are derived via ${pv}`);
    }
    if (legs.has(ccy)) throw new RangeError(`quotes[${i}]: a second rate for ${ccy}; one table holds one rate per currency`);
    legs.set(ccy, { pivotPerUnit, source: q.source, ts });
  }
  return { pivot: pv, legs };
}

/**
 * The drill's FX table: the scenario's `market.fx` rates, fixed at the drill's start for its whole
 * length (event-time and closing rates agree), with the scenario's `fx_source`.
 */
export function buildScenarioFxTable(scenario: Pick<Scenario, 'market' | 'startMs'>): FxTable {
  return buildFxTable(Object.entries(scenario.market.fx).map(([pair, rate]) => ({ pair, rate, source: scenario.market.fxSource, ts: scenario.startMs })));
}

function legOf(table: FxTable, ccy: string): PivotLeg {
  const leg = table.legs.get(ccy.toUpperCase());
  if (leg === undefined) throw new RangeError(`no FX rate for ${ccy} in the table (pivot ${table.pivot})`);
  return leg;
}

/** The rate to convert `from` into `to` (units of `to` per one `from`), with its source and time. */
export function lookupFxRate(table: FxTable, from: string, to: string): FxRecord {
  const f = from.toUpperCase();
  const t = to.toUpperCase();
  if (f === t) return { rate: ONE, source: 'identity', ts: Number.NEGATIVE_INFINITY, from: f, to: t };
  const a = legOf(table, f);
  const b = legOf(table, t);
  const rate = a.pivotPerUnit.div(b.pivotPerUnit);
  const sources = [a, b].filter((l) => l.source !== 'identity').map((l) => l.source);
  const source = [...new Set(sources)].join(' + ');
  const ts = Math.min(...[a, b].filter((l) => l.source !== 'identity').map((l) => l.ts));
  return { rate, source, ts, from: f, to: t };
}

/** A translated amount with the FX record a report prints beside it. */
export interface FxTranslation {
  readonly amount: Dec;
  readonly ccy: string;
  readonly native: Dec;
  readonly nativeCcy: string;
  readonly fx: FxRecord;
}

/** Options for {@link translateAmount}. */
export interface TranslateOptions {
  /** Round the translated amount: `true` to the target's minor units, a number for explicit dp. Default: unrounded. */
  readonly round?: boolean | number;
  readonly mode?: RoundingMode;
}

/**
 * Translate an amount into another currency (usually the reporting currency) at the table's rate
 * (finance-reference.md §1.3). The amount is multiplied by the `from` leg and divided by the `to`
 * leg, so USD 1,000.00 at AUDUSD 0.6550 is 1000 / 0.6550 = 1,526.7175572… and 1,526.72 only when
 * rounding is asked for.
 */
export function translateAmount(table: FxTable, amount: DecInput, from: string, to: string, options: TranslateOptions = {}): FxTranslation {
  const native = toDec(amount, 'amount');
  const fx = lookupFxRate(table, from, to);
  // Multiply then divide: dividing the amount by the pivot leg avoids a pre-divided, truncated rate.
  const a = legOf(table, fx.from).pivotPerUnit;
  const b = legOf(table, fx.to).pivotPerUnit;
  let translated = fx.from === fx.to ? native : native.times(a).div(b);
  const { round, mode = 'half_even' } = options;
  if (round !== undefined && round !== false) translated = roundTo(translated, round === true ? minorUnits(fx.to) : round, mode);
  return { amount: translated, ccy: fx.to, native, nativeCcy: fx.from, fx };
}

/**
 * FX translation difference of a balance held in `nativeCcy` between the event-time rate and the
 * closing rate (finance-reference.md §1.3: the explicit `FX_TRANSLATION` line). Signed from the
 * firm's side: a long foreign balance gains when the foreign currency strengthens.
 */
export function computeFxTranslationDelta(balance: DecInput, eventFx: FxRecord, closingFx: FxRecord): Dec {
  if (eventFx.from !== closingFx.from || eventFx.to !== closingFx.to) {
    throw new RangeError(`FX records disagree on the pair: ${eventFx.from}${eventFx.to} vs ${closingFx.from}${closingFx.to}`);
  }
  const b = toDec(balance, 'balance');
  return b.times(closingFx.rate).minus(b.times(eventFx.rate));
}
