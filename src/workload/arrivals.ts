/**
 * Poisson arrival times with a piecewise-constant rate. Within each profile segment the gaps are
 * exponential with that segment's rate; at a segment boundary the process restarts at the boundary,
 * which is exact because the exponential is memoryless (no thinning, no rejected draws).
 */
import type { Rng } from '../engine/rng.js';
import type { ProfileModel } from '../scenario/model.js';

const MS_PER_MINUTE = 60_000;

/** A stretch of the drill with one arrival rate: [fromMs, toMs) as offsets from the start. */
export interface RateSegment {
  fromMs: number;
  toMs: number;
  /** Arrivals per minute in this segment. */
  ratePerMinute: number;
}

/**
 * Split [0, durationMs) into segments of `ratePerMinute × multiplier`. Before the profile's first
 * entry the multiplier is 1; an empty profile is flat.
 */
export function resolveSegments(ratePerMinute: number, profile: ProfileModel, durationMs: number): RateSegment[] {
  const points = [...profile].sort((a, b) => a.fromMs - b.fromMs);
  const segments: RateSegment[] = [];
  let from = 0;
  let multiplier = 1;
  for (const point of points) {
    const at = Math.min(Math.max(point.fromMs, 0), durationMs);
    if (at > from) segments.push({ fromMs: from, toMs: at, ratePerMinute: ratePerMinute * multiplier });
    from = Math.max(from, at);
    multiplier = point.multiplier;
  }
  if (durationMs > from) segments.push({ fromMs: from, toMs: durationMs, ratePerMinute: ratePerMinute * multiplier });
  return segments;
}

/**
 * Arrival times as integer epoch ms in [startMs, endMs), non-decreasing. One uniform draw per
 * arrival plus one per segment (the draw that overshoots it).
 */
export function generateArrivals(ratePerMinute: number, profile: ProfileModel, startMs: number, endMs: number, rng: Rng): number[] {
  const times: number[] = [];
  for (const segment of resolveSegments(ratePerMinute, profile, endMs - startMs)) {
    const perMs = segment.ratePerMinute / MS_PER_MINUTE;
    if (!(perMs > 0)) continue;
    let t = segment.fromMs;
    for (;;) {
      // 1 − u is in (0, 1], so the log is finite.
      t += -Math.log(1 - rng.next()) / perMs;
      if (t >= segment.toMs) break;
      times.push(startMs + Math.floor(t));
    }
  }
  return times;
}
