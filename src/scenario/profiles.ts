/**
 * Intraday profiles: piecewise-constant multipliers of a workload's base `rate_per_minute`,
 * expressed as offsets from the drill start (`ProfileModel`).
 *
 * - `flat`: 1× all the time.
 * - `sydney-open` (Australia/Sydney wall time, every day, DST-aware). Two peaks: the Sydney open of
 *   retail crypto and FX desks at 08:00 and the ASX open at 10:00:
 *   00:00–07:00 0.4 · 07:00–08:00 0.8 · 08:00–09:00 2.0 (peak) · 09:00–10:00 1.5 ·
 *   10:00–11:00 1.8 (second peak) · 11:00–17:00 1.0 · 17:00–24:00 0.6.
 * - `business-hours` (in `reporting.timezone`): 1.0 from 09:00 to 17:00 Monday–Friday, 0.2 at
 *   all other times (holidays are not considered).
 * - A list of `{ from, multiplier }`: as written, sorted by time; 1× before the first entry.
 */
import type { ProfileModel } from './model.js';
import { instantOfLocal, localDateAt, nextLocalDate, weekday, type LocalDate } from './zoned-time.js';

/** Local-hour bands of a named profile: from `hour` on, the multiplier applies (until the next band). */
type Bands = (date: LocalDate) => { hour: number; multiplier: number }[];

/** The `sydney-open` bands (see the module comment). */
export const SYDNEY_OPEN_BANDS: readonly { hour: number; multiplier: number }[] = [
  { hour: 0, multiplier: 0.4 },
  { hour: 7, multiplier: 0.8 },
  { hour: 8, multiplier: 2.0 },
  { hour: 9, multiplier: 1.5 },
  { hour: 10, multiplier: 1.8 },
  { hour: 11, multiplier: 1.0 },
  { hour: 17, multiplier: 0.6 },
];

const businessHoursBands: Bands = (date) => {
  const day = weekday(date);
  if (day === 0 || day === 6) return [{ hour: 0, multiplier: 0.2 }];
  return [
    { hour: 0, multiplier: 0.2 },
    { hour: 9, multiplier: 1.0 },
    { hour: 17, multiplier: 0.2 },
  ];
};

/** Build a named profile for the drill window [startMs, startMs + durationMs). */
export function namedProfile(name: 'flat' | 'sydney-open' | 'business-hours', startMs: number, durationMs: number, reportingTimeZone: string): ProfileModel {
  switch (name) {
    case 'flat':
      return [{ fromMs: 0, multiplier: 1 }];
    case 'sydney-open':
      return fromBands(() => [...SYDNEY_OPEN_BANDS], 'Australia/Sydney', startMs, durationMs);
    case 'business-hours':
      return fromBands(businessHoursBands, reportingTimeZone, startMs, durationMs);
  }
}

function fromBands(bands: Bands, timeZone: string, startMs: number, durationMs: number): ProfileModel {
  const endMs = startMs + durationMs;
  const profile: ProfileModel = [];
  let current = 1;
  let date = localDateAt(startMs, timeZone);
  // Walk local days from the start's local date until a day begins after the drill ends.
  for (let guard = 0; guard < 10_000 && instantOfLocal(date, 0, timeZone) < endMs; guard++) {
    for (const band of bands(date)) {
      const at = instantOfLocal(date, band.hour, timeZone);
      if (at <= startMs) current = band.multiplier;
      else if (at < endMs) push(profile, at - startMs, band.multiplier);
    }
    date = nextLocalDate(date);
  }
  profile.unshift({ fromMs: 0, multiplier: current });
  return merge(profile);
}

function push(profile: ProfileModel, fromMs: number, multiplier: number): void {
  profile.push({ fromMs, multiplier });
}

/** Drop entries that do not change the multiplier. */
function merge(profile: ProfileModel): ProfileModel {
  const out: ProfileModel = [];
  for (const entry of profile) {
    if (out.length > 0 && out[out.length - 1]!.multiplier === entry.multiplier) continue;
    out.push(entry);
  }
  return out;
}

/** A custom profile: entries sorted by offset; 1× before the first entry when it starts later. */
export function customProfile(entries: readonly { fromMs: number; multiplier: number }[]): ProfileModel {
  const sorted = [...entries].sort((a, b) => a.fromMs - b.fromMs);
  if (sorted.length === 0 || sorted[0]!.fromMs > 0) sorted.unshift({ fromMs: 0, multiplier: 1 });
  return merge(sorted.map((e) => ({ fromMs: Math.max(0, e.fromMs), multiplier: e.multiplier })));
}
