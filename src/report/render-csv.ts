/**
 * CSV rendering: RFC 4180 quoting, header row, LF line endings, fixed column order. Hand-rolled with
 * events.csv's line writer (the same bytes csv-stringify gave): the generic stringifier allocated
 * ~0.5 GB to render a 100k-item drill's tables.
 */
import { csvLine } from './events-csv.js';
import type { Table } from './tables.js';

export function renderCsv(table: Table): string {
  const { columns } = table;
  const lines = [csvLine(columns)];
  const fields: string[] = new Array<string>(columns.length);
  for (const row of table.rows) {
    for (let i = 0; i < columns.length; i++) fields[i] = row[columns[i]!] ?? '';
    lines.push(csvLine(fields));
  }
  return lines.join('');
}
