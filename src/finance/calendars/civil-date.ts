/**
 * Civil (calendar) dates and their relation to UTC instants.
 *
 * A civil date is a plain `YYYY-MM-DD` string: JSON-serialisable, sortable as text, and free of
 * any time zone. Business-day rules are about civil dates "in the place concerned"
 * (finance-reference.md §1.2), so instants are converted to the calendar's local date with
 * `Intl.DateTimeFormat` — a deterministic function of the instant and the IANA zone, not a
 * wall-clock read.
 */

/** A civil date, `YYYY-MM-DD` (proleptic Gregorian). */
export type CivilDate = string;

/** Day of week, 0 = Sunday … 6 = Saturday (as `Date.prototype.getUTCDay`). */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

const DAY_MS = 86_400_000;
const CIVIL_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parse a civil date into numeric parts; throws on malformed or impossible dates. */
export function parseCivilDate(date: CivilDate): { year: number; month: number; day: number } {
  const m = CIVIL_RE.exec(date);
  if (!m) throw new RangeError(`not a civil date (YYYY-MM-DD): ${date}`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`impossible civil date: ${date}`);
  }
  return { year, month, day };
}

/** Build a civil date from parts (month 1–12). */
export function civilDate(year: number, month: number, day: number): CivilDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Number of days in a month (month 1–12). */
export function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one; UTC arithmetic has no DST.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Days since 1970-01-01 for a civil date (a day ordinal, independent of any zone). */
export function toDayNumber(date: CivilDate): number {
  const { year, month, day } = parseCivilDate(date);
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** Inverse of {@link toDayNumber}. */
export function fromDayNumber(n: number): CivilDate {
  const d = new Date(n * DAY_MS);
  return civilDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** Day of week of a civil date (0 = Sunday). */
export function weekdayOf(date: CivilDate): Weekday {
  return new Date(toDayNumber(date) * DAY_MS).getUTCDay() as Weekday;
}

/** True for Saturday and Sunday. */
export function isWeekend(date: CivilDate): boolean {
  const w = weekdayOf(date);
  return w === 0 || w === 6;
}

/** Add (or subtract) whole calendar days to a civil date. */
export function addCalendarDays(date: CivilDate, n: number): CivilDate {
  if (!Number.isInteger(n)) throw new RangeError(`day count must be an integer: ${n}`);
  return fromDayNumber(toDayNumber(date) + n);
}

// One formatter per zone: constructing Intl formatters is slow and they are immutable.
const FORMATTERS = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = FORMATTERS.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    FORMATTERS.set(timeZone, f);
  }
  return f;
}

/** Local wall-clock parts of a UTC instant in an IANA zone. */
export function localParts(
  ms: number,
  timeZone: string,
): { year: number; month: number; day: number; hour: number; minute: number; second: number; millisecond: number } {
  if (!Number.isFinite(ms)) throw new RangeError(`not a finite instant: ${ms}`);
  const parts = formatterFor(timeZone).formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
    millisecond: ((ms % 1000) + 1000) % 1000,
  };
}

/** The civil date, in `timeZone`, on which the UTC instant `ms` falls. */
export function toLocalDate(ms: number, timeZone: string): CivilDate {
  // A drill asks this for thousands of instants on the same one or two local days (compliance
  // triggers and deadlines), and each Intl lookup costs ~10 µs: remember each zone's last day.
  const span = LAST_DAY.get(timeZone);
  if (span !== undefined && ms >= span.from && ms <= span.to) return span.date;
  const date = lookUpLocalDate(ms, timeZone);
  const next = daySpan(date, timeZone);
  if (next !== undefined) LAST_DAY.set(timeZone, next);
  return date;
}

function lookUpLocalDate(ms: number, timeZone: string): CivilDate {
  const p = localParts(ms, timeZone);
  return civilDate(p.year, p.month, p.day);
}

/** The UTC instants (inclusive) of one local day, for toLocalDate's memo. */
interface DaySpan {
  from: number;
  to: number;
  date: CivilDate;
}

const LAST_DAY = new Map<string, DaySpan>();

