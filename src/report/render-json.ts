/**
 * summary.json: the machine-readable verdict (self-checks, thresholds, headline figures) for CI
 * and for `faultline compare`. Amounts are decimal strings with their currency.
 */
import type { Evaluation } from '../finance/evaluate/evaluate-run.js';
import type { LiveTimingReport } from '../finance/evaluate/live-timing-report.js';
import { REPORT_FORMAT_VERSION, type RunInfo } from './run-info.js';
import type { Table } from './tables.js';

export function renderSummaryJson(ev: Evaluation, info: RunInfo, tables: readonly Table[]): string {
  const summary = tables.find((t) => t.name === 'drill_summary')?.rows[0] ?? {};
  const doc = {
    format: 'faultline-summary',
    version: REPORT_FORMAT_VERSION,
    runId: ev.runId,
    scenarioId: ev.scenario.id,
    title: ev.scenario.title,
    faultlineVersion: info.version,
    mode: ev.mode,
    ...(info.clock === 'live' ? { clock: 'live', speed: info.speed, ...(info.autoSpeed === undefined ? {} : { autoSpeed: info.autoSpeed }) } : {}),
    ...(ev.liveTiming === undefined ? {} : { timing: timingJson(ev.liveTiming) }),
    seed: ev.seed,
    verdict: ev.verdict,
    incomplete: ev.incomplete,
    ...(ev.incompleteReason === undefined ? {} : { incompleteReason: ev.incompleteReason }),
    reportingCurrency: ev.reportingCcy,
    headline: summary,
    attribution: (tables.find((t) => t.name === 'pnl_attribution')?.rows ?? []).map((r) => ({ component: r.component, instrument: r.instrument, impact: r.impact_reporting, currency: r.reporting_ccy })),
    selfChecks: ev.selfChecks.map((c) => ({ id: c.id, title: c.title, status: c.status, detail: c.detail })),
    thresholds: ev.thresholds.map((t) => ({ name: t.name, metric: t.metric, op: t.op, limit: t.limit, actual: t.actual ?? null, unit: t.unit ?? null, status: t.status, detail: t.detail })),
    faultHits: ev.faultHits.map((h) => ({ faultId: h.faultId, kind: h.kind, target: h.target, via: h.via, requests: h.total, byOutcome: h.byOutcome, status: h.status })),
    metrics: ev.metrics,
    compliance: {
      disclaimer: ev.compliance.result.disclaimer,
      triggered: ev.compliance.counts.triggered,
      byStatus: { ON_TIME: ev.compliance.counts.onTime, AT_RISK: ev.compliance.counts.atRisk, LATE: ev.compliance.counts.late, MISSED: ev.compliance.counts.missed },
      tightestSlackSeconds: ev.compliance.tightestSlackS === '' ? null : ev.compliance.tightestSlackS,
      tightestObligation: ev.compliance.tightestObligation === '' ? null : ev.compliance.tightestObligation,
      byCause: { incident: ev.compliance.byCause.incident.triggered, routine: ev.compliance.byCause.routine.triggered },
      playbook: ev.compliance.playbookCounts,
      penaltyExposure: { ...ev.compliance.result.penaltyExposure, currency: 'AUD', note: 'indicative, not provisioned; statutory maximum, not an estimate' },
    },
    resilience: {
      tolerancesBreached: ev.resilience.breached,
      operations: ev.resilience.operations.map((o) => ({
        id: o.op.id, title: o.op.title, derived: o.op.derived,
        tolerances: o.verdicts.map((v) => ({ kind: v.kind, metric: `operation.${o.op.id}.${v.measure}`, limit: v.limit, measured: v.measured, verdict: v.verdict, breachedAt: v.breachedAtMs === undefined ? null : new Date(v.breachedAtMs).toISOString(), excess: v.excess })),
      })),
      regimes: ev.resilience.regimes.enabled,
      dora: ev.resilience.regimes.dora === undefined ? null : { major: ev.resilience.regimes.dora.major, trueAt: ev.resilience.regimes.dora.trueAtMs === undefined ? null : new Date(ev.resilience.regimes.dora.trueAtMs).toISOString(), reason: ev.resilience.regimes.dora.reason },
    },
    clients: {
      affected: ev.clients.affectedFaulted,
      affectedBaseline: ev.clients.affectedBaseline,
      supportContactRate: ev.clients.contactRate,
      supportTicketsFaulted: summary.support_tickets_faulted ?? null,
      supportTicketsBaseline: summary.support_tickets_baseline ?? null,
      supportTicketsIncreasePct: summary.support_tickets_increase_pct === undefined || summary.support_tickets_increase_pct === '' ? null : summary.support_tickets_increase_pct,
    },
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** Whether a live run kept time, per replay (the `live-timing` self-check's figures). */
function timingJson(t: LiveTimingReport): Record<string, unknown> {
  return {
    reliable: t.kept,
    speed: t.speed,
    timeoutMs: t.timeoutMs,
    lagBoundScenarioMs: t.boundMs,
    wouldHoldSpeed: t.wouldHold ?? null,
    replays: t.replays.map((r) => ({ run: r.variant, ...r.timing, lagP99ScenarioMs: r.lagP99ScenarioMs, kept: r.kept })),
  };
}
