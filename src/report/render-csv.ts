/** CSV rendering with csv-stringify: RFC 4180 quoting, header row, LF line endings, fixed column order. */
import { stringify } from 'csv-stringify/sync';
import type { Table } from './tables.js';

export function renderCsv(table: Table): string {
  return stringify(table.rows, { header: true, columns: table.columns, record_delimiter: 'unix' });
}
