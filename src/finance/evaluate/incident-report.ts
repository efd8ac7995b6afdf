/**
 * Incidents (finance-reference.md §7): one per fault of the faulted replay, timed against the true
 * fault start, which only a drill knows. Also the detection bound of the synthetic monitor and the
 * error budget each provider's SLO lost.
 */
import type { RunEvent, RunVariant } from '../../engine/events.js';
import type { Fault, Scenario } from '../../scenario/model.js';
import type { Dec } from '../decimal.js';
import { computeDetectionBound, computeErrorBudget, computeIncidentTimings, summarizeDurations, type DetectionBound, type DurationSummary, type IncidentTimings } from '../incidents.js';

export interface IncidentRow {
  incidentId: string;
  faultId: string;
  faultType: string;
  target: string;
  tFault: number;
  tImpact?: number;
  tDetect?: number;
  detectionSource?: string;
  tAck?: number;
  tMitigate?: number;
  mitigation?: string;
  tRecover?: number;
  tResolve?: number;
  timings: IncidentTimings;
  sliBadEvents: number;
  sliTotalEvents: number;
  customersAffected: number;
  /** Error budget of the target's SLO consumed by this incident (when it has an SLA target). */
  errorBudgetConsumedPct?: Dec;
  burnRate?: Dec;
}

export interface IncidentSummary {
  rows: IncidentRow[];
  bound: DetectionBound;
  ttd: DurationSummary;
  tta: DurationSummary;
  ttm: DurationSummary;
  ttrRecover: DurationSummary;
}

const MONTH_MINUTES_30D = 43_200;

function isBadCustomerEvent(e: RunEvent): boolean {
  return (e.type === 'trade' && e.outcome === 'REJECTED')
    || (e.type === 'payment' && e.outcome !== 'SUCCEEDED')
    || (e.type === 'order' && e.outcome !== 'FILLED')
    || e.type === 'price.rejected';
}

export function computeIncidents(scenario: Scenario, events: readonly RunEvent[], variant: RunVariant, staleFillIds: ReadonlySet<string>): IncidentSummary {
  const run = events.filter((e) => e.run === variant);
  const rows = scenario.faults.map((fault, i) => incidentFor(scenario, run, fault, i, staleFillIds));
  const m = scenario.monitoring;
  return {
    rows,
    bound: computeDetectionBound(m.probeIntervalMs / 1000, m.failuresToAlert),
    ttd: summarizeDurations(rows.map((r) => r.timings.ttdS)),
    tta: summarizeDurations(rows.map((r) => r.timings.ttaS)),
    ttm: summarizeDurations(rows.map((r) => r.timings.ttmS)),
    ttrRecover: summarizeDurations(rows.map((r) => r.timings.ttrRecoverS)),
  };
}

function incidentFor(scenario: Scenario, run: readonly RunEvent[], fault: Fault, index: number, staleFillIds: ReadonlySet<string>): IncidentRow {
  const after = run.filter((e) => e.t >= fault.startMs);
  const impactEvent = after.find((e) => isBadCustomerEvent(e) || (e.type === 'trade' && staleFillIds.has(e.tradeId)));
  const fired = after.find((e) => e.type === 'alert.fired' && e.provider === fault.target);
  const alertId = fired !== undefined && fired.type === 'alert.fired' ? fired.alertId : undefined;
  const ack = alertId === undefined ? undefined : after.find((e) => e.type === 'alert.acknowledged' && e.alertId === alertId);
  const resolved = alertId === undefined ? undefined : after.find((e) => e.type === 'alert.resolved' && e.alertId === alertId);
  const failover = after.find((e) => (e.type === 'failover' && e.from === fault.target) || (e.type === 'circuit.opened' && e.provider === fault.target));
  const tRecover = resolved?.t ?? (fired === undefined ? fault.endMs : undefined);
  const tMitigate = failover?.t ?? tRecover;
  const tResolve = ack === undefined ? undefined : ack.t + scenario.monitoring.timeToResolveMs;
  const windowEnd = tRecover ?? fault.endMs;
  const attempts = run.filter((e) => e.type === 'attempt' && e.provider === fault.target && e.t >= fault.startMs && e.t <= windowEnd);
  const bad = attempts.filter((e) => e.type === 'attempt' && e.outcome !== 'ok').length;
  const customers = new Set<string>();
  for (const e of run) {
    if (e.t < fault.startMs || e.t > windowEnd) continue;
    if (e.type === 'trade' && (e.outcome === 'REJECTED' || staleFillIds.has(e.tradeId))) customers.add(e.clientId);
    if (e.type === 'payment' && e.outcome !== 'SUCCEEDED') customers.add(e.customerId);
  }
  const timings = computeIncidentTimings({
    tFault: fault.startMs,
    ...(impactEvent === undefined ? {} : { tImpact: impactEvent.t }),
    ...(fired === undefined ? {} : { tDetect: fired.t }),
    ...(ack === undefined ? {} : { tAck: ack.t }),
    ...(tMitigate === undefined || tMitigate < (impactEvent?.t ?? fault.startMs) ? {} : { tMitigate }),
    ...(tRecover === undefined || tRecover < (impactEvent?.t ?? fault.startMs) ? {} : { tRecover }),
    ...(tResolve === undefined || tResolve < (impactEvent?.t ?? fault.startMs) ? {} : { tResolve }),
  });
  const sla = scenario.providers.find((p) => p.id === fault.target)?.sla;
  const observedMinutes = (windowEnd - fault.startMs) / 60_000;
  const budget = sla === undefined || sla.uptimeTarget >= 100 || attempts.length === 0 || observedMinutes <= 0
    ? undefined
    : computeErrorBudget({ slo: String(sla.uptimeTarget / 100), windowMinutes: MONTH_MINUTES_30D, errorRatio: String(bad / attempts.length), observedMinutes });
  return {
    incidentId: `INC-${String(index + 1).padStart(3, '0')}`,
    faultId: fault.id,
    faultType: fault.kind,
    target: fault.target,
    tFault: fault.startMs,
    ...(impactEvent === undefined ? {} : { tImpact: impactEvent.t }),
    ...(fired === undefined || fired.type !== 'alert.fired' ? {} : { tDetect: fired.t, detectionSource: fired.source }),
    ...(ack === undefined ? {} : { tAck: ack.t }),
    ...(tMitigate === undefined ? {} : { tMitigate, mitigation: failover === undefined ? 'recovery' : failover.type === 'failover' ? `failover to ${failover.to} (${failover.reason})` : 'circuit opened' }),
    ...(tRecover === undefined ? {} : { tRecover }),
    ...(tResolve === undefined ? {} : { tResolve }),
    timings,
    sliBadEvents: bad,
    sliTotalEvents: attempts.length,
    customersAffected: customers.size,
    ...(budget === undefined ? {} : { errorBudgetConsumedPct: budget.consumedPct, burnRate: budget.burnRate }),
  };
}
