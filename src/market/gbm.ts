/**
 * Geometric Brownian motion price paths with scheduled jumps (finance-reference.md §4.1):
 * S(t+Δ) = S(t) · exp(−σ²Δ/2 + σ√Δ·Z), μ = 0 for drill horizons.
 *
 * Precision choice: log-returns are random variates, so they are JS numbers; the mid itself is an
 * exact integer number of ticks, round_half_even(S0/tick · exp(L)), where L is the cumulative
 * log-return. Only the multiplier exp(L) is a double; the stored price is exact and never drifts
 * by accumulated decimal rounding. Same seed ⇒ same doubles ⇒ same ticks (V8's Math.exp is
 * deterministic for a given Node version), which matters more than the last ulp of a random draw.
 */
import { FaultlineError } from '../errors.js';
import type { Rng } from '../engine/rng.js';
import { Dec, dec, roundToStep } from '../finance/decimal.js';
import type { Instrument, MarketModel } from '../scenario/model.js';
import { createMarketPath } from './market-path.js';
import { TickGridSeries, type StepSeries } from './series.js';
import type { MarketPath } from './types.js';

/** Crypto trades 24/7: a year is 365 days of 86,400,000 ms (√365 annualisation, §4.2). */
export const MS_PER_YEAR = 365 * 86_400_000;

/**
 * Used when an instrument declares tick size 0 ("no venue tick"): mids are still held as integer
 * counts, of 1e-8 (a satoshi), which is below any price increment that matters in a report.
 */
const FALLBACK_TICK = new Dec('0.00000001');

/**
 * Simulate every instrument's mid on a grid of `market.stepMs` from `startMs` to `endMs`
 * (inclusive: the last step holds the closing mid). Each instrument draws from its own stream,
 * `rng.fork(symbol)`, so adding an instrument leaves the others' paths unchanged. A jump at
 * `atMs` moves the mid of the step containing `atMs` (and everything after) by `size` relative;
 * jumps outside [startMs, endMs] are ignored.
 */
export function generateMarketPath(market: MarketModel, startMs: number, endMs: number, rng: Rng): MarketPath {
  if (!(market.stepMs > 0)) throw new RangeError(`market.stepMs must be > 0, got ${market.stepMs}`);
  if (!(endMs >= startMs)) throw new RangeError(`endMs (${endMs}) is before startMs (${startMs})`);
  const steps = Math.floor((endMs - startMs) / market.stepMs) + 1;
  const jumps = indexJumps(market, startMs, endMs, steps);
  const series = new Map<string, StepSeries>();
  for (const instrument of market.instruments) {
    const tick = effectiveTick(instrument);
    const ticks = simulateTicks(instrument, tick, steps, market.stepMs, jumps.get(instrument.symbol), rng.fork(instrument.symbol));
    series.set(instrument.symbol, new TickGridSeries(startMs, market.stepMs, ticks, tick));
  }
  return createMarketPath(market, startMs, endMs, series);
}

function effectiveTick(instrument: Instrument): Dec {
  const tick = dec(instrument.tickSize);
  return tick.isZero() ? FALLBACK_TICK : tick;
}

/** Log jump per step index, per symbol: log(1 + size), summed when two jumps share a step. */
function indexJumps(market: MarketModel, startMs: number, endMs: number, steps: number): Map<string, Map<number, number>> {
  const known = new Set(market.instruments.map((i) => i.symbol));
  const bySymbol = new Map<string, Map<number, number>>();
  for (const jump of market.jumps) {
    if (!known.has(jump.instrument)) {
      throw new FaultlineError({
        code: 'MARKET_UNKNOWN_INSTRUMENT',
        kind: 'invalid-input',
        title: `A market jump names unknown instrument "${jump.instrument}"`,
        hint: `Use one of: ${[...known].join(', ')}.`,
      });
    }
    if (jump.atMs < startMs || jump.atMs > endMs) continue;
    if (!(jump.size > -1)) throw new RangeError(`jump size must be > -1, got ${jump.size}`);
    const index = Math.min(steps - 1, Math.floor((jump.atMs - startMs) / market.stepMs));
    const perStep = bySymbol.get(jump.instrument) ?? new Map<number, number>();
    perStep.set(index, (perStep.get(index) ?? 0) + Math.log1p(jump.size));
    bySymbol.set(jump.instrument, perStep);
  }
  return bySymbol;
}

function simulateTicks(
  instrument: Instrument,
  tick: Dec,
  steps: number,
  stepMs: number,
  jumps: Map<number, number> | undefined,
  rng: Rng,
): Float64Array {
  const start = dec(instrument.mid);
  // The start mid is quantised exactly; later steps scale the unquantised start so a start that
  // is off-tick does not bias the whole path by the first rounding.
  const startTicks = Math.max(1, roundToStep(start, tick, 'half_even').div(tick).toNumber());
  const s0 = start.div(tick).toNumber();
  const dtYears = stepMs / MS_PER_YEAR;
  const sigma = instrument.volatility;
  const drift = -0.5 * sigma * sigma * dtYears;
  const diffusion = sigma * Math.sqrt(dtYears);
  const ticks = new Float64Array(steps);
  let logReturn = jumps?.get(0) ?? 0;
  ticks[0] = logReturn === 0 ? startTicks : toTicks(s0 * Math.exp(logReturn));
  for (let i = 1; i < steps; i++) {
    logReturn += drift + diffusion * rng.normal();
    const jump = jumps?.get(i);
    if (jump !== undefined) logReturn += jump;
    ticks[i] = toTicks(s0 * Math.exp(logReturn));
  }
  return ticks;
}

/** Round half-even to an integer tick count, never below one tick (a price is never ≤ 0). */
function toTicks(x: number): number {
  let r = Math.round(x);
  if (r - x === 0.5 && r % 2 !== 0) r -= 1;
  return r < 1 ? 1 : r;
}
