/**
 * Exact decimal strings from integer counts of a step (lots, cents) without per-item Dec work:
 * a quantity is `count × step`, where step = units × 10^-scale, so the digits are an integer
 * product and only the decimal point has to be placed.
 */
import { Dec, dec } from '../finance/decimal.js';

/** A positive decimal step as integer units at a decimal scale: 0.0005 → { units: 5n, scale: 4 }. */
export interface ScaledStep {
  units: bigint;
  /** `units` as a number, for the fast path when the product is a safe integer. */
  unitsNumber: number;
  scale: number;
  /** The step as a double, for turning a random draw into a count. */
  approx: number;
  exact: Dec;
}

/** Parse a positive decimal step (lot size, minor unit). */
export function toScaledStep(step: string | Dec): ScaledStep {
  const exact = dec(step);
  if (exact.lte(0)) throw new RangeError(`step must be > 0, got ${exact.toFixed()}`);
  const scale = Math.max(0, exact.decimalPlaces());
  const units = BigInt(exact.times(new Dec(10).pow(scale)).toFixed(0));
  return { units, unitsNumber: Number(units), scale, approx: exact.toNumber(), exact };
}

/** The step for a currency with `minorUnits` decimals: 2 → 0.01. */
export function minorUnitStep(minorUnits: number): ScaledStep {
  return toScaledStep(new Dec(10).pow(-minorUnits));
}

/** `count × step` as a plain decimal string with no trailing zeros (the `plain()` form). */
export function formatSteps(count: number, step: ScaledStep): string {
  const product = count * step.unitsNumber;
  // Doubles hold integers exactly up to 2^53; beyond that the BigInt path keeps every digit.
  const digits = Number.isSafeInteger(product) ? String(product) : (BigInt(count) * step.units).toString();
  if (step.scale === 0) return digits;
  const padded = digits.padStart(step.scale + 1, '0');
  const whole = padded.slice(0, padded.length - step.scale);
  const frac = padded.slice(padded.length - step.scale).replace(/0+$/, '');
  return frac.length > 0 ? `${whole}.${frac}` : whole;
}

/** Smallest count whose quantity is ≥ value (exact). */
export function ceilSteps(value: string, step: ScaledStep): number {
  return dec(value).div(step.exact).ceil().toNumber();
}

/** Largest count whose quantity is ≤ value (exact). */
export function floorSteps(value: string, step: ScaledStep): number {
  return dec(value).div(step.exact).floor().toNumber();
}
