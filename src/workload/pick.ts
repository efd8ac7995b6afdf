/** Weighted choice with one uniform draw per pick. */
import type { Rng } from '../engine/rng.js';

/** Returns a picker over `items` with non-negative `weights` (at least one positive). */
export function createWeightedPicker<T>(items: readonly T[], weights: readonly number[], rng: Rng): () => T {
  if (items.length === 0 || items.length !== weights.length) throw new RangeError('weighted pick needs one weight per item and at least one item');
  const cumulative: number[] = [];
  let total = 0;
  for (const w of weights) {
    if (!(w >= 0)) throw new RangeError(`weights must be ≥ 0, got ${w}`);
    total += w;
    cumulative.push(total);
  }
  if (!(total > 0)) throw new RangeError('at least one weight must be positive');
  const last = items[items.length - 1] as T;
  if (items.length === 1) return () => last;
  return () => {
    const u = rng.next() * total;
    // Linear scan: instrument and tier lists are a handful of entries.
    for (let i = 0; i < cumulative.length; i++) if (u < (cumulative[i] as number)) return items[i] as T;
    return last;
  };
}
