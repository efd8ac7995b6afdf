/**
 * Short cuts of the example drills in scenarios/ for proxy mode's agreement tests
 * (test/e2e/proxy-drills.test.ts, docs/proxy-tolerances.md).
 *
 * A cut is derived from the real scenario file every time, so it cannot drift from it: the YAML
 * document is edited in place (comments, providers, integration, workload, monitoring and
 * thresholds untouched) and only the timeline changes:
 * - `start` moves forward to `lead` before the first fault, so the cut runs at the same time of
 *   day as the drill's fault (same intraday workload profile, same calendar day);
 * - every fault keeps its offset from the first fault and is clipped to `window` (a 45-minute
 *   outage becomes a `window`-long one); `duration` is lead + window + tail;
 * - a market jump inside a fault window is moved into the clipped window at the same fraction of
 *   it (stale-prices' CPI print, 10 minutes into a 40-minute frozen feed, lands a quarter of the
 *   way into the cut's window); jumps outside every fault window are dropped;
 * - faults of a kind Toxiproxy can inject (outage, latency, partial lost as timeout/reset) are
 *   `via: toxiproxy`, so proxy mode exercises real toxics; HTTP-level kinds stay in the mocks.
 */
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { loadScenario } from '../../src/io/read-scenario.js';
import { formatDuration } from '../../src/scenario/duration.js';
import type { Fault } from '../../src/scenario/model.js';
import type { RunEvent } from '../../src/engine/events.js';
import type { RunScenarioResult } from '../../src/run/run-scenario.js';

export interface CutOptions {
  /** Scenario time before the first fault (default 1m). */
  leadMs?: number;
  /** Longest fault window kept (default 4m). */
  windowMs?: number;
  /** Scenario time after the last (clipped) fault ends (default 1m). */
  tailMs?: number;
}

export interface Cut {
  /** The drill's id (file name without .yaml). */
  drill: string;
  /** The cut as YAML text, ready to write next to nothing (it has no relative references). */
  yaml: string;
  durationMs: number;
  /** Faults of the cut: id, kind, via and window offsets from the cut's start. */
  faults: { id: string; kind: string; via: 'msw' | 'toxiproxy'; atMs: number; forMs: number }[];
}

/** Whether Toxiproxy can inject this fault (docs/proxy-mode.md, "Fault → toxic mapping"). */
export function toxiproxyCapable(fault: Fault): boolean {
  if (fault.kind === 'outage' || fault.kind === 'latency') return true;
  if (fault.kind === 'partial') return fault.lostAs === 'timeout' || fault.lostAs === 'reset';
  return false;
}

/**
 * The example drills and their cuts. Default: 1m before the fault, a 3m window, and a tail long
 * enough for the alert to clear — the monitor resolves an alert only after `failures_to_alert`
 * healthy signals and as many probe intervals without a failure (src/engine/monitor.ts), so
 * recovery is measured inside the cut: 3 × 30s → 2m tail, 5 × 30s → 3m.
 */
export const DRILL_CUTS: Record<string, CutOptions> = {
  'api-v3-deprecation': { windowMs: 180_000, tailMs: 180_000 },
  'corrupt-decimal-shift': { windowMs: 180_000, tailMs: 120_000 },
  'lp-outage': { windowMs: 180_000, tailMs: 120_000 },
  'payment-503-storm-idempotent': { windowMs: 180_000, tailMs: 120_000 },
  'payment-503-storm-no-idempotency': { windowMs: 180_000, tailMs: 120_000 },
  'price-feed-outage': { windowMs: 180_000, tailMs: 120_000 },
  // No alert in the cut (5 failed signals in a row at 1m probes take longer than the window: the
  // hedger calls the LP only when the position passes its threshold), so recovery is the window's
  // end and a 1m tail suffices; a 4m window gives the 429s more hedges to hit.
  'rate-limit-429-storm': { windowMs: 240_000, tailMs: 60_000 },
  // Nothing detects a frozen feed without max_price_age (the drill's point): no alert, 1m tail.
  'stale-prices': { windowMs: 180_000, tailMs: 60_000 },
};

export async function cutScenario(file: string, options: CutOptions = {}): Promise<Cut> {
  const leadMs = options.leadMs ?? 60_000;
  const windowMs = options.windowMs ?? 240_000;
  const tailMs = options.tailMs ?? 60_000;
  const scenario = await loadScenario(file);
  const doc = parseDocument(await readFile(file, 'utf8'));
  if (scenario.faults.length === 0) throw new Error(`${file}: no faults to cut around`);
  const firstFault = Math.min(...scenario.faults.map((f) => f.startMs));
  const cutStart = firstFault - leadMs;
  if (cutStart < scenario.startMs) throw new Error(`${file}: the first fault starts less than ${formatDuration(leadMs)} into the drill`);
  const durationMs = leadMs + windowMs + tailMs;
  doc.set('start', new Date(cutStart).toISOString());
  doc.set('duration', formatDuration(durationMs));

  const faults: Cut['faults'] = [];
  scenario.faults.forEach((fault, i) => {
    const atMs = fault.startMs - cutStart;
    const forMs = Math.min(fault.endMs - fault.startMs, leadMs + windowMs - atMs);
    if (forMs <= 0) throw new Error(`${file}: fault ${fault.id} starts after the cut's window`);
    const via = toxiproxyCapable(fault) ? 'toxiproxy' : 'msw';
    doc.setIn(['faults', i, 'at'], formatDuration(atMs));
    doc.setIn(['faults', i, 'for'], formatDuration(forMs));
    if (via === 'toxiproxy') doc.setIn(['faults', i, 'via'], 'toxiproxy');
    faults.push({ id: fault.id, kind: fault.kind, via, atMs, forMs });
  });

  // Jumps: remove from the end so indices stay valid.
  for (let j = scenario.market.jumps.length - 1; j >= 0; j -= 1) {
    const jump = scenario.market.jumps[j]!;
    const inside = scenario.faults.find((f) => jump.atMs >= f.startMs && jump.atMs < f.endMs);
    if (inside === undefined) {
      doc.deleteIn(['market', 'jumps', j]);
      continue;
    }
    const cutFault = faults.find((f) => f.id === inside.id)!;
    const fraction = (jump.atMs - inside.startMs) / (inside.endMs - inside.startMs);
    doc.setIn(['market', 'jumps', j, 'at'], formatDuration(cutFault.atMs + Math.round((fraction * cutFault.forMs) / 1000) * 1000));
  }

  doc.commentBefore = ` Cut of ${file} for test/e2e/proxy-drills.test.ts (test/e2e/proxy-cuts.ts): ${formatDuration(durationMs)} from ${new Date(cutStart).toISOString()}.\n${doc.commentBefore ?? ''}`;
  const drill = scenario.id;
  return { drill, yaml: doc.toString(), durationMs, faults };
}

