/**
 * planRun: scenario + seed → Plan, pure and printable (`faultline plan`). The plan holds everything
 * both replays share: the market path, the workload, the fault timeline, and the run id.
 */
import { createHash } from 'node:crypto';
import { generateMarketPath, type MarketPath } from '../market/index.js';
import type { Fault, Scenario } from '../scenario/model.js';
import { generateWorkload, type WorkloadItem } from '../workload/index.js';
import { createRng } from './rng.js';

export type RunMode = 'sim' | 'msw' | 'proxy';

export interface PlanOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  mode?: RunMode;
  /** faultline version, part of the run id. */
  version: string;
  /** sha256 of the scenario file's bytes (and any data files), part of the run id. */
  contentHash: string;
  /**
   * The replayed workload (`workload.replay`), already read by the caller (file I/O stays outside
   * the planner: io/read-scenario.ts). Required when the scenario has a replay.
   */
  replayedWorkload?: WorkloadItem[];
  /** The tape's market path (`market.model: tape`), already built by the caller. Required with a tape. */
  replayedMarket?: MarketPath;
}

export interface PlanEntry {
  t: number;
  what: string;
}

export interface Plan {
  runId: string;
  scenario: Scenario;
  seed: number;
  mode: RunMode;
  version: string;
  contentHash: string;
  market: MarketPath;
  workload: WorkloadItem[];
  faults: Fault[];
  /** Human-readable timeline of what will happen when. */
  timeline: PlanEntry[];
}

/** Derive the run id from what determines the run's output, so reruns are byte-identical. */
export function deriveRunId(contentHash: string, seed: number, mode: RunMode, version: string): string {
  return createHash('sha256').update(`${contentHash}|${seed}|${mode}|${version}`).digest('hex').slice(0, 12);
}

export function planRun(scenario: Scenario, options: PlanOptions): Plan {
  // A data file the plan would silently go without is a caller's bug: say so rather than run a
  // drill on GBM prices or without its recorded trades.
  if (scenario.workload.replay !== undefined && options.replayedWorkload === undefined) {
    throw new TypeError(`planRun: the scenario replays ${scenario.workload.replay.file}; pass its items as replayedWorkload (readScenario reads them)`);
  }
  if (scenario.market.model === 'tape' && options.replayedMarket === undefined) {
    throw new TypeError(`planRun: the scenario's market is the tape ${scenario.market.tape?.file ?? ''}; pass it as replayedMarket (readScenario builds it)`);
  }
  const seed = options.seed ?? scenario.seed;
  const mode = options.mode ?? 'sim';
  const root = createRng(seed);
  const market = options.replayedMarket ?? generateMarketPath(scenario.market, scenario.startMs, scenario.endMs, root.fork('market'));
  const generated = generateWorkload(scenario.workload, scenario.market, scenario.startMs, scenario.endMs, root.fork('workload'), scenario.firm.country);
  const workload = options.replayedWorkload === undefined ? generated : mergeItems(generated, options.replayedWorkload);
  const timeline: PlanEntry[] = [];
  for (const f of scenario.faults) {
    const pct = f.probability === 1 ? '' : ` (p=${f.probability})`;
    timeline.push({ t: f.startMs, what: `fault ${f.id} starts: ${f.kind} on ${f.target} via ${f.via}${pct}` });
    timeline.push({ t: f.endMs, what: `fault ${f.id} ends` });
  }
  for (const j of scenario.market.jumps) timeline.push({ t: j.atMs, what: `market jump ${j.instrument} ${(j.size * 100).toFixed(1)}%` });
  timeline.sort((a, b) => a.t - b.t || a.what.localeCompare(b.what));
  return {
    runId: deriveRunId(options.contentHash, seed, mode, options.version),
    scenario,
    seed,
    mode,
    version: options.version,
    contentHash: options.contentHash,
    market,
    workload,
    faults: scenario.faults,
    timeline,
  };
}

function mergeItems(a: WorkloadItem[], b: WorkloadItem[]): WorkloadItem[] {
  return [...a, ...b].sort((x, y) => x.t - y.t || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}
