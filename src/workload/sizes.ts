/**
 * Trade sizes and payment amounts from a SizeModel, as integer counts of a step (lots or minor
 * units) so the per-item work is a few float operations; the exact decimal string is produced by
 * `formatSteps`. Bounds (min/max, lot) are converted to counts exactly, once.
 */
import type { Rng } from '../engine/rng.js';
import { dec } from '../finance/decimal.js';
import type { SizeModel } from '../scenario/model.js';
import { ceilSteps, floorSteps, type ScaledStep } from './scaled.js';

/** Draws one count of `step` per call. */
export type CountSampler = () => number;

/** How a raw draw becomes a count: trades truncate to the lot (LOT_SIZE), payments round half-even to the minor unit. */
export type Quantise = 'truncate' | 'half_even';

/**
 * Build a sampler for `size` in units of `step`.
 * - lognormal: median · exp(σ·Z); fixed: the median exactly; uniform: between min and max
 *   (defaults 0 and 2 × median, so the mean is the median).
 * - Clipped to [min, max] in whole steps (min rounds up, max down, so a clipped value stays in bounds).
 * - Never zero: a draw below one step is bumped to one step (not redrawn), which keeps exactly one
 *   draw per item so other fields' streams do not shift.
 */
export function createCountSampler(size: SizeModel, step: ScaledStep, quantise: Quantise, rng: Rng): CountSampler {
  const minCount = Math.max(1, size.min !== undefined ? ceilSteps(size.min, step) : 1);
  const maxCount = size.max !== undefined ? floorSteps(size.max, step) : Number.MAX_SAFE_INTEGER;
  const clamp = (count: number): number => {
    let c = count > maxCount ? maxCount : count;
    if (c < minCount) c = minCount;
    return c < 1 ? 1 : c;
  };
  const toCount = quantise === 'truncate' ? Math.floor : roundHalfEven;
  const median = dec(size.median);

  switch (size.distribution) {
    case 'fixed': {
      const exact = quantise === 'truncate' ? median.div(step.exact).floor() : median.div(step.exact).toDecimalPlaces(0);
      const count = clamp(exact.toNumber());
      return () => count;
    }
    case 'uniform': {
      const lo = size.min !== undefined ? Number(size.min) : 0;
      const hi = size.max !== undefined ? Number(size.max) : 2 * median.toNumber();
      const perStep = step.approx;
      return () => clamp(toCount((lo + rng.next() * (hi - lo)) / perStep));
    }
    case 'lognormal': {
      const m = median.toNumber();
      const sigma = size.sigma;
      const perStep = step.approx;
      return () => clamp(toCount((m * Math.exp(sigma * rng.normal())) / perStep));
    }
  }
}

/** Round half to even on a double (ties are rare for random draws, but the rule is stated). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
