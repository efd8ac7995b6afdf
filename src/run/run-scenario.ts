/**
 * One drill, end to end: read and validate the scenario, plan, execute both replays, evaluate,
 * render, and write the run folder. Used by `faultline run` and by the library API.
 */
import { executePlan } from '../engine/execute.js';
import type { RunEvent, RunVariant } from '../engine/events.js';
import type { Plan, RunMode } from '../engine/plan.js';
import type { EventSink } from '../engine/ports.js';
import { FaultlineError } from '../errors.js';
import { evaluateLedgers, type Evaluation } from '../finance/evaluate/evaluate-run.js';
import { LedgerBuilder } from '../finance/evaluate/ledger.js';
import { RunStaging, type RunFile } from '../io/run-staging.js';
import { manifestDataFiles, runFolderCopyName } from '../io/data-files.js';
import { planScenarioFile, type PlannedScenario } from './plan-scenario.js';
import { eventsCsvStaleAfterMs } from '../report/events-csv.js';
import { faultlineVersion } from '../io/version.js';
import type { RunInfo } from '../report/run-info.js';
import { mdText } from '../report/safe-text.js';
import type { Scenario } from '../scenario/model.js';
import type { CleanupRegistry } from '../transports/proxy-mode.js';
import { AUTO_CALIBRATION_MS, autoSpeed } from '../engine/keep-time.js';
import { DEFAULT_PROXY_SPEED, LiveScheduler } from '../engine/live-clock.js';
import { calibrateLoopLag } from '../engine/loop-lag.js';
import { journalHeader, renderReportFiles } from './render-report.js';
import { openEventFiles, type EventFiles } from './event-files.js';
import { monteCarloOnThread } from './monte-carlo-thread.js';
import { httpIntegrationFor, moduleIntegrationFor } from '../integration/module-run.js';

export interface RunScenarioOptions {
  seed?: number;
  mode?: RunMode;
  /** Parent folder of `<scenario-id>/<run-id>/` (default `reports`). */
  out?: string;
  /** Extra sinks for the event stream (progress reporters, dashboards). */
  sinks?: EventSink[];
  onProgress?: (variant: RunVariant, t: number) => void;
  /** Checked every scenario minute: return a reason to stop the replay early (abort_on_fail, user abort). */
  shouldAbort?: () => string | undefined;
  /** Wall clock for the manifest only (never for report bodies). */
  now?: () => Date;
  /** Keep every event in memory and return it (tests, library use); off by default to bound memory. */
  keepEvents?: boolean;
  /**
   * Live clock: scenario ms per wall ms (proxy mode default 60: one scenario minute per second; msw
   * mode is live only when given). `auto`: the highest speed this machine keeps, from a short
   * calibration of its event-loop lag (engine/keep-time.ts); ignored in sim mode.
   */
  speed?: number | 'auto';
  /** `speed: 'auto'`: called with the speed chosen and the calibration's p99 lag (wall ms). */
  onAutoSpeed?: (speed: number, calibrationLagP99Ms: number) => void;
  /** proxy mode: a running Toxiproxy to use instead of the embedded server. */
  toxiproxyUrl?: string;
  /** proxy mode: allow a Toxiproxy that is not on this machine. */
  allowRemote?: boolean;
  /** proxy mode: where the run registers its cleanups (proxies, mocks, embedded server) for signal handling. */
  cleanups?: CleanupRegistry;
  /** proxy mode: warnings (toxics refused, leftovers). Default stderr. */
  warn?: (line: string) => void;
  /** Write journal.jsonl and events.csv on the main thread instead of a worker thread (same bytes; run/event-files.ts). */
  inlineEventFiles?: boolean;
  /** Simulate the Monte Carlo VaR on the main thread instead of a worker thread (same report; run/monte-carlo-thread.ts). */
  inlineMonteCarlo?: boolean;
}

export interface RunScenarioResult {
  scenario: Scenario;
  plan: Plan;
  evaluation: Evaluation;
  dir: string;
  /** The clock the run ran on (live: its speed, chosen by `--speed auto` or given). */
  info: RunInfo;
  /** The events, when `keepEvents` was set; otherwise empty (read journal.jsonl instead). */
  events: RunEvent[];
  /** Wall-clock start and end of the drill (as in manifest.json; never in report bodies): the combined JUnit's `timestamp` and `time`. */
  wall: { startedAt: string; finishedAt: string };
}

