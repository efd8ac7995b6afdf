/** Parsing of the text values found in data files: instants and decimals, with hints. */

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string; hint: string };

/** Epoch ms below this (3 March 1973) are almost certainly epoch seconds written by mistake. */
const SMALLEST_EPOCH_MS = 1e11;

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;

const TS_HINT = 'Write an ISO-8601 instant with a zone (2025-03-12T09:30:00.250Z or +11:00) or integer epoch milliseconds.';

/**
 * An ISO-8601 instant (with Z or an offset; digits beyond milliseconds are truncated) or integer
 * epoch milliseconds, to epoch ms. Calendar fields are range-checked (no 30 February).
 */
export function parseInstantText(raw: string): Parsed<number> {
  if (/^\d+$/.test(raw)) {
    const ms = Number(raw);
    if (!Number.isSafeInteger(ms)) return { ok: false, message: `"${raw}" is too large for epoch milliseconds`, hint: TS_HINT };
    if (ms < SMALLEST_EPOCH_MS) return { ok: false, message: `"${raw}" looks like epoch seconds, not milliseconds`, hint: 'Multiply by 1000, or write an ISO-8601 instant.' };
    return { ok: true, value: ms };
  }
  const m = ISO_INSTANT.exec(raw);
  if (m === null) {
    const noZone = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(raw);
    return noZone
      ? { ok: false, message: `"${raw}" has no time zone`, hint: 'Add Z for UTC or an offset such as +11:00; local times are ambiguous across DST.' }
      : { ok: false, message: `"${raw}" is not an ISO-8601 instant or epoch milliseconds`, hint: TS_HINT };
  }
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((k) => Number(m[k] ?? 0)) as [number, number, number, number, number, number];
  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return { ok: false, message: `"${raw}" is not a real date and time`, hint: TS_HINT };
  }
  let ms = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  if (m[8] === undefined) {
    const sign = m[9] === '-' ? -1 : 1;
    ms -= sign * (Number(m[10]) * 60 + Number(m[11])) * 60_000;
  }
  return { ok: true, value: ms };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/**
 * A plain decimal (no exponent, no thousands separators) that is > 0, normalised to the form a
 * Dec prints (`.50` → `0.50` keeps its digits; only a leading `+` or `.` is normalised).
 */
export function parsePositiveDecimalText(raw: string): Parsed<string> {
  if (!DECIMAL.test(raw)) {
    const hint = /[,_ ]/.test(raw)
      ? 'Remove thousands separators: write 1234.5, not 1,234.5.'
      : /e/i.test(raw)
        ? 'Write the number without an exponent, e.g. 0.00012 rather than 1.2e-4.'
        : 'Write a plain decimal such as 0.25 or 1500.';
    return { ok: false, message: `"${raw}" is not a decimal number`, hint };
  }
  let text = raw.startsWith('+') ? raw.slice(1) : raw;
  if (text.startsWith('-') || !/[1-9]/.test(text)) {
    return { ok: false, message: `${raw} must be greater than 0`, hint: 'Quantities and amounts are positive; the side or kind carries the direction.' };
  }
  if (text.startsWith('.')) text = `0${text}`;
  if (text.endsWith('.')) text = text.slice(0, -1);
  return { ok: true, value: text };
}

/** Decimal places written in a decimal text (`12.50` → 2). */
export function decimalPlacesOf(text: string): number {
  const dot = text.indexOf('.');
  return dot === -1 ? 0 : text.length - dot - 1;
}
