/**
 * The built-in calendars, lookup by id, and composition of a regional calendar with its parent.
 */
import { AU_ACT } from './data/au-act.js';
import { AU_NSW } from './data/au-nsw.js';
import { AU_NT } from './data/au-nt.js';
import { AU_QLD, AU_QLD_BNE } from './data/au-qld.js';
import { AU_SA } from './data/au-sa.js';
import { AU_TAS, AU_TAS_N, AU_TAS_S } from './data/au-tas.js';
import { AU_VIC } from './data/au-vic.js';
import { AU_WA } from './data/au-wa.js';
import { NZ_NATIONAL } from './data/nz.js';
import { NZ_AKL, NZ_CAN, NZ_CIT, NZ_HKB, NZ_MBH, NZ_NSN, NZ_OTA, NZ_STL, NZ_TKI, NZ_WGN, NZ_WTC } from './data/nz-regional.js';
import type { CalendarSource, Holiday, HolidayCalendar } from './types.js';

/** Every built-in calendar, by id. */
export const BUILTIN_CALENDARS: Readonly<Record<string, HolidayCalendar>> = Object.freeze(
  Object.fromEntries(
    [
      AU_NSW, AU_VIC, AU_QLD, AU_QLD_BNE, AU_SA, AU_WA, AU_TAS, AU_TAS_S, AU_TAS_N, AU_ACT, AU_NT,
      NZ_NATIONAL, NZ_WGN, NZ_AKL, NZ_NSN, NZ_TKI, NZ_OTA, NZ_STL, NZ_HKB, NZ_MBH, NZ_CAN, NZ_WTC, NZ_CIT,
    ].map((c) => [c.id, c]),
  ),
);

/** A calendar given by id (built-in) or as data (e.g. a custom regional calendar from config). */
export type CalendarRef = string | HolidayCalendar;

/** Ids of the built-in calendars, sorted. */
export function listCalendarIds(): string[] {
  return Object.keys(BUILTIN_CALENDARS).sort();
}

/**
 * A calendar with its parent's holidays merged in, and a lookup index. Regional calendars
 * (`AU-QLD-BNE`, `NZ-WGN`) count their parent's holidays plus their own.
 */
export interface ResolvedCalendar {
  readonly id: string;
  readonly name: string;
  readonly country: 'AU' | 'NZ';
  readonly timeZone: string;
  readonly years: readonly [number, number];
  readonly sources: readonly CalendarSource[];
  /** All holidays, own and inherited, sorted by date. */
  readonly holidays: readonly Holiday[];
  /** Holidays by civil date. */
  readonly byDate: ReadonlyMap<string, readonly Holiday[]>;
  /** Ids from the root to this calendar, e.g. `['NZ', 'NZ-WGN']`. */
  readonly lineage: readonly string[];
}

const RESOLVED = new WeakMap<HolidayCalendar, ResolvedCalendar>();

/** Look up a built-in calendar; throws with the list of valid ids when unknown. */
export function getCalendar(id: string): HolidayCalendar {
  const c = BUILTIN_CALENDARS[id];
  if (!c) throw new RangeError(`unknown holiday calendar '${id}'; known: ${listCalendarIds().join(', ')}`);
  return c;
}

/** Resolve a calendar reference (merging parents) and index it. Results are memoised per calendar object. */
export function resolveCalendar(ref: CalendarRef): ResolvedCalendar {
  const cal = typeof ref === 'string' ? getCalendar(ref) : ref;
  const cached = RESOLVED.get(cal);
  if (cached) return cached;
  const parent = cal.parent ? resolveCalendar(cal.parent) : undefined;
  // A regional calendar's own entries override the parent's entry of the same name and date
  // (the state calendar records the Ekka as `regional`; AU-QLD-BNE counts it as `public`).
  const own = new Set(cal.holidays.map((h) => `${h.date}|${h.name}`));
  const inherited = (parent?.holidays ?? []).filter((h) => !own.has(`${h.date}|${h.name}`));
  const holidays = [...inherited, ...cal.holidays].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const byDate = new Map<string, Holiday[]>();
  for (const h of holidays) {
    const list = byDate.get(h.date);
    if (list) list.push(h);
    else byDate.set(h.date, [h]);
  }
  const years: readonly [number, number] = parent
    ? [Math.max(parent.years[0], cal.years[0]), Math.min(parent.years[1], cal.years[1])]
    : cal.years;
  const resolved: ResolvedCalendar = {
    id: cal.id,
    name: cal.name,
    country: cal.country,
    timeZone: cal.timeZone,
    years,
    sources: [...(parent?.sources ?? []), ...cal.sources],
    holidays,
    byDate,
    lineage: [...(parent?.lineage ?? []), cal.id],
  };
  RESOLVED.set(cal, resolved);
  return resolved;
}

/**
 * Define a calendar that extends another with extra holidays — the way to add an anniversary
 * day, a local show day or a one-off proclaimed holiday without editing the shipped data.
 */
export function extendCalendar(
  parent: string,
  spec: { id: string; name: string; holidays: readonly Holiday[]; sources?: readonly CalendarSource[]; timeZone?: string; note?: string },
): HolidayCalendar {
  const base = getCalendar(parent);
  return {
    id: spec.id,
    name: spec.name,
    country: base.country,
    timeZone: spec.timeZone ?? base.timeZone,
    years: base.years,
    sources: spec.sources ?? [],
    holidays: spec.holidays,
    parent,
    ...(spec.note ? { note: spec.note } : {}),
  };
}

/** Every built-in holiday entry marked `verify: true`, for the report and docs. */
export function holidaysToVerify(): Array<{ calendar: string; date: string; name: string; note: string }> {
  return Object.values(BUILTIN_CALENDARS).flatMap((c) =>
    c.holidays.filter((h) => h.verify === true).map((h) => ({ calendar: c.id, date: h.date, name: h.name, note: h.note ?? '' })),
  );
}
