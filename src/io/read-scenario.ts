/**
 * Reading scenario files from disk: the only place the scenario layer touches the file system.
 * Reads the text, hands it to the pure `parseScenarioText`, then reads the data files the scenario
 * refers to (workload replay, price tape) and builds from them exactly what a run will use: the
 * replayed items and the tape's market path. Every problem a run would meet with them (a missing
 * file, a bad row, a row outside the drill, an instrument the tape does not cover) is found here,
 * so `validate` rejects what `run` cannot do.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { FaultlineError } from '../errors.js';
import { buildTapeMarketPath, openingMids, parseTape } from '../market/tape.js';
import type { MarketPath } from '../market/types.js';
import { compileScenario, dataFileFormat } from '../scenario/compile-scenario.js';
import { parseScenarioText, locateProblem, locateThresholds, type ParsedScenario } from '../scenario/parse-scenario-text.js';
import { formatProblem, sortProblems, type ScenarioProblem } from '../scenario/problems.js';
import { ReplaySpec, TapeSpec } from '../scenario/schema.js';
import { createRuleReader } from '../scenario/rule-reader.js';
import type { Scenario } from '../scenario/model.js';
import { parseWorkloadFile } from '../workload/replay.js';
import type { RowProblem } from '../workload/problems.js';
import type { WorkloadItem } from '../workload/types.js';
import { DATA_FILE_KEYS, runFolderCopyName, sha256Bytes, type DataFile, type DataFileRole } from './data-files.js';

/** A scenario as read from disk, with what its data files give the run. */
export interface ReadScenarioResult extends ParsedScenario {
  /** The scenario file's text, as read (when it could be read). */
  text?: string;
  /** The data files, read (present when every one of them could be read). */
  dataFiles?: DataFile[];
  /** The replayed items (`workload.replay`), when the scenario is valid and has one. */
  replayedWorkload?: WorkloadItem[];
  /** The tape's market path (`market.model: tape`), when the scenario is valid and has one. */
  replayedMarket?: MarketPath;
}

export interface ReadScenarioOptions {
  /**
   * Read the data files from their copies in this run folder (`replay.csv`, `tape.csv`: see
   * io/data-files.ts) instead of relative to the scenario file: how `report` re-reads a run.
   */
  runFolder?: string;
}

/** At most this many problems are listed per data file; the rest are counted in one more line. */
export const MAX_DATA_FILE_PROBLEMS = 50;

/** A data file the scenario names, read as far as the (possibly invalid) scenario allows. */
interface DataFileReference {
  role: DataFileRole;
  file: string;
  format: 'csv' | 'jsonl';
}

function dataFileReferences(raw: unknown): DataFileReference[] {
  const r = createRuleReader(raw);
  const refs: DataFileReference[] = [];
  const replay = r.get(['workload', 'replay'], ReplaySpec);
  if (replay !== undefined) refs.push({ role: 'replay', file: replay.file, format: dataFileFormat(replay.file, replay.format) });
  const tape = r.get(['market', 'tape'], TapeSpec);
  if (tape !== undefined) refs.push({ role: 'tape', file: tape.file, format: dataFileFormat(tape.file, tape.format) });
  return refs;
}

/** Data-file problems as scenario problems, at most MAX_DATA_FILE_PROBLEMS per file. */
function capped(problems: readonly RowProblem[], displayName: string): ScenarioProblem[] {
  if (problems.length <= MAX_DATA_FILE_PROBLEMS) return problems.slice();
  const kept = problems.slice(0, MAX_DATA_FILE_PROBLEMS);
  kept.push({ file: displayName, path: '', message: `and ${problems.length - MAX_DATA_FILE_PROBLEMS} more problems in this file (the first ${MAX_DATA_FILE_PROBLEMS} are listed)`, hint: 'fix these and validate again' });
  return kept;
}

interface ReadDataFiles {
  problems: ScenarioProblem[];
  files: { ref: DataFileRef; text: string; displayName: string }[];
}

type DataFileRef = DataFileReference & { bytes: Uint8Array; sha256: string };

async function readDataFiles(parsed: ParsedScenario, scenarioPath: string, options: ReadScenarioOptions): Promise<ReadDataFiles> {
  const out: ReadDataFiles = { problems: [], files: [] };
  if (parsed.raw === undefined || parsed.sourceMap === undefined) return out;
  for (const ref of dataFileReferences(parsed.raw)) {
    const copy = options.runFolder === undefined ? undefined : path.join(options.runFolder, runFolderCopyName(ref.role, ref.format));
    const absolute = copy ?? path.resolve(path.dirname(scenarioPath), ref.file);
    // Shown relative to where the user ran the command, next to the scenario's own name.
    const displayName = copy ?? path.join(path.dirname(parsed.fileName), ref.file);
    let bytes: Uint8Array;
    try {
      bytes = await readFile(absolute);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const message = code === 'ENOENT'
        ? copy === undefined ? `file "${ref.file}" not found (looked for ${absolute})` : `the run folder has no copy of "${ref.file}" (looked for ${absolute})`
        : code === 'EISDIR' ? `"${ref.file}" is a folder, not a data file` : `file "${ref.file}" cannot be read: ${(error as Error).message}`;
      out.problems.push(locateProblem({ path: DATA_FILE_KEYS[ref.role], message, hint: copy === undefined ? 'data file paths are relative to the folder of the scenario file' : 'a run folder keeps its data files as replay.<csv|jsonl> and tape.<csv|jsonl> beside scenario.yaml' }, parsed.fileName, parsed.sourceMap));
      continue;
    }
    out.files.push({ ref: { ...ref, bytes, sha256: sha256Bytes(bytes) }, text: Buffer.from(bytes).toString('utf8'), displayName });
  }
  return out;
}

