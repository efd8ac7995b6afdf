/**
 * CSV rendering: header row, LF line endings, fixed column order; fields through csv-line.ts (RFC
 * 4180 quoting and the formula-injection defence, the same for every CSV). The generic csv-stringify
 * allocated ~0.5 GB to render a 100k-item drill's tables.
 */
import { csvLine } from './csv-line.js';
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
