/**
 * Deadlines of the resilience regimes' reporting clocks (regime-rules.ts): elapsed hours added to
 * the UTC instant, or calendar months added in the member state's civil time, then — where the
 * rule allows it — DORA's weekend and bank-holiday relief (Delegated Regulation (EU) 2025/301
 * Art. 5(4)): a deadline falling on a Saturday, Sunday or bank holiday of the member state may be
 * met by 12:00 (noon) local time of the next working day. Art. 5(5) withholds that relief for the
 * initial notification and the intermediate report from credit institutions, central
 * counterparties, trading-venue operators and NIS2 essential or important entities.
 *
 * `recheckRegimeDeadline` is the independent second route for the §10.4 self-check: it starts
 * from the row's strings, finds local dates with `toLocaleString` parts, walks days with `Date`
 * UTC arithmetic, and finds local noon by binary search over instants.
 */
import { addCalendarDays, civilDate, daysInMonth, isWeekend, localParts, localTimeToUtc, toLocalDate } from '../calendars/index.js';
import type { RegimeClockSpec } from './regime-rules.js';

/** The member state's civil calendar for the relief: its zone and bank holidays (weekends are always non-working). */
export interface NonWorkingDays {
  readonly timeZone: string;
  readonly bankHolidays: ReadonlySet<string>;
  /** Printed in the row's `calendar` column. */
  readonly label: string;
}

/** Whether the relief applies to this clock for this entity. */
export function reliefApplies(clock: RegimeClockSpec, entityExcluded: boolean): boolean {
  return clock.nonWorkingDayRelief === 'always' || (clock.nonWorkingDayRelief === 'unless_excluded' && !entityExcluded);
}

/** The deadline before any relief. */
export function rawDeadline(clock: RegimeClockSpec, startMs: number, timeZone: string | undefined): number {
  if (clock.basis === 'hours') return startMs + Math.round(clock.hours * 3_600_000);
  // Months: the same local time on the same day of the month `months` later, or that month's last day.
  if (timeZone === undefined) throw new RangeError('a month clock needs the time zone of its civil calendar');
  const p = localParts(startMs, timeZone);
  const index = p.year * 12 + (p.month - 1) + clock.months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const day = Math.min(p.day, daysInMonth(year, month));
  return localTimeToUtc(civilDate(year, month, day), timeZone, p.hour, p.minute, p.second, p.millisecond);
}

/** The deadline of a regime clock started at `startMs`; `days` supplies the relief when it applies. */
export function regimeDeadline(clock: RegimeClockSpec, startMs: number, days: NonWorkingDays | undefined, entityExcluded: boolean): number {
  const due = rawDeadline(clock, startMs, days?.timeZone);
  if (days === undefined || !reliefApplies(clock, entityExcluded)) return due;
  let date = toLocalDate(due, days.timeZone);
  const working = (d: string): boolean => !isWeekend(d) && !days.bankHolidays.has(d);
  if (working(date)) return due;
  do date = addCalendarDays(date, 1); while (!working(date));
  return localTimeToUtc(date, days.timeZone, 12);
}

// ---------------------------------------------------------------------------------------------
// The independent route

function localDayOf(ms: number, timeZone: string): string {
  const s = new Date(ms).toLocaleString('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour12: false });
  const [mm, dd, yyyy] = s.split(',')[0]!.split('/');
  return `${yyyy}-${mm}-${dd}`;
}

function localWall(ms: number, timeZone: string): string {
  // "MM/DD/YYYY, HH:MM:SS" → "YYYY-MM-DD HH:MM:SS" (sortable); hour 24 is midnight in some engines.
  const s = new Date(ms).toLocaleString('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  const [date, time] = s.split(', ');
  const [mm, dd, yyyy] = date!.split('/');
  return `${yyyy}-${mm}-${dd} ${time!.replace(/^24/, '00')}`;
}

/** The first instant whose local wall time is at or after `wall` ("YYYY-MM-DD HH:MM:SS"), by binary search. */
function firstInstantAtOrAfter(wall: string, timeZone: string): number {
  const guess = Date.parse(`${wall.replace(' ', 'T')}Z`);
  let lo = guess - 2 * 86_400_000;
  let hi = guess + 2 * 86_400_000;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (localWall(mid, timeZone) >= wall) hi = mid;
    else lo = mid;
  }
  return hi;
}

function weekdayUtc(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/**
 * Recompute a regime row's deadline (ISO UTC) from its clock start, by a second route; `days`
 * undefined when the row has no relief calendar.
 */
export function recheckRegimeDeadline(clockStartIso: string, clock: RegimeClockSpec, days: NonWorkingDays | undefined, entityExcluded: boolean): string {
  const start = Date.parse(clockStartIso);
  let due: number;
  if (clock.basis === 'hours') {
    const d = new Date(start);
    d.setUTCHours(d.getUTCHours() + clock.hours);
    due = d.getTime();
  } else {
    const zone = days!.timeZone;
    const wall = localWall(start, zone);
    const [y, mo, d] = wall.slice(0, 10).split('-').map(Number) as [number, number, number];
    const target = new Date(Date.UTC(y, mo - 1 + clock.months, 1));
    const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
    const day = Math.min(d, lastDay);
    const date = `${target.getUTCFullYear()}-${String(target.getUTCMonth() + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    due = firstInstantAtOrAfter(`${date} ${wall.slice(11)}`, zone) + (start % 1000);
  }
  const relief = clock.nonWorkingDayRelief === 'always' || (clock.nonWorkingDayRelief === 'unless_excluded' && !entityExcluded);
  if (days !== undefined && relief) {
    let date = localDayOf(due, days.timeZone);
    const off = (x: string): boolean => weekdayUtc(x) === 0 || weekdayUtc(x) === 6 || days.bankHolidays.has(x);
    if (off(date)) {
      do {
        const n = new Date(`${date}T00:00:00Z`);
        n.setUTCDate(n.getUTCDate() + 1);
        date = n.toISOString().slice(0, 10);
      } while (off(date));
      due = firstInstantAtOrAfter(`${date} 12:00:00`, days.timeZone);
    }
  }
  return new Date(due).toISOString();
}
