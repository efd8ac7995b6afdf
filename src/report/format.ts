/** Formatting at the reporting boundary: the one place where numbers are rounded for people. */
import { dec, fixed, minorUnits, plain, type Dec } from '../finance/decimal.js';

/** Amount rounded once, half-even, to the currency's minor unit (finance-reference.md §1.1.3). */
export function money(value: Dec, ccy: string): string {
  return fixed(value, minorUnits(ccy), 'half_even');
}

/** Money with thousands separators and currency, for prose: "−12,803.85 AUD". */
export function moneyText(value: Dec, ccy: string): string {
  const s = money(value, ccy);
  const negative = s.startsWith('-');
  const [int = '0', frac] = (negative ? s.slice(1) : s).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '−' : ''}${grouped}${frac === undefined ? '' : `.${frac}`} ${ccy}`;
}

/** A quantity or price at full precision, no exponent. */
export function exact(value: Dec): string {
  return plain(value);
}

/** A fixed number of places, half-even. */
export function places(value: Dec, dp: number): string {
  return fixed(value, dp, 'half_even');
}

const DAY_MS = 86_400_000;
// The last UTC day formatted: a report formats tens of thousands of instants, mostly on one day,
// and Date#toISOString per instant was most of events.csv's time column.
let lastDay = Number.NaN;
let lastDayPrefix = '';

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** ISO-8601 UTC with milliseconds, or empty. */
export function isoUtc(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '';
  // Integer instants well inside Date's range: the day's "YYYY-MM-DDT" from Date once per day, the
  // time of day by arithmetic; the same text as toISOString. Anything else goes through Date.
  if (!Number.isInteger(ms) || Math.abs(ms) > 8.64e15 - DAY_MS) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY_MS);
  if (day !== lastDay) {
    const iso = new Date(day * DAY_MS).toISOString();
    lastDayPrefix = iso.slice(0, iso.length - 13);
    lastDay = day;
  }
  const r = ms - day * DAY_MS;
  const milli = r % 1000;
  const s = (r - milli) / 1000;
  const sec = s % 60;
  const m = (s - sec) / 60;
  const min = m % 60;
  const hour = (m - min) / 60;
  return `${lastDayPrefix}${pad2(hour)}:${pad2(min)}:${pad2(sec)}.${milli < 10 ? `00${milli}` : milli < 100 ? `0${milli}` : milli}Z`;
}

/** Seconds with up to 3 decimals, or empty. */
export function seconds(s: number | null | undefined): string {
  if (s === null || s === undefined) return '';
  return Number.isInteger(s) ? String(s) : s.toFixed(3).replace(/0+$/, '').replace(/\.$/, '');
}

/** "2m 30s" style durations for prose. */
export function durationText(s: number | null | undefined): string {
  if (s === null || s === undefined) return 'n/a';
  const total = Math.round(s);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  const parts: string[] = [];
  if (h > 0) parts.push(`${h}h`);
  if (m > 0) parts.push(`${m}m`);
  if (sec > 0 || parts.length === 0) parts.push(`${sec}s`);
  return parts.join(' ');
}

/** Local wall time for an extra column ("2025-04-08 08:15:00 AEST"). */
export function localTime(ms: number, timeZone: string): string {
  const f = new Intl.DateTimeFormat('en-AU', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, timeZoneName: 'short',
  });
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour === '24' ? '00' : p.hour}:${p.minute}:${p.second} ${p.timeZoneName ?? ''}`.trim();
}

/** Parse then format a decimal string at dp places. */
export function decimalText(value: string, dp: number): string {
  return fixed(dec(value), dp, 'half_even');
}