/**
 * A scenario that passed the schema but not every cross-field rule, compiled as far as it goes (to
 * check data-file rows against its instruments and window): compileScenario assumes the rules
 * passed and throws on what they would have rejected (an unknown threshold metric), so undefined then.
 */
function compileAsFarAsPossible(file: ParsedScenario['file'], absolute: string): Scenario | undefined {
  if (file === undefined) return undefined;
  try {
    return compileScenario(file, absolute);
  } catch {
    return undefined;
  }
}

/**
 * Read, validate and compile one scenario file, with its data files. Never throws for a user
 * error: problems are returned (an unreadable file is a problem too), so callers can report many
 * files at once.
 *
 * @param file - path as the user gave it; used as the file name in problems.
 */
export async function readScenario(file: string, options: ReadScenarioOptions = {}): Promise<ReadScenarioResult> {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a folder, not a scenario file' : `cannot be read: ${(error as Error).message}`;
    return { fileName: file, problems: [{ file, path: '', message, hint: 'check the path; scenario files are .yaml, .yml or .json' }] };
  }
  const parsed: ReadScenarioResult = { ...parseScenarioText(text, file, { sourcePath: absolute }), text };
  const read = await readDataFiles(parsed, absolute, options);
  const problems: ScenarioProblem[] = parsed.problems.concat(read.problems);
  // Rows are checked against what the scenario says (instruments, the drill's window, the firm's
  // country) as far as it could be read; the replayed items and the tape are built only from a
  // valid scenario.
  const compiled = parsed.scenario ?? compileAsFarAsPossible(parsed.file, absolute);
  let replayedWorkload: WorkloadItem[] | undefined;
  let tapePoints: ReturnType<typeof parseTape>['points'] | undefined;
  for (const { ref, text: data, displayName } of read.files) {
    if (ref.role === 'replay') {
      const columns = compiled?.workload.replay?.columns;
      if (columns === undefined) continue;
      const result = parseWorkloadFile(data, ref.format, columns, displayName, {
        instruments: compiled!.market.instruments.map((i) => i.symbol),
        homeCountry: compiled!.firm.country,
        window: { startMs: compiled!.startMs, endMs: compiled!.endMs },
      });
      for (const p of capped(result.problems, displayName)) problems.push(p);
      replayedWorkload = result.items;
    } else {
      const columns = createRuleReader(parsed.raw).get(['market', 'tape'], TapeSpec)?.columns;
      if (columns === undefined) continue;
      const result = parseTape(data, ref.format, columns, displayName);
      for (const p of capped(result.problems, displayName)) problems.push(p);
      tapePoints = result.points;
    }
  }
  const dataFiles = read.problems.length === 0 ? read.files.map(({ ref }): DataFile => ({ role: ref.role, file: ref.file, format: ref.format, bytes: ref.bytes, sha256: ref.sha256 })) : undefined;
  if (problems.length > 0 || parsed.scenario === undefined || parsed.file === undefined) {
    const { scenario: _invalid, ...rest } = parsed;
    return { ...rest, problems: sortProblems(problems), ...(dataFiles === undefined ? {} : { dataFiles }) };
  }
  let scenario: Scenario = parsed.scenario;
  let replayedMarket: MarketPath | undefined;
  if (tapePoints !== undefined) {
    const tapeFile = read.files.find((f) => f.ref.role === 'tape')!;
    // With a tape, an instrument's mid is the tape's opening mid (the scenario gives none).
    scenario = locateThresholds(compileScenario(parsed.file, absolute, { openingMids: openingMids(tapePoints, scenario.startMs) }), parsed.sourceMap!);
    const built = buildTapeMarketPath(scenario.market, tapePoints, scenario.startMs, scenario.endMs, { fileName: tapeFile.displayName });
    if (built.problems.length > 0) {
      const { scenario: _invalid, ...rest } = parsed;
      return { ...rest, problems: sortProblems(capped(built.problems, tapeFile.displayName)), ...(dataFiles === undefined ? {} : { dataFiles }) };
    }
    replayedMarket = built.path;
  }
  return {
    ...parsed,
    scenario,
    ...(dataFiles === undefined ? {} : { dataFiles }),
    ...(replayedWorkload === undefined ? {} : { replayedWorkload }),
    ...(replayedMarket === undefined ? {} : { replayedMarket }),
  };
}

/**
 * Read one scenario file and return it with its data, or throw a `FaultlineError`
 * (`SCENARIO_INVALID`, exit 3) listing every problem.
 */
export async function loadScenarioWithData(file: string, options: ReadScenarioOptions = {}): Promise<ReadScenarioResult & { scenario: Scenario }> {
  const parsed = await readScenario(file, options);
  if (parsed.scenario !== undefined && parsed.problems.length === 0) return parsed as ReadScenarioResult & { scenario: Scenario };
  throw invalidScenariosError([parsed]);
}

/**
 * Read one scenario file and return the compiled scenario, or throw a `FaultlineError`
 * (`SCENARIO_INVALID`, exit 3) listing every problem.
 */
export async function loadScenario(file: string): Promise<Scenario> {
  return (await loadScenarioWithData(file)).scenario;
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
