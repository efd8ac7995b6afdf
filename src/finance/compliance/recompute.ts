/**
 * Independent recomputation of every deadline in `compliance.csv` for the §10.4 self-check
 * "every compliance deadline recomputed independently from clock_start, basis and calendar".
 *
 * Deliberately a different code path from `clock.ts`: it starts from the row's strings, walks
 * the calendar day by day with `Date` UTC arithmetic and a linear scan of the holiday list,
 * finds local dates with `toLocaleDateString`, and finds the end of the local day by binary
 * search over instants rather than by offset arithmetic.
 */
import { resolveCalendar, type Holiday, type NzWorkingDayRule } from '../calendars/index.js';
import { playbookObligationId, resolvePlaybook, type PlaybookConfig } from './playbook.js';
import { ALL_RULES } from './rules.js';
import { calendarFor } from './evaluate.js';
import type { ClockSpec, ComplianceConfig, ComplianceRow, ComplianceRule } from './types.js';

/** What the recomputation needs to find each row's clock. */
export interface RecomputeContext {
  readonly config?: ComplianceConfig;
  readonly playbook?: PlaybookConfig;
  readonly rules?: readonly ComplianceRule[];
}

/** One disagreement between the reported and the recomputed deadline. */
export interface DeadlineMismatch {
  readonly obligation_id: string;
  readonly trigger_event_id: string;
  readonly reported: string;
  readonly recomputed: string;
}

/** Result of the self-check. */
export interface DeadlineCheck {
  readonly pass: boolean;
  readonly checked: number;
  readonly mismatches: readonly DeadlineMismatch[];
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

function localDay(ms: number, timeZone: string): string {
  // en-CA renders YYYY-MM-DD. One formatter per zone: building one per call (toLocaleDateString)
  // made the recomputation of a few thousand deadlines take seconds.
  let f = dayFormatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormatters.set(timeZone, f);
  }
  return f.format(ms);
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

// By `${timeZone}|${date}`: a memo of this route's own search (deadlines share a few local days),
// so the route stays independent of clock.ts while not searching the same day twice.
const lastInstants = new Map<string, number>();

function lastInstantOfLocalDay(date: string, timeZone: string): number {
  const key = `${timeZone}|${date}`;
  let ms = lastInstants.get(key);
  if (ms === undefined) lastInstants.set(key, (ms = searchLastInstantOfLocalDay(date, timeZone)));
  return ms;
}

function searchLastInstantOfLocalDay(date: string, timeZone: string): number {
  // Largest instant whose local date is ≤ `date`: binary search in a ±2-day bracket (UTC offsets are < 15 h).
  let lo = Date.parse(`${date}T00:00:00Z`) - 86_400_000;
  let hi = Date.parse(`${date}T00:00:00Z`) + 2 * 86_400_000;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (localDay(mid, timeZone) <= date) lo = mid;
    else hi = mid;
  }
  return lo;
}

function isWeekendDay(date: string): boolean {
  const w = new Date(`${date}T00:00:00Z`).getUTCDay();
  return w === 0 || w === 6;
}

function dayCounter(holidays: readonly Holiday[], country: 'AU' | 'NZ', mode: 'business' | 'working', nzRule: NzWorkingDayRule | undefined, excludeBank: boolean): (date: string) => boolean {
  const statutory = ['Waitangi Day', 'Good Friday', 'Easter Monday', 'Anzac Day', "King's Birthday", 'Matariki', 'Labour Day'];
  const useNzStatutory = mode === 'working' && country === 'NZ' && (nzRule?.definition ?? 'aml_cft') === 'aml_cft';
  return (date) => {
    if (isWeekendDay(date)) return false;
    if (useNzStatutory) {
      const md = date.slice(5);
      if (md >= '12-25' || md <= '01-02') return false;
      return !holidays.some((h) => h.date === date && h.region === undefined && (h.kind === 'public' || h.kind === 'substitute') && statutory.some((n) => h.name === n || h.name === `${n} (Mondayised)`));
    }
    return !holidays.some((h) => h.date === date && (h.kind === 'public' || h.kind === 'substitute' || (h.kind === 'bank' && excludeBank)));
  };
}

/** Recompute one row's deadline (ISO UTC) from `clock_start_ts`, `clock_basis`, `calendar` and the rule's clock. */
export function recomputeDeadline(row: ComplianceRow, clock: ClockSpec, ctx: RecomputeContext = {}, effectTs?: string): string {
  return recompute(row, clock, ctx, effectTs, undefined);
}

