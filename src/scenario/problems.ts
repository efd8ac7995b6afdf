/**
 * A problem found in a scenario or data file, and its one canonical text form:
 * `file:line:col path: message` (or `file:row N column C: message` for data rows) with an
 * indented `hint:` line. Editors and CI annotators recognise the `file:line:col` prefix.
 */

/** Where in the scenario a problem sits, as a path of keys and indices. */
export type ProblemPath = readonly (string | number)[];

export interface ScenarioProblem {
  /** File name as the user gave it (not resolved), so messages match what they typed. */
  file: string;
  /** 1-based line and column, when the problem has a source position. */
  line?: number;
  col?: number;
  /** 1-based data row and column name, for rows of a workload or tape file. */
  row?: number;
  column?: string;
  /** Path inside the scenario, e.g. `faults[2].for`. Empty for the whole document. */
  path: string;
  message: string;
  hint?: string;
}

/** `providers.lp-1.latency.median`, `faults[0].for`; keys that are not plain words are quoted. */
export function formatPath(path: ProblemPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z0-9_$-]+$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** The location prefix: `file:line:col`, `file:row 17 column qty`, `file:1:1 column ts` (a CSV header), or just `file`. */
export function formatLocation(p: ScenarioProblem): string {
  if (p.row !== undefined) return `${p.file}:row ${p.row}${p.column === undefined ? '' : ` column ${p.column}`}`;
  if (p.line !== undefined) return `${p.file}:${p.line}:${p.col ?? 1}${p.column === undefined ? '' : ` column ${p.column}`}`;
  return p.file;
}

/** The one-line form, without the hint. */
export function formatProblemLine(p: ScenarioProblem): string {
  return `${formatLocation(p)}${p.path === '' ? '' : ` ${p.path}`}: ${p.message}`;
}

/** The full form: the problem line and, when there is one, `  hint: ...` on the next line. */
export function formatProblem(p: ScenarioProblem): string {
  return p.hint === undefined ? formatProblemLine(p) : `${formatProblemLine(p)}\n  hint: ${p.hint}`;
}

/** Order problems by file, then position, so output reads top to bottom. */
export function sortProblems(problems: readonly ScenarioProblem[]): ScenarioProblem[] {
  return [...problems].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.col ?? 0) - (b.col ?? 0) ||
      (a.row ?? 0) - (b.row ?? 0) ||
      a.path.localeCompare(b.path),
  );
}
