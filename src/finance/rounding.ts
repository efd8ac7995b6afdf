/**
 * Rounding where the counterparty rounds, and the residual shown, never hidden
 * (finance-reference.md §1.1.5–§1.1.7).
 */
import { Dec, ZERO, roundTo, type RoundingMode } from './decimal.js';
import { toDec, type DecInput } from './input.js';

/** Per-item vs aggregate rounding of the same raw amounts, with the reconciliation residual. */
export interface RoundingComparison {
  /** Each raw item rounded to `dp` (what the counterparty books). */
  readonly perItem: readonly Dec[];
  /** Σ round(item): the counterparty's total. */
  readonly perItemTotal: Dec;
  /** round(Σ item): the aggregate-then-round total. */
  readonly aggregateTotal: Dec;
  /** Σ item, unrounded. */
  readonly rawTotal: Dec;
  /** perItemTotal − aggregateTotal: the residual to print as a reconciliation difference (§1.1.6). */
  readonly residual: Dec;
  readonly dp: number;
  readonly mode: RoundingMode;
}

/**
 * Round a list of raw amounts per item and in aggregate and return both with the residual
 * (finance-reference.md §1.1.6). Per item is the booking rule (follow the counterparty); the
 * residual is bounded by n × ½ × 10^−dp under any round-to-nearest mode.
 */
export function compareItemVsAggregateRounding(items: readonly DecInput[], dp: number, mode: RoundingMode = 'half_even'): RoundingComparison {
  const raw = items.map((item, i) => toDec(item, `items[${i}]`));
  const perItem = raw.map((x) => roundTo(x, dp, mode));
  const perItemTotal = perItem.reduce((a, b) => a.plus(b), ZERO);
  const rawTotal = raw.reduce((a, b) => a.plus(b), ZERO);
  const aggregateTotal = roundTo(rawTotal, dp, mode);
  return { perItem, perItemTotal, aggregateTotal, rawTotal, residual: perItemTotal.minus(aggregateTotal), dp, mode };
}

/** The reconciliation tolerance for a total of `n` independently rounded lines: n × ½ × 10^−dp (§1.1.7). */
export function computeTolerance(dp: number, n = 1): Dec {
  if (!Number.isInteger(dp) || dp < 0) throw new RangeError(`dp must be a non-negative integer, got ${dp}`);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
  return new Dec(n).times('0.5').times(new Dec(10).pow(-dp));
}

/**
 * Beancount-style agreement test (finance-reference.md §1.1.7): a recomputed line agrees with a
 * reported one if |a − b| ≤ ½ × 10^−dp; a total of `n` rounded lines if |A − B| ≤ n × ½ × 10^−dp.
 */
export function withinTolerance(a: DecInput, b: DecInput, dp: number, n = 1): boolean {
  return toDec(a, 'a').minus(toDec(b, 'b')).abs().lte(computeTolerance(dp, n));
}

/** Round half to even (banker's rounding), the internal and aggregate rule (§1.1.5). */
export function roundHalfEven(value: DecInput, dp: number): Dec {
  return roundTo(toDec(value, 'value'), dp, 'half_even');
}

/** Round half away from zero, for reproducing a counterparty that rounds that way (§1.1.5). */
export function roundHalfUp(value: DecInput, dp: number): Dec {
  return roundTo(toDec(value, 'value'), dp, 'half_up');
}
