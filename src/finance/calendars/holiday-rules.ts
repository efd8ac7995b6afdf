/**
 * Date rules behind public holidays: Easter, "n-th weekday of a month", "Monday nearest",
 * and the weekend-substitution patterns used in AU and NZ. The shipped calendars in `data/`
 * are literal dates (auditable against the government pages); these rules are how the data
 * was derived and how the unit tests cross-check it.
 */
import { addCalendarDays, civilDate, daysInMonth, weekdayOf, type CivilDate, type Weekday } from './civil-date.js';

/** Easter Sunday (Gregorian), by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): CivilDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return civilDate(year, month, day);
}

/** Easter Sunday plus `offset` days (−2 = Good Friday, +1 = Easter Monday). */
export function easterOffset(year: number, offset: number): CivilDate {
  return addCalendarDays(easterSunday(year), offset);
}

/** The n-th (1-based) given weekday of a month; n = −1 is the last one. */
export function nthWeekdayOfMonth(year: number, month: number, weekday: Weekday, n: number): CivilDate {
  if (n === -1) {
    const last = civilDate(year, month, daysInMonth(year, month));
    return addCalendarDays(last, -((weekdayOf(last) - weekday + 7) % 7));
  }
  if (!Number.isInteger(n) || n < 1 || n > 5) throw new RangeError(`n must be 1..5 or -1: ${n}`);
  const first = civilDate(year, month, 1);
  const result = addCalendarDays(first, ((weekday - weekdayOf(first) + 7) % 7) + 7 * (n - 1));
  if (Number(result.slice(5, 7)) !== month) throw new RangeError(`no ${n}th weekday ${weekday} in ${year}-${month}`);
  return result;
}

/** The first given weekday on or after a date. */
export function weekdayOnOrAfter(date: CivilDate, weekday: Weekday): CivilDate {
  return addCalendarDays(date, (weekday - weekdayOf(date) + 7) % 7);
}

/**
 * The Monday nearest a date, as NZ anniversary days are observed: Tue–Thu go back to the
 * previous Monday, Fri–Sun go forward to the next one.
 */
export function mondayNearest(date: CivilDate): CivilDate {
  const w = weekdayOf(date);
  if (w === 1) return date;
  if (w >= 2 && w <= 4) return addCalendarDays(date, 1 - w);
  return addCalendarDays(date, (8 - w) % 7);
}

/** The Monday after a weekend date; `undefined` for a weekday (no substitute needed). */
export function mondayIfWeekend(date: CivilDate): CivilDate | undefined {
  const w = weekdayOf(date);
  if (w === 6) return addCalendarDays(date, 2);
  if (w === 0) return addCalendarDays(date, 1);
  return undefined;
}

/**
 * Substitute days for two consecutive holidays (Christmas + Boxing Day; NZ 1 + 2 January)
 * when either falls on a weekend: each weekend one gets the first weekday after the pair
 * that is not already a holiday. Sat+Sun → Mon+Tue; Fri+Sat → Mon; Sun+Mon → Tue.
 * Returns `[original, substitute]` pairs.
 */
export function pairSubstitutes(first: CivilDate): Array<[CivilDate, CivilDate]> {
  const second = addCalendarDays(first, 1);
  const out: Array<[CivilDate, CivilDate]> = [];
  let next = addCalendarDays(second, 1);
  for (const d of [first, second]) {
    const w = weekdayOf(d);
    if (w !== 0 && w !== 6) continue;
    while (weekdayOf(next) === 0 || weekdayOf(next) === 6) next = addCalendarDays(next, 1);
    out.push([d, next]);
    next = addCalendarDays(next, 1);
  }
  return out;
}
