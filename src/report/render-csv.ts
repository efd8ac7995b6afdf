/**
 * CSV rendering: RFC 4180 quoting, header row, LF line endings, fixed column order. Hand-rolled with
 * events.csv's line writer (the same bytes csv-stringify gave): the generic stringifier allocated
 * ~0.5 GB to render a 100k-item drill's tables.
 */
import { csvLine } from './events-csv.js';
import type { Table } from './tables.js';

export function renderCsv(table: Table): string {
  const lines: string[] = [];
  writeCsv(table, (line) => lines.push(line));
  return lines.join('');
}

/** The bytes of `renderCsv`, handed over line by line. */
export function writeCsv(table: Table, write: (line: string) => void): void {
  write(csvLine(table.columns));
  for (const fields of table.fieldRows()) write(csvLine(fields));
}
