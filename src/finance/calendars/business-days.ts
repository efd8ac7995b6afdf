/**
 * Business-day, working-day and calendar-day arithmetic on civil dates, and the conversion of
 * a due date into a UTC deadline (finance-reference.md §1.2).
 */
import { addCalendarDays, endOfLocalDayUtc, isWeekend, parseCivilDate, toLocalDate, type CivilDate } from './civil-date.js';
import { resolveCalendar, type CalendarRef, type ResolvedCalendar } from './registry.js';
import type { Holiday } from './types.js';

/** Options for what counts as a non-business day. */
export interface BusinessDayOptions {
  /**
   * Treat bank holidays (NSW first Monday of August) as non-business days. Default `true`:
   * the AML/CTF Act 2006 s5 and Corporations Act s9 "business day" both exclude "a public
   * holiday or bank holiday in the place concerned".
   */
  readonly excludeBankHolidays?: boolean;
}

/**
 * Which definition of an NZ "working day" to use.
 * - `aml_cft` (default): AML/CFT Act 2009 s5 / Legislation Act 2019 s13 style — not a weekend,
 *   Waitangi Day, Good Friday, Easter Monday, Anzac Day, the Sovereign's birthday, Matariki,
 *   Labour Day (Waitangi and Anzac Mondayised), and not in the period 25 December – 2 January.
 *   Anniversary days are not in that list. Marked [V] in the reference: verify before relying
 *   on December deadlines.
 * - `public_holidays`: weekends and every public holiday of the calendar (incl. Mondayised
 *   Christmas/New Year days and, on a regional calendar, the anniversary day); no December period.
 */
export interface NzWorkingDayRule {
  readonly definition: 'aml_cft' | 'public_holidays';
}

/** The default NZ working-day rule. */
export const DEFAULT_NZ_WORKING_DAY_RULE: NzWorkingDayRule = { definition: 'aml_cft' };

// Holiday names (without "(Mondayised)") on the AML/CFT Act's statutory list.
const NZ_STATUTORY_WORKING_DAY_EXCLUSIONS = new Set(['Waitangi Day', 'Good Friday', 'Easter Monday', 'Anzac Day', "King's Birthday", 'Matariki', 'Labour Day']);

function assertCovered(cal: ResolvedCalendar, date: CivilDate): void {
  const { year } = parseCivilDate(date);
  // Outside the shipped years every weekday would silently look like a business day.
  if (year < cal.years[0] || year > cal.years[1]) {
    throw new RangeError(`calendar ${cal.id} covers ${cal.years[0]}–${cal.years[1]}; ${date} is outside it`);
  }
}

function closes(h: Holiday, opts: BusinessDayOptions): boolean {
  if (h.kind === 'public' || h.kind === 'substitute') return true;
  if (h.kind === 'bank') return opts.excludeBankHolidays ?? true;
  return false; // part_day, regional (on the parent calendar), restricted
}

/** The holidays recorded on a date (any kind), own and inherited. */
export function holidaysOn(date: CivilDate, calendar: CalendarRef): readonly Holiday[] {
  const cal = resolveCalendar(calendar);
  assertCovered(cal, date);
  return cal.byDate.get(date) ?? [];
}

/** True if the date is not a weekend and not a (full) public, substitute or bank holiday in the calendar. */
export function isBusinessDay(date: CivilDate, calendar: CalendarRef, opts: BusinessDayOptions = {}): boolean {
  if (isWeekend(date)) return false;
  return !holidaysOn(date, calendar).some((h) => closes(h, opts));
}

/** True if the date falls in the NZ 25 December – 2 January period. */
export function isInNzChristmasPeriod(date: CivilDate): boolean {
  const md = date.slice(5);
  return md >= '12-25' || md <= '01-02';
}

/**
 * NZ working day under the chosen rule (default: AML/CFT Act definition, see {@link NzWorkingDayRule}).
 * On an AU calendar a "working day" is a business day.
 */
export function isWorkingDay(date: CivilDate, calendar: CalendarRef, rule: NzWorkingDayRule = DEFAULT_NZ_WORKING_DAY_RULE): boolean {
  const cal = resolveCalendar(calendar);
  if (cal.country !== 'NZ') return isBusinessDay(date, cal);
  if (rule.definition === 'public_holidays') return isBusinessDay(date, cal);
  if (isWeekend(date)) return false;
  assertCovered(cal, date);
  if (isInNzChristmasPeriod(date)) return false;
  return !holidaysOn(date, cal).some(
    (h) => (h.kind === 'public' || h.kind === 'substitute') && h.region === undefined && NZ_STATUTORY_WORKING_DAY_EXCLUSIONS.has(h.name.replace(/ \(Mondayised\)$/, '')),
  );
}

/**
 * The n-th business day after `date` (the day of the event excluded, counting forward):
 * `addBusinessDays('2025-04-17', 10, 'AU-NSW')` is `'2025-05-06'`. `n = 0` returns `date`.
 */
export function addBusinessDays(date: CivilDate, n: number, calendar: CalendarRef, opts: BusinessDayOptions = {}): CivilDate {
  return addCountedDays(date, n, (d) => isBusinessDay(d, calendar, opts));
}

/** The n-th working day after `date` (NZ definition on NZ calendars; business days on AU calendars). */
export function addWorkingDays(date: CivilDate, n: number, calendar: CalendarRef, rule: NzWorkingDayRule = DEFAULT_NZ_WORKING_DAY_RULE): CivilDate {
  return addCountedDays(date, n, (d) => isWorkingDay(d, calendar, rule));
}

function addCountedDays(date: CivilDate, n: number, counts: (d: CivilDate) => boolean): CivilDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`day count must be a non-negative integer: ${n}`);
  let d = date;
  let left = n;
  while (left > 0) {
    d = addCalendarDays(d, 1);
    if (counts(d)) left -= 1;
  }
  return d;
}

/** The first business day on or after `date`. */
export function rollToBusinessDay(date: CivilDate, calendar: CalendarRef, opts: BusinessDayOptions = {}): CivilDate {
  let d = date;
  while (!isBusinessDay(d, calendar, opts)) d = addCalendarDays(d, 1);
  return d;
}

/**
 * "Within N days after X" (ASIC breach reporting, s912DAA with the Acts Interpretation Act
 * s36 rules): count calendar days excluding the day of X; if the last day is a weekend or
 * public holiday in the place, the act may be done on the next business day (`roll`).
 */
export function withinDaysAfter(date: CivilDate, n: number, calendar: CalendarRef, roll: 'next_business_day' | 'none' = 'next_business_day'): CivilDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`day count must be a non-negative integer: ${n}`);
  const last = addCalendarDays(date, n);
  return roll === 'next_business_day' ? rollToBusinessDay(last, calendar) : last;
}

/** The civil date of a UTC instant in the calendar's time zone. */
export function localDateIn(ms: number, calendar: CalendarRef): CivilDate {
  return toLocalDate(ms, resolveCalendar(calendar).timeZone);
}

/** A due date's deadline: 23:59:59.999 local time in the calendar's zone, as a UTC instant (ms). */
export function dueDateDeadlineUtc(date: CivilDate, calendar: CalendarRef): number {
  return endOfLocalDayUtc(date, resolveCalendar(calendar).timeZone);
}

/** Elapsed-hour clocks: hours are added to the UTC instant, so DST changes cannot shift them. */
export function addElapsedHours(ms: number, hours: number): number {
  if (!Number.isFinite(hours)) throw new RangeError(`hours must be finite: ${hours}`);
  return ms + Math.round(hours * 3_600_000);
}

export { addCalendarDays };
