/**
 * The market a drill runs against: one mid per instrument per step, plus FX. Built once per plan
 * (GBM from the seed, or a replayed tape) and read by the engine for every event, so reads are O(1)
 * (GBM grid) or O(log n) (tape) and allocate nothing after the first read of a step.
 */
import type { Dec } from '../finance/decimal.js';
import type { Instrument } from '../scenario/model.js';

/** A two-sided quote derived from the mid and the instrument's spread, quantised to the tick. */
export interface BidAsk {
  bid: Dec;
  ask: Dec;
}

/** One point of a mid series, as it crosses a boundary (charts, journal). */
export interface MidPoint {
  /** Epoch ms at which this mid starts to apply. */
  t: number;
  mid: string;
}

/** Prices over the drill window; every read is a step function (the mid of the step containing t). */
export interface MarketPath {
  /** Instrument symbols, in scenario order. */
  readonly symbols: readonly string[];
  /** Resolution of the path in ms (for a tape: the scenario's `market.step`, informational). */
  readonly stepMs: number;
  readonly startMs: number;
  readonly endMs: number;
  /** The instrument definition (tick, lot, spread) for a symbol. Throws on an unknown symbol. */
  instrument(symbol: string): Instrument;
  /** Mid at `tMs`; times before the start read the first mid, after the end the closing mid. */
  midAt(symbol: string, tMs: number): Dec;
  /** `plain(midAt(symbol, tMs))`, the journal text of the mid, made once per step. */
  midTextAt(symbol: string, tMs: number): string;
  /** Bid and ask at `tMs`: mid ∓ half the spread, bid rounded down and ask up to the tick. */
  bidAskAt(symbol: string, tMs: number): BidAsk;
  /** Mid at the end of the drill (the closing mark). */
  closingMid(symbol: string): Dec;
  /** Every step of a symbol's series (for charts and exposure time series). */
  series(symbol: string): MidPoint[];
  /** Units of `to` per unit of `from` (see `createFxTable`). Constant over the drill. */
  fxRate(from: string, to: string): Dec;
}