/**
 * `recomputeDeadline`, with an optional memo of day-based deadlines by `obligation|calendar|start
 * day` (valid within one `checkDeadlines` call, where the clock of an obligation id and the
 * configuration are fixed): such a deadline is a function of the local start day, and a drill's
 * thousands of rows start on a few days.
 */
function recompute(row: ComplianceRow, clock: ClockSpec, ctx: RecomputeContext, effectTs: string | undefined, memo: Map<string, string> | undefined): string {
  if (row.clock_start_ts === '') return '';
  const start = Date.parse(row.clock_start_ts);
  const config = ctx.config ?? {};
  const cal = resolveCalendar(calendarFor(row.calendar, config));
  const dayBased = clock.basis === 'business_days' || clock.basis === 'working_days' || clock.basis === 'calendar_days';
  const startDay = dayBased ? localDay(start, cal.timeZone) : '';
  // Ids are free text (playbook steps, custom calendars): a JSON array keeps them apart.
  const key = JSON.stringify([row.obligation_id, row.calendar, startDay]);
  const known = dayBased ? memo?.get(key) : undefined;
  if (known !== undefined) return known;
  const counts = (mode: 'business' | 'working'): ((d: string) => boolean) =>
    dayCounter(cal.holidays, cal.country, mode, config.nzWorkingDayRule, config.excludeBankHolidays ?? true);
  const walk = (n: number, ok: (d: string) => boolean): string => {
    let d = startDay;
    for (let i = 0; i < n; ) {
      d = nextDay(d);
      if (ok(d)) i += 1;
    }
    return d;
  };
  let ms: number | undefined;
  switch (clock.basis) {
    case 'hours': {
      const d = new Date(start);
      d.setUTCMilliseconds(d.getUTCMilliseconds() + Math.round(clock.hours * 3_600_000));
      ms = d.getTime();
      break;
    }
    case 'minutes': {
      const d = new Date(start);
      d.setUTCMilliseconds(d.getUTCMilliseconds() + Math.round(clock.minutes * 60_000));
      ms = d.getTime();
      break;
    }
    case 'business_days':
      ms = lastInstantOfLocalDay(walk(clock.days, counts('business')), cal.timeZone);
      break;
    case 'working_days':
      ms = lastInstantOfLocalDay(walk(clock.days, counts(cal.country === 'NZ' ? 'working' : 'business')), cal.timeZone);
      break;
    case 'calendar_days': {
      let due = walk(clock.days, () => true);
      const ok = counts('business');
      if (clock.roll === 'next_business_day') while (!ok(due)) due = nextDay(due);
      ms = lastInstantOfLocalDay(due, cal.timeZone);
      break;
    }
    case 'immediate':
      ms = start + Math.round((clock.graceMinutes ?? 0) * 60_000);
      break;
    case 'before_effect':
      ms = effectTs !== undefined && effectTs !== '' ? Date.parse(effectTs) : start;
      break;
    case 'none':
      return '';
  }
  const deadline = new Date(ms).toISOString();
  if (dayBased) memo?.set(key, deadline);
  return deadline;
}

/**
 * The §10.4 self-check: recompute every row's deadline independently and compare.
 * `effectTsById` supplies, for `before_effect` rows, the effect instant by trigger id
 * (it is not a compliance.csv column; the engine's events carry it).
 */
export function checkDeadlines(rows: readonly ComplianceRow[], ctx: RecomputeContext = {}, effectTsById: Readonly<Record<string, string>> = {}): DeadlineCheck {
  const rules = new Map((ctx.rules ?? ALL_RULES).map((r) => [r.id, r.clock]));
  for (const s of resolvePlaybook(ctx.playbook)) rules.set(playbookObligationId(s.id), s.clock);
  const mismatches: DeadlineMismatch[] = [];
  const memo = new Map<string, string>();
  let checked = 0;
  for (const row of rows) {
    if (row.deadline_ts === '' && row.clock_start_ts === '') continue;
    const clock = rules.get(row.obligation_id);
    if (!clock) {
      mismatches.push({ obligation_id: row.obligation_id, trigger_event_id: row.trigger_event_id, reported: row.deadline_ts, recomputed: 'unknown obligation id' });
      continue;
    }
    checked += 1;
    const re = recompute(row, clock, ctx, effectTsById[row.trigger_event_id], memo);
    if (re !== row.deadline_ts) mismatches.push({ obligation_id: row.obligation_id, trigger_event_id: row.trigger_event_id, reported: row.deadline_ts, recomputed: re });
  }
  return { pass: mismatches.length === 0, checked, mismatches };
}
