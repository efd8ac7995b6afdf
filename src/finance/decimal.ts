/**
 * The one configured decimal constructor for all money and quantity arithmetic
 * (finance-reference.md §1.1). decimal.js defaults (20 significant digits, ROUND_HALF_UP)
 * are not finance defaults: an 18-dp ETH quantity times a six-figure price needs more
 * digits, and aggregates round half-even. Nothing outside src/finance imports decimal.js;
 * other layers use the helpers exported here.
 */
import { Decimal as DecimalJs } from 'decimal.js';

/** Internal precision: 50 significant digits, ties to even. Rounding to minor units happens only at boundaries. */
export const Dec = DecimalJs.clone({ precision: 50, rounding: DecimalJs.ROUND_HALF_EVEN, toExpNeg: -30, toExpPos: 40 });
export type Dec = InstanceType<typeof Dec>;

/** A decimal value as it crosses a boundary (journal, CSV, JSON): a plain string, never a JS number. */
export type DecimalString = string;

/** Rounding modes named as a reviewer would name them (§1.1.5). */
export type RoundingMode = 'half_even' | 'half_up' | 'down' | 'up' | 'floor' | 'ceil';

const ROUNDING: Record<RoundingMode, DecimalJs.Rounding> = {
  half_even: DecimalJs.ROUND_HALF_EVEN,
  half_up: DecimalJs.ROUND_HALF_UP,
  down: DecimalJs.ROUND_DOWN,
  up: DecimalJs.ROUND_UP,
  floor: DecimalJs.ROUND_FLOOR,
  ceil: DecimalJs.ROUND_CEIL,
};

/** Parse a decimal string (or an existing Dec). Throws on anything that is not a finite decimal. */
export function dec(value: DecimalString | Dec): Dec {
  const d = value instanceof Dec ? value : new Dec(value);
  if (!d.isFinite()) throw new RangeError(`not a finite decimal: ${String(value)}`);
  return d;
}

/**
 * The same value with a right-sized digit array, for values kept for the rest of a run (ledger
 * caches, report rows). decimal.js fills a parsed value's digits by push, so even a one-word number
 * carries a 17-slot backing store (~150 bytes); copying through the constructor slices it to size.
 */
export function compactDec(value: Dec): Dec {
  return new Dec(value);
}

/** Round to `dp` decimal places with an explicit rule. */
export function roundTo(value: Dec, dp: number, mode: RoundingMode = 'half_even'): Dec {
  return value.toDecimalPlaces(dp, ROUNDING[mode]);
}

/** Snap a value down to a multiple of `step` (exchange LOT_SIZE / PRICE_FILTER truncation). */
export function truncateToStep(value: Dec, step: Dec): Dec {
  if (step.isZero()) return value;
  return value.div(step).toDecimalPlaces(0, DecimalJs.ROUND_DOWN).times(step);
}

/** Snap a value to the nearest multiple of `step`, ties to even. */
export function roundToStep(value: Dec, step: Dec, mode: RoundingMode = 'half_even'): Dec {
  if (step.isZero()) return value;
  return value.div(step).toDecimalPlaces(0, ROUNDING[mode]).times(step);
}

/** Decimal places of a step that is exactly 10^−k (k ≥ 0), by step instance; null for any other step. */
const tickPlaces = new WeakMap<Dec, number | null>();

/**
 * `roundToStep(value, step, mode)`, the same Dec, for the hot quoting paths: when the step is a
 * power of ten 10^−k and the value has ≤ 50 significant digits, value ÷ step is exact, so
 * rounding it to an integer and scaling back is rounding the value to k places — without the
 * 50-digit long division. (roundToStep itself stays as it is: the bench's decimal floor uses it.)
 */
export function roundToTick(value: Dec, step: Dec, mode: RoundingMode = 'half_even'): Dec {
  let k = tickPlaces.get(step);
  if (k === undefined) {
    k = step.isPositive() && step.sd() === 1 && step.e <= 0 && step.toFixed().endsWith('1') ? -step.e : null;
    tickPlaces.set(step, k);
  }
  if (k === null || value.sd(true) > 50) return roundToStep(value, step, mode);
  return value.toDecimalPlaces(k, ROUNDING[mode]);
}

/** Fixed-point string with exactly `dp` places, for reports. */
export function fixed(value: Dec, dp: number, mode: RoundingMode = 'half_even'): DecimalString {
  return value.toFixed(dp, ROUNDING[mode]);
}

/**
 * A short-precision twin for quotients printed to a few places: a 50-digit division is the
 * costliest operation of a report row, and only ties need more than 20 digits (`quotientFixed`).
 */
const Dec20 = DecimalJs.clone({ precision: 20, rounding: DecimalJs.ROUND_HALF_EVEN });

/**
 * `fixed(n.div(d), dp, 'half_even')`, the same text, dividing at 20 digits when that is provably
 * enough. Rounding to the nearest 20- or 50-digit value is monotonic and keeps every value with
 * ≤ 20 significant digits, so neither carries the quotient across a tie at `dp` places (such a tie
 * has ≤ 20 digits while |q| < 10^(18 − dp)); both round the same way unless the quotient lands on
 * a tie, and there (or beyond that size) the 50-digit division decides.
 */
export function quotientFixed(n: Dec, d: Dec, dp: number): DecimalString {
  if (!d.isZero() && n.isFinite() && d.isFinite()) {
    const q = new Dec20(n).div(new Dec20(d));
    // q.e: the decimal exponent of the leading digit, so |q| < 10^(18 − dp) ⟺ e < 18 − dp.
    const tie = q.decimalPlaces() === dp + 1 && q.toFixed(dp + 1).endsWith('5');
    if (!tie && q.e < 18 - dp) return q.toFixed(dp, DecimalJs.ROUND_HALF_EVEN);
  }
  return fixed(n.div(d), dp, 'half_even');
}

/** Plain string without exponent, full precision (journal/boundary format). */
export function plain(value: Dec): DecimalString {
  return value.toFixed();
}

/** ISO 4217-style minor units (§1.1.4); crypto uses 8 by default, venues override per symbol. */
const MINOR_UNITS: Record<string, number> = {
  AUD: 2, NZD: 2, USD: 2, EUR: 2, GBP: 2, SGD: 2, HKD: 2, CAD: 2, CHF: 2, JPY: 0, KRW: 0, USDT: 2, USDC: 2, BTC: 8, ETH: 8,
};

/** Minor units of a currency; unknown codes fall back to 2 (fiat) so reports stay readable. */
export function minorUnits(ccy: string): number {
  return MINOR_UNITS[ccy.toUpperCase()] ?? 2;
}

export const ZERO = new Dec(0);
export const ONE = new Dec(1);