/** Every mode is available (proxy mode: every integration; docs/proxy-mode.md). */
export function assertModeAvailable(mode: RunMode): void {
  if (mode === 'sim' || mode === 'msw' || mode === 'proxy') return;
  throw new FaultlineError({
    code: 'MODE_NOT_AVAILABLE',
    kind: 'usage',
    title: `--mode ${mode} is not available in this version of faultline`,
    detail: 'proxy mode (real sockets through Toxiproxy) is being built; the embedded Toxiproxy-compatible server is already available as `faultline toxiproxy`.',
    hint: 'run with --mode sim (the default) or --mode msw, or use `faultline toxiproxy` to start the embedded server on its own',
  });
}

export async function runScenarioFile(file: string, options: RunScenarioOptions = {}): Promise<RunScenarioResult> {
  const mode = options.mode ?? 'sim';
  assertModeAvailable(mode);
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const version = faultlineVersion();
  // The one place a scenario file becomes a plan (run/plan-scenario.ts): with its replay and tape.
  const planned = await planScenarioFile(file, { ...(options.seed === undefined ? {} : { seed: options.seed }), mode, version });
  const { scenario, plan, contentHash } = planned;
  const inputFiles = inputCopies(planned);
  // integration: { type: module }: the firm's adapter, msw or proxy mode (docs/msw.md).
  // integration: { type: http }: the firm's service, proxy mode only (docs/proxy-mode.md); its
  // output goes to service.log in the run folder.
  let serviceLog: ((line: string) => void) | undefined;
  const http = httpIntegrationFor(scenario, file, mode, { log: (line) => serviceLog?.(line), ...(options.cleanups === undefined ? {} : { cleanups: options.cleanups }) });
  const createIntegration = http?.createIntegration ?? await moduleIntegrationFor(scenario, file, mode);
  // msw mode runs on the virtual clock, unless --speed asks for a live one (for a firm's adapter
  // whose own timers are wall-clock timers): then scenario time runs speed × wall time.
  const liveMsw = mode === 'msw' && options.speed !== undefined;
  const live = mode === 'proxy' || liveMsw;
  let speed = typeof options.speed === 'number' ? options.speed : DEFAULT_PROXY_SPEED;
  let autoInfo: RunInfo['autoSpeed'];
  if (live && options.speed === 'auto') {
    const lag = await calibrateLoopLag(AUTO_CALIBRATION_MS);
    speed = autoSpeed(lag.lagP99Ms, scenario.integration.timeoutMs);
    autoInfo = { calibrationLagP99Ms: lag.lagP99Ms };
    options.onAutoSpeed?.(speed, lag.lagP99Ms);
  }
  const info: RunInfo = live
    ? { version, scenarioFile: file, contentHash, mode, clock: 'live', speed, ...(autoInfo === undefined ? {} : { autoSpeed: autoInfo }) }
    : { version, scenarioFile: file, contentHash, mode, clock: 'virtual' };

  // The event stream goes straight to its consumers — the journal and events.csv on disk, the two
  // ledgers in memory — so memory grows with the ledgers, not with the journal.
  const staging = new RunStaging(options.out ?? 'reports', scenario.id, plan.runId);
  // A forced quit (a second Ctrl-C, or a drill that did not stop in time) runs the registered
  // cleanups and exits: keep the journal written so far, marked interrupted, rather than leave a
  // half-written staging folder behind.
  let eventFiles: EventFiles | undefined;
  const unregisterSalvage = options.cleanups?.add('keep the partial run folder', () => {
    eventFiles?.drainSync(2000);
    const dir = staging.salvage({
      runId: plan.runId, scenarioId: scenario.id, scenarioFile: file, contentHash, seed: plan.seed, mode, version,
      startedAt, finishedAt: now().toISOString(), node: process.version, verdict: 'INTERRUPTED', incomplete: true,
      ...manifestInputs(planned),
    }, [{ name: 'summary.md', content: interruptedSummary(scenario, plan.runId) }, ...inputFiles]);
    if (dir !== undefined) (options.warn ?? ((line: string): void => void process.stderr.write(`${line}\n`)))(`interrupted before evaluation: the journal so far is kept in ${dir}`);
  });
  try {
    const files = openEventFiles(staging, {
      runId: plan.runId, header: journalHeader({ runId: plan.runId, seed: plan.seed, mode, scenario }, info), staleAfterMs: eventsCsvStaleAfterMs(scenario),
      ...(options.inlineEventFiles === true ? { inline: true } : {}),
    });
    eventFiles = files;
    if (http !== undefined) {
      const log = staging.stream('service.log');
      serviceLog = (line) => log.write(`${line}\n`);
    }
    const faulted = new LedgerBuilder(scenario, 'faulted');
    const baseline = new LedgerBuilder(scenario, 'baseline');
    const kept: RunEvent[] | undefined = options.keepEvents === true ? [] : undefined;
    const extra = options.sinks ?? [];
    // msw mode: real fetch through the MSW mocks in mocks/ (loaded only when asked for; docs/msw.md).
    // proxy mode: mocks over node:http behind Toxiproxy proxies, live clock × speed (docs/proxy-mode.md).
    const proxy = mode === 'proxy'
      ? (await import('../transports/proxy-mode.js')).createProxyMode({
        plan, speed, ...(options.toxiproxyUrl === undefined ? {} : { toxiproxyUrl: options.toxiproxyUrl }), ...(options.allowRemote === true ? { allowRemote: true } : {}),
        ...(options.cleanups === undefined ? {} : { cleanups: options.cleanups }), ...(options.warn === undefined ? {} : { log: options.warn }),
        ...(http === undefined ? {} : { service: http.service, ...(http.listen === undefined ? {} : { listen: http.listen }) }),
      })
      : undefined;
    const createTransport = mode === 'msw' ? (await import('../transports/msw-transport.js')).createMswTransport : proxy?.createTransport;
    await executePlan(plan, {
      sink: {
        emit: (e) => {
          files.add(e);
          faulted.add(e);
          baseline.add(e);
          kept?.push(e);
          for (const s of extra) s.emit(e);
        },
      },
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
      ...(options.shouldAbort === undefined ? {} : { shouldAbort: options.shouldAbort }),
      ...(createTransport === undefined ? {} : { createTransport }),
      ...(createIntegration === undefined ? {} : { createIntegration }),
      ...(proxy === undefined ? {} : { createScheduler: proxy.createScheduler }),
      ...(liveMsw ? { createScheduler: (startMs: number) => new LiveScheduler(startMs, speed, { timeoutMs: scenario.integration.timeoutMs }) } : {}),
    }).finally(() => proxy?.close());
    // The worker writes the event files while the main thread evaluates.
    const filesWritten = files.end();
    filesWritten.catch(() => undefined);
    const evaluation = evaluateLedgers({
      scenario, faulted: faulted.ledger, baseline: baseline.ledger, runId: plan.runId, seed: plan.seed, mode,
      ...(options.inlineMonteCarlo === true ? {} : { monteCarlo: monteCarloOnThread }),
    });
    const reportFiles = [...renderReportFiles(evaluation, info), ...inputFiles];
    await filesWritten;
    const finishedAt = now().toISOString();
    const dir = staging.finish({
      runId: plan.runId, scenarioId: scenario.id, scenarioFile: file, contentHash, seed: plan.seed, mode, version,
      startedAt, finishedAt, node: process.version, verdict: evaluation.verdict, incomplete: evaluation.incomplete,
      ...manifestInputs(planned),
    }, reportFiles);
    return { scenario, plan, evaluation, dir, info, events: kept ?? [], wall: { startedAt, finishedAt } };
  } catch (err) {
    eventFiles?.abort();
    staging.abort();
    throw err;
  } finally {
    unregisterSalvage?.();
  }
}

