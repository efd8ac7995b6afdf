/**
 * Incidents (finance-reference.md §7): one per fault of the faulted replay, timed against the true
 * fault start, which only a drill knows. Also the detection bound of the synthetic monitor and the
 * error budget each provider's SLO lost.
 */
import { ledgerTimeline, type RunLedger, type TimelineEntry } from './ledger.js';
import type { Fault, Scenario } from '../../scenario/model.js';
import type { Dec } from '../decimal.js';
import { computeDetectionBound, computeErrorBudget, summarizeDurations, type DetectionBound, type DurationSummary, type IncidentTimings } from '../incidents.js';

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

/**
 * A bad event a fault on a provider of `role` can cause: rejected trades and rejected prices for a
 * price feed, failed hedges for a liquidity provider, failed payments for a gateway. Impact is
 * attributed by role, so one fault's incident does not start at another provider's trouble.
 */
function isImpactOf(e: TimelineEntry, role: string | undefined, target: string, staleFillIds: ReadonlySet<string>): boolean {
  switch (role) {
    case 'price_feed':
      return (e.type === 'trade' && (e.outcome === 'REJECTED' || staleFillIds.has(e.id))) || (e.type === 'price.rejected' && e.provider === target);
    case 'liquidity_provider':
      return e.type === 'order' && e.outcome !== 'FILLED';
    case 'payment_gateway':
      return e.type === 'payment' && e.outcome !== 'SUCCEEDED';
    default:
      return false;
  }
}

/** Seconds from a to b; negative when b precedes a (e.g. detected before any customer impact). */
function secondsBetween(a: number | undefined, b: number | undefined): number | null {
  return a === undefined || b === undefined ? null : (b - a) / 1000;
}

export function computeIncidents(scenario: Scenario, ledger: RunLedger, staleFillIds: ReadonlySet<string>): IncidentSummary {
  const run = ledgerTimeline(ledger);
  const rows = scenario.faults.map((fault, i) => incidentFor(scenario, run, ledger, fault, i, staleFillIds));
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

function incidentFor(scenario: Scenario, run: readonly TimelineEntry[], ledger: RunLedger, fault: Fault, index: number, staleFillIds: ReadonlySet<string>): IncidentRow {
  const after = run.filter((e) => e.t >= fault.startMs);
  const role = scenario.providers.find((p) => p.id === fault.target)?.role;
  const impactEvent = after.find((e) => isImpactOf(e, role, fault.target, staleFillIds));
  const fired = after.find((e) => e.type === 'alert.fired' && e.provider === fault.target);
  const alertId = fired !== undefined && fired.type === 'alert.fired' ? fired.alertId : undefined;
  const ack = alertId === undefined ? undefined : after.find((e) => e.type === 'alert.acknowledged' && e.alertId === alertId);
  const resolved = alertId === undefined ? undefined : after.find((e) => e.type === 'alert.resolved' && e.alertId === alertId);
  // Mitigation is routing away from the failed provider (a breaker opening alone changes nothing for customers).
  const failover = after.find((e) => e.type === 'failover' && e.from === fault.target);
  const tRecover = resolved?.t ?? (fired === undefined ? fault.endMs : undefined);
  const tMitigate = failover?.t ?? tRecover;
  const tResolve = ack === undefined ? undefined : ack.t + scenario.monitoring.timeToResolveMs;
  const windowEnd = tRecover ?? fault.endMs;
  const series = ledger.attempts.get(fault.target) ?? { t: [], ok: [] };
  let attemptCount = 0;
  let bad = 0;
  for (let i = 0; i < series.t.length; i++) {
    const t = series.t[i]!;
    if (t < fault.startMs || t > windowEnd) continue;
    attemptCount += 1;
    if (!series.ok[i]) bad += 1;
  }
  const attempts = { length: attemptCount };
  // Customers affected: anyone with a bad outcome while the fault lasted or until recovery, whichever
  // is later, including customers charged twice (duplicates surface as executions, not failures).
  const customers = new Set<string>();
  const customerOf = new Map<string, string>();
  for (const e of run) if (e.type === 'payment') customerOf.set(e.paymentId, e.customerId);
  const impactEnd = Math.max(fault.endMs, windowEnd);
  for (const e of run) {
    if (e.t < fault.startMs || e.t > impactEnd) continue;
    if (!isImpactOf(e, role, fault.target, staleFillIds) && !(e.type === 'execution' && e.occurrence > 1 && e.provider === fault.target)) continue;
    if (e.type === 'trade') customers.add(e.clientId);
    if (e.type === 'payment') customers.add(e.customerId);
    if (e.type === 'execution' && e.op === 'create_payment') customers.add(customerOf.get(e.reference) ?? e.reference);
  }
  const tImpact = impactEvent?.t ?? fault.startMs;
  // Timings are computed here rather than by computeIncidentTimings, which rejects negative spans:
  // detecting a fault before any customer feels it is the good case and must not be an error.
  const nonNegative = (x: number | null): number | null => (x === null ? null : Math.max(0, x));
  const timings: IncidentTimings = {
    ttdS: secondsBetween(fault.startMs, fired?.t),
    ttdFromImpactS: secondsBetween(tImpact, fired?.t),
    ttaS: secondsBetween(fired?.t, ack?.t),
    ttmS: nonNegative(secondsBetween(tImpact, tMitigate)),
    ttrRecoverS: nonNegative(secondsBetween(tImpact, tRecover)),
    ttrResolveS: nonNegative(secondsBetween(tImpact, tResolve)),
  };
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
    ...(tMitigate === undefined ? {} : { tMitigate, mitigation: failover === undefined || failover.type !== 'failover' ? 'recovery' : `failover to ${failover.to} (${failover.reason})` }),
    ...(tRecover === undefined ? {} : { tRecover }),
    ...(tResolve === undefined ? {} : { tResolve }),
    timings,
    sliBadEvents: bad,
    sliTotalEvents: attempts.length,
    customersAffected: customers.size,
    ...(budget === undefined ? {} : { errorBudgetConsumedPct: budget.consumedPct, burnRate: budget.burnRate }),
  };
}
