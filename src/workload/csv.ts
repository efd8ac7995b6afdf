/**
 * A minimal RFC 4180 reader: comma-separated fields, CRLF or LF record ends, fields optionally
 * enclosed in double quotes, where a quoted field may hold commas, line breaks and doubled quotes
 * (`""`). Strict where the RFC is: a quote inside an unquoted field, or text after a closing
 * quote, is reported (not guessed at). A leading UTF-8 BOM is ignored; a final line break does not
 * start an empty record. csv-parse is not a dependency, so this stays small and fully tested.
 */

export interface CsvRecord {
  fields: string[];
  /** 1-based line on which the record starts (records may span lines inside quotes). */
  line: number;
  /** The first syntax problem in this record, if any. */
  error?: string;
}

/** Split CSV text into records. Never throws; syntax problems are attached to their record. */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < n) {
    const record: CsvRecord = { fields: [], line };
    for (;;) {
      let field: string;
      if (text[i] === '"') {
        field = '';
        i++;
        let closed = false;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q === -1) {
            field += text.slice(i);
            line += countLineBreaks(text, i, n);
            i = n;
            break;
          }
          field += text.slice(i, q);
          line += countLineBreaks(text, i, q);
          if (text[q + 1] === '"') {
            field += '"';
            i = q + 2;
            continue;
          }
          i = q + 1;
          closed = true;
          break;
        }
        if (!closed) record.error ??= 'a quoted field is never closed';
        if (closed && i < n && !isFieldEnd(text.charCodeAt(i))) {
          record.error ??= 'text after a closing quote; a quoted field must end at a comma or line break';
          const s = i;
          while (i < n && !isFieldEnd(text.charCodeAt(i))) i++;
          field += text.slice(s, i);
        }
      } else {
        const s = i;
        while (i < n && !isFieldEnd(text.charCodeAt(i))) i++;
        field = text.slice(s, i);
        if (field.includes('"')) record.error ??= 'a quote inside an unquoted field';
      }
      record.fields.push(field);
      if (i < n && text[i] === ',') {
        i++;
        continue;
      }
      if (i < n && text[i] === '\r') i++;
      if (i < n && text[i] === '\n') i++;
      line++;
      break;
    }
    records.push(record);
  }
  return records;
}

const COMMA = 44;
const LF = 10;
const CR = 13;

function isFieldEnd(c: number): boolean {
  return c === COMMA || c === LF || c === CR;
}

function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let k = text.indexOf('\n', from); k !== -1 && k < to; k = text.indexOf('\n', k + 1)) count++;
  return count;
}
