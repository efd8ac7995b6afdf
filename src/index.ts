/**
 * faultline as a library: the same pipeline the CLI runs, one function per arrow of design.md.
 *
 * ```ts
 * import { readScenario, planRun, executePlan, collectingSink, evaluateRun } from 'faultline';
 * const parsed = await readScenario('scenarios/lp-outage.yaml');
 * if (parsed.scenario) {
 *   const plan = planRun(parsed.scenario, { version: '0.1.0', contentHash: 'dev' });
 *   const sink = collectingSink();
 *   await executePlan(plan, { sink });
 *   const evaluation = evaluateRun({ scenario: parsed.scenario, events: sink.events, runId: plan.runId, seed: plan.seed, mode: 'sim' });
 *   console.log(evaluation.attribution.incidentTotal.toFixed(2));
 * }
 * ```
 */

/** Errors with a stable code, a title, detail and a hint. */
export { FaultlineError, isFaultlineError, type ErrorKind, type FaultlineErrorDetails } from './errors.js';
/** The exit-code table of the CLI. */
export { ExitCode, type ExitCodeValue } from './cli/exit-codes.js';

/** Scenario format v1: zod schema of the file, the normalised model, parsing with located problems. */
export { ScenarioFile, type ScenarioFileInput } from './scenario/schema.js';
export type { Scenario, Fault, Provider, ThresholdModel } from './scenario/model.js';
export { parseScenarioText, type ParsedScenario } from './scenario/parse-scenario-text.js';
export { compileScenario } from './scenario/compile-scenario.js';
export { scenarioJsonSchema } from './scenario/json-schema.js';
export { METRICS, OPERATION_MEASURES, isKnownMetric, metricInfo } from './scenario/metrics.js';
/** Read a scenario file from disk (problems, never throws for a user error). */
export { readScenario, loadScenario } from './io/read-scenario.js';

/** The engine: plan (pure), execute (both replays on a virtual clock), the event stream and its ports. */
export { planRun, type Plan, type PlanOptions, type RunMode } from './engine/plan.js';
export { executePlan, type ExecuteOptions } from './engine/execute.js';
export { collectingSink, fanOut, type Clock, type EventSink, type Transport, type ProviderRequest, type ProviderResponse } from './engine/ports.js';
export { createRng, type Rng } from './engine/rng.js';
export { VirtualScheduler } from './engine/scheduler.js';
export { JOURNAL_FORMAT_VERSION, type RunEvent, type RunVariant } from './engine/events.js';

/** Evaluation: P&L attribution, exposure, SLA, incidents, thresholds, self-checks. */
export { evaluateRun, type Evaluation, type SelfCheck } from './finance/evaluate/evaluate-run.js';

/** One drill end to end, writing the report folder (what `faultline run` does per scenario). */
export { runScenarioFile, type RunScenarioOptions, type RunScenarioResult } from './run/run-scenario.js';
export { renderReportFiles, renderJournal } from './run/render-report.js';
export { applyDrillV8Flags } from './run/v8-flags.js';

/** The embedded Toxiproxy-compatible server. */
export { startToxiproxyServer, type ToxiproxyServer, type ToxiproxyServerOptions } from './toxiproxy/index.js';
