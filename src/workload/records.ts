/**
 * Data files (CSV or JSONL) as numbered rows of named text values, the common ground of the
 * workload replay and the price tape. Row numbering is described in problems.ts.
 */
import { parseCsv } from './csv.js';
import { createProblemLog, type RowProblem } from './problems.js';

export type DataFormat = 'csv' | 'jsonl';

/** One data row: its number and a lookup of trimmed values by column name ('' counts as missing). */
export interface DataRow {
  row: number;
  get(column: string): string | undefined;
}

export interface DataRows {
  rows: DataRow[];
  /** CSV header names; undefined for JSONL (keys may differ per line). */
  columns: string[] | undefined;
  problems: RowProblem[];
}

/** Read `text` as CSV (header row first) or JSONL (one JSON object per line). */
export function readDataRows(text: string, format: DataFormat, file: string): DataRows {
  return format === 'csv' ? readCsvRows(text, file) : readJsonlRows(text, file);
}

function readCsvRows(text: string, file: string): DataRows {
  const log = createProblemLog(file);
  const records = parseCsv(text);
  const header = records[0];
  if (header === undefined || (header.fields.length === 1 && header.fields[0]?.trim() === '')) {
    log.add({ line: 1, message: 'the file is empty; expected a header row naming the columns' });
    return { rows: [], columns: undefined, problems: log.problems };
  }
  const columns = header.fields.map((f) => f.trim());
  if (header.error !== undefined) log.add({ line: 1, message: `header: ${header.error}` });
  const index = new Map<string, number>();
  columns.forEach((name, k) => {
    if (index.has(name)) log.add({ line: 1, column: name, message: `column "${name}" appears twice in the header` });
    else index.set(name, k);
  });

  const rows: DataRow[] = [];
  for (let r = 1; r < records.length; r++) {
    const record = records[r];
    if (record === undefined || isBlank(record.fields)) continue;
    if (record.error !== undefined) {
      log.add({ row: r, message: record.error, hint: 'Enclose fields that contain commas, quotes or line breaks in double quotes, and double any quote inside ("").' });
      continue;
    }
    if (record.fields.length !== columns.length) {
      log.add({
        row: r,
        message: `has ${record.fields.length} fields, the header has ${columns.length}`,
        hint: 'A value containing a comma must be enclosed in double quotes.',
      });
      continue;
    }
    const fields = record.fields;
    rows.push({
      row: r,
      get: (column) => {
        const k = index.get(column);
        const v = k === undefined ? undefined : fields[k]?.trim();
        return v === '' ? undefined : v;
      },
    });
  }
  return { rows, columns, problems: log.problems };
}

function readJsonlRows(text: string, file: string): DataRows {
  const log = createProblemLog(file);
  const lines = text.split('\n');
  // A final line break does not start a row.
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const rows: DataRow[] = [];
  lines.forEach((raw, k) => {
    const row = k + 1;
    const line = k === 0 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      log.add({ row, message: `not valid JSON (${(error as Error).message})`, hint: 'Each line must be one JSON object, e.g. {"ts":"2025-03-12T00:00:00Z","kind":"trade",…}.' });
      return;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      log.add({ row, message: 'is not a JSON object', hint: 'Each line must be one JSON object.' });
      return;
    }
    const record = value as Record<string, unknown>;
    rows.push({ row, get: (column) => jsonValueText(record[column]) });
  });
  return { rows, columns: undefined, problems: log.problems };
}

/**
 * JSON numbers are read through their shortest round-trip text (0.1 → "0.1"), which is exact for
 * any value a system would have written with ≤ 15 significant digits; write longer decimals as strings.
 */
function jsonValueText(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function isBlank(fields: string[]): boolean {
  return fields.length === 1 && (fields[0] ?? '').trim() === '';
}
