/**
 * Boundary guards for finance inputs (finance-reference.md §1.1.1). Money, quantities and prices
 * enter as `Dec` or decimal strings; a JS `number` has already lost precision by the time it
 * arrives (2.675 is 2.67499…), so it is rejected at runtime as well as by the types.
 */
import { Dec, dec, type DecimalString } from './decimal.js';

/** A money, quantity or price input: a configured `Dec` or a decimal string, never a JS number. */
export type DecInput = Dec | DecimalString;

/**
 * A dimensionless rate that is not money (volatility, probability, recapture rate). A JS number is
 * accepted here because these are model parameters, not balances; it is converted through its
 * shortest round-trip string, so `0.55` becomes exactly `0.55`.
 */
export type RateInput = Dec | DecimalString | number;

/** Convert a money/quantity/price input to `Dec`; throws `TypeError` on a JS number (or anything else). */
export function toDec(value: DecInput, name: string): Dec {
  if (value instanceof Dec) {
    // Another decimal.js clone shares Dec's prototype; re-wrap so arithmetic uses our precision and rounding.
    return value.constructor === Dec ? value : new Dec(value.toString());
  }
  if (typeof value !== 'string') {
    throw new TypeError(`${name}: expected a decimal string or Dec, got ${typeof value}; JS numbers are not accepted for money or quantities`);
  }
  try {
    return dec(value);
  } catch (cause) {
    throw new RangeError(`${name}: not a finite decimal: ${JSON.stringify(value)}`, { cause });
  }
}

/** Convert a dimensionless rate (σ, probability) to `Dec`; numbers allowed, non-finite rejected. */
export function toRate(value: RateInput, name: string): Dec {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`${name}: not a finite number: ${value}`);
    return new Dec(String(value));
  }
  return toDec(value, name);
}

/** Epoch milliseconds from an epoch-ms number or an ISO-8601 string (UTC instants, §1.2). */
export function toEpochMs(value: number | string, name: string): number {
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) throw new RangeError(`${name}: not a valid instant: ${String(value)}`);
  return ms;
}

/** The firm's side of a trade; `+1` buy, `-1` sell (quantities signed + long/buy, §1.4). */
export type Side = 'buy' | 'sell';

/** +1 for buy, −1 for sell. */
export function signOf(side: Side): 1 | -1 {
  if (side === 'buy') return 1;
  if (side === 'sell') return -1;
  throw new RangeError(`side must be 'buy' or 'sell', got ${String(side)}`);
}