/**
 * The span of `date` in `timeZone`, or undefined when it cannot be trusted. It is kept only when both
 * ends fall on `date` and have the same UTC offset: then, with at most one offset change per local
 * day, no change happened in between and every instant between the ends is on `date`. A day with a
 * DST change (or a repeated 23:59:59.999) is simply looked up every time.
 */
function daySpan(date: CivilDate, timeZone: string): DaySpan | undefined {
  const from = endOfLocalDayUtc(addCalendarDays(date, -1), timeZone) + 1;
  const to = endOfLocalDayUtc(date, timeZone);
  if (!(from < to) || utcOffsetMs(from, timeZone) !== utcOffsetMs(to, timeZone)) return undefined;
  if (lookUpLocalDate(from, timeZone) !== date || lookUpLocalDate(to, timeZone) !== date) return undefined;
  return { from, to, date };
}

/** Offset of local time from UTC at instant `ms`, in milliseconds (e.g. +11 h for AEDT). */
export function utcOffsetMs(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, p.millisecond);
  return asUtc - ms;
}

/**
 * The UTC instant of a local wall-clock time. For a repeated hour (DST ends) the earlier
 * instant is returned; a skipped time (DST starts) is shifted forward by the gap, as
 * Temporal's "compatible" disambiguation does. Day-end deadlines (23:59:59.999) never hit either case in AU/NZ zones,
 * whose transitions happen at 02:00/03:00 local.
 */
export function localTimeToUtc(date: CivilDate, timeZone: string, hour = 0, minute = 0, second = 0, millisecond = 0): number {
  const { year, month, day } = parseCivilDate(date);
  const naive = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  // The true offset is one of the offsets in force within a day either side of the naive instant.
  const offsets = new Set([utcOffsetMs(naive - 86_400_000, timeZone), utcOffsetMs(naive, timeZone), utcOffsetMs(naive + 86_400_000, timeZone)]);
  const candidates = [...offsets].map((o) => naive - o);
  const exact = candidates.filter((c) => {
    const p = localParts(c, timeZone);
    return civilDate(p.year, p.month, p.day) === date && p.hour === hour && p.minute === minute && p.second === second;
  });
  return exact.length > 0 ? Math.min(...exact) : Math.max(...candidates);
}

// By `${timeZone}|${date}`: a drill's deadlines fall on a few local days, and each end of day
// costs several Intl formats. The zone rules do not change within a process, so the value is fixed.
const END_OF_DAY = new Map<string, number>();

/** The last millisecond of a local civil day (23:59:59.999 local) as a UTC instant. */
export function endOfLocalDayUtc(date: CivilDate, timeZone: string): number {
  const key = `${timeZone}|${date}`;
  let ms = END_OF_DAY.get(key);
  if (ms === undefined) END_OF_DAY.set(key, (ms = localTimeToUtc(date, timeZone, 23, 59, 59, 999)));
  return ms;
}

/** The first millisecond of a local civil day (00:00:00.000 local) as a UTC instant. */
export function startOfLocalDayUtc(date: CivilDate, timeZone: string): number {
  return localTimeToUtc(date, timeZone, 0, 0, 0, 0);
}

/** ISO-8601 UTC with milliseconds and `Z` (the report format for instants). */
export function toIsoUtc(ms: number): string {
  return new Date(ms).toISOString();
}

/** Parse an ISO-8601 instant with an explicit offset or `Z`; rejects zone-less strings. */
export function parseIsoInstant(iso: string): number {
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(iso)) throw new RangeError(`instant needs an explicit offset or Z: ${iso}`);
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO-8601 instant: ${iso}`);
  return ms;
}

/** Local ISO-like rendering `YYYY-MM-DDTHH:MM:SS.mmm±HH:MM`, for extra "local time" columns. */
export function toIsoLocal(ms: number, timeZone: string): string {
  const p = localParts(ms, timeZone);
  const off = utcOffsetMs(ms, timeZone) / 60_000;
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${civilDate(p.year, p.month, p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}.${pad(p.millisecond, 3)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
