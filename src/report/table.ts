/** A report table: columns and rows of strings, materialised or streamed row by row (CSV, Markdown, JSON read it). */
export interface Table {
  name: string;
  columns: string[];
  /** Rows as records. A streamed table builds them only when this is read (nothing in a run does). */
  readonly rows: Record<string, string>[];
  readonly rowCount: number;
  /** Each row's fields in column order, for the CSV writer. */
  fieldRows(): Iterable<readonly string[]>;
}

export function table(name: string, columns: string[], rows: Record<string, string>[]): Table {
  return {
    name, columns, rows, rowCount: rows.length,
    *fieldRows() {
      const fields = new Array<string>(columns.length);
      for (const row of rows) {
        for (let i = 0; i < columns.length; i++) fields[i] = row[columns[i]!] ?? '';
        yield fields;
      }
    },
  };
}

/**
 * A table of one row per item of a long series (exposure steps, compliance obligations): its rows
 * are formatted as the CSV is written, one at a time, instead of being kept as records — on a
 * 100k-item drill the records were tens of MB of old-generation garbage.
 */
export function streamedTable(name: string, columns: string[], rowCount: number, fieldRows: () => Iterable<readonly string[]>): Table {
  return {
    name, columns, rowCount, fieldRows,
    get rows() {
      const rows: Record<string, string>[] = [];
      for (const fields of fieldRows()) rows.push(Object.fromEntries(columns.map((c, i) => [c, fields[i] ?? ''])));
      return rows;
    },
  };
}
