/**
 * The one place a scenario file becomes a plan, for every command (`run`, `plan`, `mocks serve`)
 * and the library's `runScenarioFile`: read the scenario and its data files, hash them all into
 * the run id, and hand the replayed workload and the tape to `planRun`.
 */
import { planRun, type Plan, type RunMode } from '../engine/plan.js';
import { scenarioContentHash, type DataFile } from '../io/data-files.js';
import { loadScenarioWithData, type ReadScenarioOptions } from '../io/read-scenario.js';
import type { Scenario } from '../scenario/model.js';

export interface PlannedScenario {
  scenario: Scenario;
  /** The scenario file's text, as read (copied into the run folder as scenario.yaml). */
  text: string;
  /** The data files, as read (copied into the run folder beside scenario.yaml). */
  dataFiles: DataFile[];
  /** sha256 of the scenario and its data files (io/data-files.ts): part of the run id. */
  contentHash: string;
  plan: Plan;
}

export interface PlanScenarioOptions extends ReadScenarioOptions {
  seed?: number;
  mode: RunMode;
  version: string;
}

/** Read a scenario file with its data files and plan it; throws SCENARIO_INVALID (exit 3) on any problem. */
export async function planScenarioFile(file: string, options: PlanScenarioOptions): Promise<PlannedScenario> {
  const read = await loadScenarioWithData(file, options.runFolder === undefined ? {} : { runFolder: options.runFolder });
  const dataFiles = read.dataFiles ?? [];
  const text = read.text ?? '';
  const contentHash = scenarioContentHash(text, dataFiles);
  const plan = planRun(read.scenario, {
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    mode: options.mode,
    version: options.version,
    contentHash,
    ...(read.replayedWorkload === undefined ? {} : { replayedWorkload: read.replayedWorkload }),
    ...(read.replayedMarket === undefined ? {} : { replayedMarket: read.replayedMarket }),
  });
  return { scenario: read.scenario, text, dataFiles, contentHash, plan };
}
