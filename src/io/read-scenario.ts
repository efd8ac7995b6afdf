/**
 * Reading scenario files from disk: the only place the scenario layer touches the file system.
 * Reads the text, hands it to the pure `parseScenarioText`, then checks the data files the
 * scenario refers to (workload replay, price tape): that they exist, relative to the scenario
 * file, and that every row is valid (via the workload and market parsers).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { FaultlineError } from '../errors.js';
import { parseTape } from '../market/tape.js';
import { parseScenarioText, locateProblem, type ParsedScenario } from '../scenario/parse-scenario-text.js';
import { formatProblem, sortProblems, type ScenarioProblem } from '../scenario/problems.js';
import { InstrumentSymbol, ReplaySpec, TapeSpec } from '../scenario/schema.js';
import { createRuleReader } from '../scenario/rule-reader.js';
import { parseWorkloadFile } from '../workload/replay.js';

/** A data file the scenario refers to, and how to validate its rows. */
interface DataFileReference {
  /** Path of the `file:` key in the scenario. */
  path: (string | number)[];
  /** The file name as written in the scenario. */
  file: string;
  /** Row validation; returns row-numbered problems, named with `displayName`. */
  validate(text: string, displayName: string): ScenarioProblem[];
}

const formatOf = (file: string, format: 'csv' | 'jsonl' | undefined): 'csv' | 'jsonl' => format ?? (/\.(jsonl|ndjson)$/i.test(file) ? 'jsonl' : 'csv');

/** The data files referenced by the (possibly invalid) scenario, as far as they can be read. */
function dataFileReferences(raw: unknown): DataFileReference[] {
  const r = createRuleReader(raw);
  const refs: DataFileReference[] = [];
  const instruments = r.keys(['market', 'instruments']).filter((s) => InstrumentSymbol.safeParse(s).success);
  const replay = r.get(['workload', 'replay'], ReplaySpec);
  if (replay !== undefined) {
    refs.push({
      path: ['workload', 'replay', 'file'],
      file: replay.file,
      validate: (text, name) => parseWorkloadFile(text, formatOf(replay.file, replay.format), replay.columns, name, instruments.length > 0 ? { instruments } : {}).problems,
    });
  }
  const tape = r.get(['market', 'tape'], TapeSpec);
  if (tape !== undefined) {
    refs.push({ path: ['market', 'tape', 'file'], file: tape.file, validate: (text, name) => parseTape(text, formatOf(tape.file, tape.format), tape.columns, name).problems });
  }
  return refs;
}

/** Check every referenced data file: present, readable, every row valid. */
async function checkDataFiles(parsed: ParsedScenario, scenarioPath: string): Promise<ScenarioProblem[]> {
  if (parsed.raw === undefined || parsed.sourceMap === undefined) return [];
  const problems: ScenarioProblem[] = [];
  for (const ref of dataFileReferences(parsed.raw)) {
    const absolute = path.resolve(path.dirname(scenarioPath), ref.file);
    // Shown relative to where the user ran the command, next to the scenario's own name.
    const displayName = path.join(path.dirname(parsed.fileName), ref.file);
    let text: string;
    try {
      text = await readFile(absolute, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      problems.push(
        locateProblem(
          {
            path: ref.path,
            message: code === 'ENOENT' ? `file "${ref.file}" not found (looked for ${absolute})` : `file "${ref.file}" cannot be read: ${(error as Error).message}`,
            hint: 'data file paths are relative to the folder of the scenario file',
          },
          parsed.fileName,
          parsed.sourceMap,
        ),
      );
      continue;
    }
    problems.push(...ref.validate(text, displayName));
  }
  return problems;
}

/**
 * Read, validate and compile one scenario file. Never throws for a user error: problems are
 * returned (an unreadable file is a problem too), so callers can report many files at once.
 *
 * @param file - path as the user gave it; used as the file name in problems.
 */
export async function readScenario(file: string): Promise<ParsedScenario> {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a folder, not a scenario file' : `cannot be read: ${(error as Error).message}`;
    return { fileName: file, problems: [{ file, path: '', message, hint: 'check the path; scenario files are .yaml, .yml or .json' }] };
  }
  const parsed = parseScenarioText(text, file, { sourcePath: absolute });
  const dataProblems = await checkDataFiles(parsed, absolute);
  if (dataProblems.length === 0) return parsed;
  const { scenario: _invalid, ...rest } = parsed;
  return { ...rest, problems: sortProblems([...parsed.problems, ...dataProblems]) };
}

/**
 * Read one scenario file and return the compiled scenario, or throw a `FaultlineError`
 * (`SCENARIO_INVALID`, exit 3) listing every problem.
 */
export async function loadScenario(file: string): Promise<NonNullable<ParsedScenario['scenario']>> {
  const parsed = await readScenario(file);
  if (parsed.scenario !== undefined && parsed.problems.length === 0) return parsed.scenario;
  throw invalidScenariosError([parsed]);
}

/** The error for one or more invalid scenario files, with every problem formatted. */
export function invalidScenariosError(results: readonly ParsedScenario[]): FaultlineError {
  const invalid = results.filter((r) => r.problems.length > 0);
  const count = invalid.reduce((n, r) => n + r.problems.length, 0);
  const files = invalid.length === 1 ? invalid[0]!.fileName : `${invalid.length} scenario files`;
  return new FaultlineError({
    code: 'SCENARIO_INVALID',
    kind: 'invalid-input',
    title: `${files} ${invalid.length === 1 ? 'has' : 'have'} ${count} problem${count === 1 ? '' : 's'}`,
    hint: 'fix the problems listed (file:line:col path: message); `faultline validate <file>` checks a scenario without running it; docs/scenarios.md describes every field',
    problems: invalid.flatMap((r) => r.problems.map(formatProblem)),
  });
}
