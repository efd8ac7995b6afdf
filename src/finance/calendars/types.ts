/**
 * Holiday calendar data types. Everything is plain JSON-serialisable data so a report can
 * print exactly which calendar (and which source) a deadline was computed with.
 */
import type { CivilDate } from './civil-date.js';

/**
 * How a holiday affects business/working-day counts.
 * - `public`: a full public holiday in the whole jurisdiction (not a business day).
 * - `substitute`: an additional/observed day because the holiday fell on a weekend (not a business day).
 * - `bank`: a bank holiday (e.g. NSW first Monday of August). The AML/CTF Act "business day"
 *   excludes bank holidays in the place concerned, so by default it is not a business day.
 * - `part_day`: e.g. Christmas Eve 18:00/19:00–midnight in QLD/SA/NT. Recorded, but the day is
 *   still a business day.
 * - `regional`: a holiday in part of the jurisdiction only (Brisbane Ekka, Hobart Regatta).
 *   Recorded on the state calendar but counted only on the regional calendar id.
 * - `restricted`: a holiday for some employees only (Tasmanian Easter Tuesday). Recorded, counted never.
 */
export type HolidayKind = 'public' | 'substitute' | 'bank' | 'part_day' | 'regional' | 'restricted';

/** One dated holiday. */
export interface Holiday {
  /** Local civil date. */
  readonly date: CivilDate;
  /** The holiday's name as the jurisdiction names it. */
  readonly name: string;
  readonly kind: HolidayKind;
  /** For substitutes: the date of the holiday that fell on a weekend. */
  readonly observedFor?: CivilDate;
  /** For part-day holidays: local times, e.g. `{ from: '19:00', to: '24:00' }`. */
  readonly partDay?: { readonly from: string; readonly to: string };
  /** For regional holidays: where it applies. */
  readonly region?: string;
  /** True where the date (or whether a substitute applies) was not verified against the source. */
  readonly verify?: boolean;
  /** Why the entry is as it is, or what to check. */
  readonly note?: string;
}

/** Where a calendar's dates come from. */
export interface CalendarSource {
  /** The official page name. */
  readonly name: string;
  readonly url: string;
}

/** A holiday calendar for one place, 2025–2028. */
export interface HolidayCalendar {
  /** e.g. `AU-NSW`, `AU-QLD-BNE`, `NZ`, `NZ-WGN`. */
  readonly id: string;
  readonly name: string;
  readonly country: 'AU' | 'NZ';
  /** IANA time zone in which the civil dates apply. */
  readonly timeZone: string;
  /** First and last year covered; dates outside throw rather than silently count as business days. */
  readonly years: readonly [number, number];
  readonly sources: readonly CalendarSource[];
  readonly holidays: readonly Holiday[];
  /** Regional calendars extend a parent: they count the parent's holidays plus their own. */
  readonly parent?: string;
  readonly note?: string;
}
