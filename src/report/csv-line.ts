/**
 * One CSV line: the single place every CSV file faultline writes (events.csv, the report tables,
 * comparison.csv) turns fields into text. RFC 4180 quoting as csv-stringify does it (quote a field
 * holding a comma, quote or line break; double the quotes; LF after every record), plus the OWASP
 * defence against formula injection: a field a spreadsheet would run as a formula gets a leading
 * single quote, which spreadsheets take as "this cell is text" (docs/finance.md, "Reading the CSVs").
 *
 * Hand-rolled rather than csv-stringify: at 100k+ rows per drill the generic stringifier (a cast and
 * an options lookup per field) and an object per row cost more than the drill itself. Almost no
 * field needs quotes or the prefix: those lines are one `join` (a flat string built in one go).
 */

const NEEDS_QUOTES = /[",\r\n]/;
/** A plain number (what the report's own figures are): `-12.5`, `+3`, `1e-7`. Never neutralised. */
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Whether a spreadsheet would read the field as a formula (OWASP "CSV Injection": a cell starting
 * with `=`, `+`, `-`, `@`, tab or carriage return; also a line feed or NUL, and the full-width forms
 * of the four signs, which some spreadsheets fold to ASCII). A number is data, not a formula.
 */
export function formulaLike(value: string): boolean {
  switch (value.charCodeAt(0)) {
    case 0x3d: // =
    case 0x40: // @
    case 0x09: // tab
    case 0x0d: // CR
    case 0x0a: // LF
    case 0x00:
    case 0xff1d: // ＝
    case 0xff20: // ＠
    case 0xff0b: // ＋
    case 0xff0d: // －
      return true;
    case 0x2b: // +
    case 0x2d: // -
      return !NUMBER.test(value);
    default:
      return false;
  }
}

/** A field as CSV text: neutralised when formula-like, then quoted when RFC 4180 requires it. */
export function csvField(value: string): string {
  if (value === '') return value;
  const text = formulaLike(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line (LF-terminated) from a row's fields (undefined is an empty field). */
export function csvLine(fields: readonly (string | undefined)[]): string {
  for (let i = 0; i < fields.length; i++) {
    const value = fields[i];
    if (value !== undefined && value !== '' && (NEEDS_QUOTES.test(value) || formulaLike(value))) return `${fields.map((f) => csvField(f ?? '')).join(',')}\n`;
  }
  return `${fields.join(',')}\n`;
}
