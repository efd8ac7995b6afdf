/**
 * Compact step series behind a MarketPath. A GBM path lives on a regular grid as integer tick
 * counts in a Float64Array (exact up to 2^53 ticks, 8 bytes a point: a 24-hour path at 1 s steps
 * is ~690 kB per instrument); a tape keeps its recorded decimals at irregular times. Both turn a
 * time into an index, and an index into a Dec that is created once and then cached.
 */
import { compactDec, plain, type Dec } from '../finance/decimal.js';
import { decOfParts, ShortDec } from '../finance/short-dec.js';

const midTexts = new WeakMap<Dec, string>();

/**
 * `plain(mid)`, cached per Dec instance: a series hands out the same cached Dec for every time in
 * a step, and a replay prints the mid of each trade, quote and execution (the same text each time).
 */
export function plainMid(mid: Dec): string {
  let text = midTexts.get(mid);
  if (text === undefined) {
    text = plain(mid);
    midTexts.set(mid, text);
  }
  return text;
}

/** The journal text of the mid at t: the view's own per-step text when it has one, else plainMid. */
export function plainMidAt(market: { midAt(symbol: string, t: number): Dec; midTextAt?(symbol: string, t: number): string }, symbol: string, t: number): string {
  return market.midTextAt === undefined ? plainMid(market.midAt(symbol, t)) : market.midTextAt(symbol, t);
}

/** A step function of time: the value of the step containing t. */
export interface StepSeries {
  readonly length: number;
  /** Index of the step containing `tMs`, clamped to the series. */
  indexAt(tMs: number): number;
  /** Epoch ms at which step `i` starts. */
  timeAt(i: number): number;
  /** Mid of step `i`. */
  midAt(i: number): Dec;
}

/** A regular grid of integer tick counts: mid(i) = ticks[i] × tick. */
export class TickGridSeries implements StepSeries {
  private readonly cache: (Dec | undefined)[];
  /** The tick as m × 10^−s when short (a mid is then made from its digits, decOfParts), else NaN. */
  private readonly tickMantissa: number;
  private readonly tickScale: number;

  constructor(
    private readonly startMs: number,
    private readonly stepMs: number,
    private readonly ticks: Float64Array,
    private readonly tick: Dec,
  ) {
    this.cache = new Array<Dec | undefined>(ticks.length);
    const t = ShortDec.of(tick);
    this.tickMantissa = t.m;
    this.tickScale = t.s;
  }

  get length(): number {
    return this.ticks.length;
  }

  indexAt(tMs: number): number {
    const i = Math.floor((tMs - this.startMs) / this.stepMs);
    if (i < 0) return 0;
    return i >= this.ticks.length ? this.ticks.length - 1 : i;
  }

  timeAt(i: number): number {
    return this.startMs + i * this.stepMs;
  }

  midAt(i: number): Dec {
    const hit = this.cache[i];
    if (hit !== undefined) return hit;
    // Kept for the rest of the run (both replays and the evaluation): right-size its digit array.
    // A whole tick count times a short tick, when the product is a safe integer other than 0, is
    // exactly m × 10^−s: its Dec from the digits (decOfParts: the parser's Dec) instead of a product.
    const n = this.ticks[i] ?? 0;
    const m = n * this.tickMantissa;
    const mid = Number.isInteger(n) && m !== 0 && Math.abs(m) <= Number.MAX_SAFE_INTEGER ? decOfParts(m, this.tickScale) : compactDec(this.tick.times(n));
    this.cache[i] = mid;
    return mid;
  }
}

/** Recorded points at irregular, strictly increasing times (a replayed tape). */
export class PointSeries implements StepSeries {
  constructor(
    private readonly times: Float64Array,
    private readonly mids: readonly Dec[],
  ) {}

  get length(): number {
    return this.mids.length;
  }

  /** Last point at or before t (binary search); before the first point, the first point. */
  indexAt(tMs: number): number {
    let lo = 0;
    let hi = this.times.length - 1;
    if (tMs < (this.times[0] ?? 0)) return 0;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.times[mid] ?? 0) <= tMs) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  timeAt(i: number): number {
    return this.times[i] ?? 0;
  }

  midAt(i: number): Dec {
    const mid = this.mids[i];
    if (mid === undefined) throw new RangeError(`point ${i} out of range`);
    return mid;
  }
}
