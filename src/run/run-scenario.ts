/**
 * One drill, end to end: read and validate the scenario, plan, execute both replays, evaluate,
 * render, and write the run folder. Used by `faultline run` and by the library API.
 */
import { readFile } from 'node:fs/promises';
import { executePlan } from '../engine/execute.js';
import type { RunEvent, RunVariant } from '../engine/events.js';
import { planRun, type Plan, type RunMode } from '../engine/plan.js';
import { collectingSink, type EventSink } from '../engine/ports.js';
import { FaultlineError } from '../errors.js';
import { evaluateRun, type Evaluation } from '../finance/evaluate/evaluate-run.js';
import { loadScenario } from '../io/read-scenario.js';
import { faultlineVersion } from '../io/version.js';
import { sha256, writeRunDirectory } from '../io/write-run-dir.js';
import type { RunInfo } from '../report/run-info.js';
import type { Scenario } from '../scenario/model.js';
import { renderJournal, renderReportFiles } from './render-report.js';

export interface RunScenarioOptions {
  seed?: number;
  mode?: RunMode;
  /** Parent folder of `<scenario-id>/<run-id>/` (default `reports`). */
  out?: string;
  /** Extra sinks for the event stream (progress reporters, dashboards). */
  sinks?: EventSink[];
  onProgress?: (variant: RunVariant, t: number) => void;
  /** Wall clock for the manifest only (never for report bodies). */
  now?: () => Date;
}

export interface RunScenarioResult {
  scenario: Scenario;
  plan: Plan;
  evaluation: Evaluation;
  dir: string;
  events: RunEvent[];
}

/** Proxy mode arrives in a later version; say so instead of pretending. */
export function assertModeAvailable(mode: RunMode): void {
  if (mode === 'sim' || mode === 'msw') return;
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
  const text = await readFile(file, 'utf8').catch((cause: unknown) => {
    throw new FaultlineError({ code: 'SCENARIO_UNREADABLE', kind: 'invalid-input', title: `cannot read ${file}`, detail: cause instanceof Error ? cause.message : String(cause), hint: 'check the path', cause });
  });
  const scenario = await loadScenario(file);
  const version = faultlineVersion();
  const contentHash = sha256(text);
  const plan = planRun(scenario, { ...(options.seed === undefined ? {} : { seed: options.seed }), mode, version, contentHash });
  const sink = collectingSink();
  const sinks = [sink, ...(options.sinks ?? [])];
  // msw mode: real fetch through the MSW mocks in mocks/ (loaded only when asked for).
  const createTransport = mode === 'msw' ? (await import('../transports/msw-transport.js')).createMswTransport : undefined;
  await executePlan(plan, {
    sink: { emit: (e) => { for (const s of sinks) s.emit(e); } },
    ...(createTransport === undefined ? {} : { createTransport }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  });
  const evaluation = evaluateRun({ scenario, events: sink.events, runId: plan.runId, seed: plan.seed, mode });
  const info: RunInfo = { version, scenarioFile: file, contentHash, mode, clock: 'virtual' };
  const files = [
    ...renderReportFiles(evaluation, info),
    { name: 'journal.jsonl', content: renderJournal(evaluation, info, sink.events) },
    { name: 'scenario.yaml', content: text },
  ];
  const dir = await writeRunDirectory(options.out ?? 'reports', {
    runId: plan.runId, scenarioId: scenario.id, scenarioFile: file, contentHash, seed: plan.seed, mode, version,
    startedAt, finishedAt: now().toISOString(), node: process.version, verdict: evaluation.verdict, incomplete: evaluation.incomplete,
  }, files);
  return { scenario, plan, evaluation, dir, events: sink.events };
}
