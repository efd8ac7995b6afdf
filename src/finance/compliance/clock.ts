/**
 * Deadline computation and status classification shared by regulatory rules and playbook
 * steps (finance-reference.md §5.1). This is the primary code path; `recompute.ts` is the
 * independent one used by the §10.4 self-check.
 */
import {
  addBusinessDays,
  addWorkingDays,
  dueDateDeadlineUtc,
  localDateIn,
  withinDaysAfter,
  type CalendarRef,
  type NzWorkingDayRule,
} from '../calendars/index.js';
import type { ClockSpec, ObligationStatus } from './types.js';

/** What a deadline computation needs besides the clock and its start. */
export interface DeadlineContext {
  readonly calendar: CalendarRef;
  readonly nzWorkingDayRule?: NzWorkingDayRule;
  readonly excludeBankHolidays?: boolean;
  /** For `before_effect`: when the transfer/order took effect. */
  readonly effectTs?: number;
}

/** The deadline (epoch ms UTC) of a clock started at `clockStartMs`; `undefined` for `none`. */
export function computeDeadline(clock: ClockSpec, clockStartMs: number, ctx: DeadlineContext): number | undefined {
  switch (clock.basis) {
    case 'hours':
      // Elapsed time: add to the UTC instant (§1.2); never wall-clock arithmetic.
      return clockStartMs + Math.round(clock.hours * 3_600_000);
    case 'minutes':
      return clockStartMs + Math.round(clock.minutes * 60_000);
    case 'business_days': {
      const due = addBusinessDays(localDateIn(clockStartMs, ctx.calendar), clock.days, ctx.calendar, { excludeBankHolidays: ctx.excludeBankHolidays ?? true });
      return dueDateDeadlineUtc(due, ctx.calendar);
    }
    case 'working_days': {
      const due = addWorkingDays(localDateIn(clockStartMs, ctx.calendar), clock.days, ctx.calendar, ctx.nzWorkingDayRule);
      return dueDateDeadlineUtc(due, ctx.calendar);
    }
    case 'calendar_days': {
      const due = withinDaysAfter(localDateIn(clockStartMs, ctx.calendar), clock.days, ctx.calendar, clock.roll);
      return dueDateDeadlineUtc(due, ctx.calendar);
    }
    case 'immediate':
      return clockStartMs + Math.round((clock.graceMinutes ?? 0) * 60_000);
    case 'before_effect':
      return ctx.effectTs ?? clockStartMs;
    case 'none':
      return undefined;
  }
}

/** Status and slack of one obligation instance. */
export interface Classification {
  readonly status: ObligationStatus;
  /** deadline − submitted, or deadline − drill end when not submitted (ms; negative = late/overdue). */
  readonly slackMs: number;
}

/**
 * Classify an obligation (§5.1):
 * - submitted on or before the deadline → ON_TIME; after it → LATE;
 * - not submitted and the deadline has passed at drill end → MISSED;
 * - not submitted, still open at drill end: AT_RISK if less than `atRiskFraction` (25%) of the
 *   window (deadline − clock start) is left, otherwise ON_TIME (open and on track; `submitted_ts` blank).
 */
export function classifyObligation(
  clockStartMs: number,
  deadlineMs: number,
  submittedMs: number | undefined,
  drillEndMs: number,
  atRiskFraction = 0.25,
): Classification {
  if (submittedMs !== undefined) {
    return { status: submittedMs <= deadlineMs ? 'ON_TIME' : 'LATE', slackMs: deadlineMs - submittedMs };
  }
  const remaining = deadlineMs - drillEndMs;
  if (remaining < 0) return { status: 'MISSED', slackMs: remaining };
  const window = deadlineMs - clockStartMs;
  // A zero-length window (immediate / pre-effect) still open at drill end has no room left.
  return { status: remaining < atRiskFraction * window || window <= 0 ? 'AT_RISK' : 'ON_TIME', slackMs: remaining };
}

/** Milliseconds as an exact decimal string of seconds (`-90.5`, `3600`), no float formatting. */
export function msToSeconds(ms: number): string {
  if (!Number.isInteger(ms)) throw new RangeError(`milliseconds must be an integer: ${ms}`);
  const neg = ms < 0;
  const abs = Math.abs(ms);
  const whole = Math.floor(abs / 1000);
  const frac = abs % 1000;
  const fracStr = frac === 0 ? '' : `.${String(frac).padStart(3, '0').replace(/0+$/, '')}`;
  return `${neg ? '-' : ''}${whole}${fracStr}`;
}

/** A short human rendering of a duration for assumption text (`PT5M`, `PT72H`, `P3DT4H`). */
export function isoDuration(ms: number): string {
  if (ms === 0) return 'PT0S';
  const neg = ms < 0;
  let rest = Math.abs(ms);
  const d = Math.floor(rest / 86_400_000);
  rest -= d * 86_400_000;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = rest / 1000;
  const time = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`;
  return `${neg ? '-' : ''}P${d ? `${d}D` : ''}${time ? `T${time}` : ''}`;
}
