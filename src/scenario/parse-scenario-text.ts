/**
 * Scenario text → validated, compiled `Scenario`, or every problem at once. Pure: the caller
 * reads the file (see io/read-scenario.ts) and passes the text in.
 *
 * Order of checks: YAML syntax (a structurally broken document stops here, since anything
 * further would be noise), then the zod schema, then the cross-field rules on every part of the
 * file that passed the schema; all problems from those stages are reported together.
 */
import { LineCounter, parseDocument } from 'yaml';
import type { Scenario } from './model.js';
import { ScenarioFile } from './schema.js';
import { compileScenario } from './compile-scenario.js';
import { checkCrossFieldRules } from './cross-field-rules.js';
import { formatPath, sortProblems, type ScenarioProblem } from './problems.js';
import { createSourceMap, type SourceMap } from './source-map.js';
import { RECOVERABLE_YAML_ERRORS, yamlErrorProblems } from './yaml-errors.js';
import { problemsFromIssues, type PathProblem } from './zod-issues.js';

/** What parsing one scenario text produced. */
export interface ParsedScenario {
  /** File name used in problems (as the user gave it). */
  fileName: string;
  /** Every problem found, sorted by position. Empty when the scenario is valid. */
  problems: ScenarioProblem[];
  /** The file after zod (defaults applied); present when the schema passed. */
  file?: ScenarioFile;
  /** The compiled scenario; present when there are no problems. */
  scenario?: Scenario;
  /** The data as YAML read it (before zod), when the YAML was readable. */
  raw?: unknown;
  /** Positions of paths in the text, for callers that add their own problems (missing files). */
  sourceMap?: SourceMap;
}

/** Options for {@link parseScenarioText}. */
export interface ParseScenarioOptions {
  /** Absolute path of the file, recorded as `Scenario.sourcePath`. */
  sourcePath?: string;
}

/** Attach a file position to a path problem. */
export function locateProblem(problem: PathProblem, fileName: string, sourceMap: SourceMap): ScenarioProblem {
  const { line, col } = sourceMap.locate(problem.path, problem.at);
  return {
    file: fileName,
    line,
    col,
    path: formatPath(problem.path),
    message: problem.message,
    ...(problem.hint === undefined ? {} : { hint: problem.hint }),
  };
}

/**
 * Parse, validate and compile a scenario (YAML, or JSON which is YAML).
 *
 * @param text - the file's contents.
 * @param fileName - the name used in problems, e.g. `scenarios/lp-outage.yaml`.
 */
export function parseScenarioText(text: string, fileName: string, options: ParseScenarioOptions = {}): ParsedScenario {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problems: ScenarioProblem[] = yamlErrorProblems(doc.errors, fileName, lineCounter);
  if (doc.errors.some((e) => !RECOVERABLE_YAML_ERRORS.has(e.code))) return { fileName, problems: sortProblems(problems) };

  const sourceMap = createSourceMap(doc, lineCounter);
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    problems.push({ file: fileName, line: 1, col: 1, path: '', message: `YAML could not be read: ${(error as Error).message}`, hint: 'avoid deeply nested aliases (`*name`)' });
    return { fileName, problems, sourceMap };
  }
  if (raw === null || raw === undefined) {
    problems.push({ file: fileName, line: 1, col: 1, path: '', message: 'the file is empty', hint: 'start from `faultline init` or test/fixtures/scenarios/minimal.yaml' });
    return { fileName, problems, raw, sourceMap };
  }

  const parsed = ScenarioFile.safeParse(raw);
  const pathProblems: PathProblem[] = parsed.success ? [] : problemsFromIssues(parsed.error.issues, ScenarioFile, raw);
  pathProblems.push(...checkCrossFieldRules(raw));
  problems.push(...pathProblems.map((p) => locateProblem(p, fileName, sourceMap)));

  const result: ParsedScenario = { fileName, problems: sortProblems(problems), raw, sourceMap };
  if (parsed.success) result.file = parsed.data;
  if (parsed.success && problems.length === 0) result.scenario = locateThresholds(compileScenario(parsed.data, options.sourcePath), sourceMap);
  return result;
}

/** Each threshold's line in the file, for JUnit's `line` and GitHub annotations (docs/ci.md). */
export function locateThresholds(scenario: Scenario, sourceMap: SourceMap): Scenario {
  for (const t of scenario.thresholds) t.line = sourceMap.locate(['thresholds', t.index]).line;
  return scenario;
}