/** The figures a finance reviewer compares between modes, from one run (faulted replay unless named). */
export interface DrillFigures {
  paymentsExecuted: number;
  paymentAmount: number;
  ordersExecuted: number;
  tradesTotal: number;
  tradesRejected: number;
  staleFills: number;
  paymentsFailed: number;
  paymentDuplicates: number;
  unsafeRetries: number;
  pricesRejected: number;
  /** Incident P&L (faulted − baseline), reporting currency. */
  pnlTotal: number;
  /** Attribution lines summed per component, reporting currency. */
  pnl: Record<string, number>;
  /** Per fault: status, total and by outcome. */
  hits: Record<string, { status: string; total: number; byOutcome: Record<string, number> }>;
  /** Per incident (fault id): detection and recovery, ms after the fault started. */
  incidents: Record<string, { ttdMs?: number; ttmMs?: number; ttrMs?: number; failoverMs?: number; detectionSource?: string; mitigation?: string; alertOpenAtStart: boolean }>;
  /** Per SLA contract: downtime minutes and credit (reporting currency, signed). */
  sla: Record<string, { downtimeMinutes: number; credit: number }>;
  exposurePeak?: number;
  /** Attempts that timed out, per replay (real sockets add these on a loaded machine). */
  timeouts: { faulted: number; baseline: number };
}

type Exec = Extract<RunEvent, { type: 'execution' }>;

export function drillFigures(result: RunScenarioResult): DrillFigures {
  const { evaluation } = result;
  const exec = result.events.filter((e): e is Exec => e.type === 'execution' && e.run === 'faulted');
  const pays = exec.filter((e) => e.op === 'create_payment');
  const pnl: Record<string, number> = {};
  for (const line of evaluation.attribution.lines) pnl[line.component] = (pnl[line.component] ?? 0) + Number(line.impactReporting.toString());
  const hits: DrillFigures['hits'] = {};
  for (const h of evaluation.faultHits) hits[h.faultId] = { status: h.status, total: h.total, byOutcome: { ...h.byOutcome } };
  const incidents: DrillFigures['incidents'] = {};
  for (const row of evaluation.incidents.rows) {
    const since = (t: number | undefined): number | undefined => (t === undefined ? undefined : t - row.tFault);
    // An alert on the target that fired before the fault and was still open (timeouts in proxy mode):
    // the incident then has no detection of its own (incident-report.ts looks for an alert after tFault).
    let open = false;
    for (const e of result.events) {
      if (e.run !== 'faulted' || e.t >= row.tFault || !('provider' in e) || e.provider !== row.target) continue;
      if (e.type === 'alert.fired') open = true;
      else if (e.type === 'alert.resolved') open = false;
    }
    incidents[row.faultId] = { ttdMs: since(row.tDetect), ttmMs: since(row.tMitigate), ttrMs: since(row.tRecover), failoverMs: since(row.tFailover), detectionSource: row.detectionSource, mitigation: row.mitigation, alertOpenAtStart: open };
  }
  const sla: DrillFigures['sla'] = {};
  for (const row of evaluation.sla) sla[`${row.counterparty}/${row.direction}`] = { downtimeMinutes: Number(row.downtimeMinutes.toString()), credit: Number(row.creditReporting.toString()) };
  const c = evaluation.controls;
  const timeouts = { faulted: 0, baseline: 0 };
  for (const e of result.events) if (e.type === 'attempt' && e.outcome === 'timeout') timeouts[e.run] += 1;
  const peak = evaluation.metrics['exposure.peak'];
  return {
    paymentsExecuted: pays.length,
    paymentAmount: pays.reduce((s, e) => s + Number(e.amount), 0),
    ordersExecuted: exec.filter((e) => e.op === 'place_order').length,
    tradesTotal: c.tradesTotal,
    tradesRejected: c.tradesRejected,
    staleFills: c.staleFills,
    paymentsFailed: c.paymentsFailed,
    paymentDuplicates: c.paymentDuplicates,
    unsafeRetries: c.unsafeRetries,
    pricesRejected: c.pricesRejected,
    pnlTotal: Number(evaluation.attribution.incidentTotal.toString()),
    pnl,
    hits,
    incidents,
    sla,
    ...(peak === undefined ? {} : { exposurePeak: Number(peak) }),
    timeouts,
  };
}
