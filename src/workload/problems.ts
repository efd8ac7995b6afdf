/**
 * Problems found in a data file (workload or price tape). The shape matches the scenario
 * loader's problem type (file, row, column, path, message, hint), so the CLI prints both the same
 * way: `trades.csv:row 17 column qty: "abc" is not a decimal number`, hint on the next line.
 *
 * Row numbering: CSV rows count data records from 1, header excluded, so row N is spreadsheet
 * row N + 1 (and, without quoted line breaks, editor line N + 1). JSONL has no header: row N is
 * line N. Blank lines count as rows (so the numbers match what an editor shows) but are skipped.
 * Problems with the CSV header itself carry `line: 1` instead of a row.
 */

export interface RowProblem {
  /** The file name as the scenario wrote it. */
  file: string;
  /** 1-based data row (see the module comment); absent for whole-file and header problems. */
  row?: number;
  /** 1-based line, for header problems (`line: 1`). */
  line?: number;
  /** The column as named in the file (after the scenario's column mapping). */
  column?: string;
  /** Always empty: data-file problems have no scenario path. Kept for the shared problem shape. */
  path: string;
  message: string;
  hint?: string;
}

/** `file:row 17 column mid: message` (the one-line form, without the hint). */
export function formatRowProblem(p: RowProblem): string {
  const where = p.row !== undefined ? `:row ${p.row}` : p.line !== undefined ? `:${p.line}:1` : '';
  const column = p.column !== undefined ? ` column ${p.column}` : '';
  return `${p.file}${where}${column}: ${p.message}`;
}

/** Collects problems for one file. */
export function createProblemLog(file: string): { problems: RowProblem[]; add(p: Omit<RowProblem, 'file' | 'path'>): void } {
  const problems: RowProblem[] = [];
  return {
    problems,
    add: (p) => {
      problems.push({ file, path: '', ...p });
    },
  };
}