/** scenario.yaml and the data files, copied into the run folder as they were read. */
function inputCopies(planned: PlannedScenario): RunFile[] {
  return [
    { name: 'scenario.yaml', content: planned.text },
    ...planned.dataFiles.map((d): RunFile => ({ name: runFolderCopyName(d.role, d.format), content: '', bytes: d.bytes })),
  ];
}

/** manifest.json's record of the data files (none: no key). */
function manifestInputs(planned: PlannedScenario): { dataFiles?: ReturnType<typeof manifestDataFiles> } {
  return planned.dataFiles.length === 0 ? {} : { dataFiles: manifestDataFiles(planned.dataFiles) };
}

/** summary.md of a run folder kept after a forced quit: what is there and why there are no figures. */
function interruptedSummary(scenario: Scenario, runId: string): string {
  return [
    `# Drill interrupted: ${mdText(scenario.title)}`,
    '',
    `**INTERRUPTED** · scenario \`${scenario.id}\` · run \`${runId}\``,
    '',
    'The drill was stopped before it could be evaluated (a second interrupt, or a drill that did not',
    'stop in time after the first), so this folder has **no figures**: nothing here was priced.',
    '',
    '- `journal.jsonl`: every event up to the interruption (no `run.finished`, no baseline replay).',
    '- `events.csv`: the same events as rows.',
    '- `manifest.json`: `"verdict": "INTERRUPTED"`, `"incomplete": true`.',
    '',
    'Run the drill again for a report; a single Ctrl-C stops it at the next scenario minute and writes a',
    'partial report with figures.',
    '',
  ].join('\n');
}
