/**
 * Incidents (finance-reference.md §7): one per fault of the faulted replay, timed against the true
 * fault start, which only a drill knows. Also the detection bound of the synthetic monitor and the
 * error budget each provider's SLO lost.
 */
import type { KeptEvent, RunLedger } from './ledger.js';
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
 * The bad events a fault on a provider of `role` can cause: rejected trades and rejected prices for
 * a price feed, failed hedges for a liquidity provider, failed payments for a gateway. Impact is
 * attributed by role, so one fault's incident does not start at another provider's trouble.
 * Visits each one at or after `from` (any order), with its sequence number, time and the client or
 * customer it hit (none for prices and hedges). Read straight off the ledger's tables: a long drill
 * has ~200k records per replay, and a merged timeline of views was most of this report's cost.
 */
function forEachImpact(
  ledger: RunLedger, role: string | undefined, target: string, staleFillIds: ReadonlySet<string>, from: number,
  visit: (seq: number, t: number, customer: string | undefined) => void,
): void {
  if (role === 'price_feed') {
    for (const e of ledger.trades.values()) if (e.t >= from && (e.outcome === 'REJECTED' || staleFillIds.has(e.id))) visit(e.seq, e.t, e.clientId);
    for (const e of ledger.events) if (e.t >= from && e.type === 'price.rejected' && e.provider === target) visit(e.seq, e.t, undefined);
  } else if (role === 'liquidity_provider') {
    for (const e of ledger.events) if (e.t >= from && e.type === 'order' && e.outcome !== 'FILLED') visit(e.seq, e.t, undefined);
  } else if (role === 'payment_gateway') {
    for (const e of ledger.paymentEvents.values()) if (e.t >= from && e.outcome !== 'SUCCEEDED') visit(e.seq, e.t, e.customerId);
  }
}

/** The first kept event (in emission order) at or after `from` that `match` accepts. */
function firstKept<T extends KeptEvent>(ledger: RunLedger, from: number, match: (e: KeptEvent) => e is T): T | undefined {
  for (const e of ledger.events) if (e.t >= from && match(e)) return e;
  return undefined;
}

/** Seconds from a to b; negative when b precedes a (e.g. detected before any customer impact). */
function secondsBetween(a: number | undefined, b: number | undefined): number | null {
  return a === undefined || b === undefined ? null : (b - a) / 1000;
}

export function computeIncidents(scenario: Scenario, ledger: RunLedger, staleFillIds: ReadonlySet<string>): IncidentSummary {
  const rows = scenario.faults.map((fault, i) => incidentFor(scenario, ledger, fault, i, staleFillIds));
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

type Alert = Extract<KeptEvent, { type: 'alert.fired' | 'alert.acknowledged' | 'alert.resolved' }>;
type Failover = Extract<KeptEvent, { type: 'failover' }>;

function incidentFor(scenario: Scenario, ledger: RunLedger, fault: Fault, index: number, staleFillIds: ReadonlySet<string>): IncidentRow {
  const role = scenario.providers.find((p) => p.id === fault.target)?.role;
  const fired = firstKept(ledger, fault.startMs, (e): e is Alert => e.type === 'alert.fired' && e.provider === fault.target);
  const alertId = fired?.alertId;
  const ack = alertId === undefined ? undefined : firstKept(ledger, fault.startMs, (e): e is Alert => e.type === 'alert.acknowledged' && e.alertId === alertId);
  const resolved = alertId === undefined ? undefined : firstKept(ledger, fault.startMs, (e): e is Alert => e.type === 'alert.resolved' && e.alertId === alertId);
  // Mitigation is routing away from the failed provider (a breaker opening alone changes nothing for customers).
  const failover = firstKept(ledger, fault.startMs, (e): e is Failover => e.type === 'failover' && e.from === fault.target);
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
  // One pass over the impacts gives both: the first in emission order (the smallest sequence
  // number) and the customers hit until the impact window closes.
  const customers = new Set<string>();
  const impactEnd = Math.max(fault.endMs, windowEnd);
  const first = { seq: Number.POSITIVE_INFINITY, t: 0 };
  forEachImpact(ledger, role, fault.target, staleFillIds, fault.startMs, (seq, t, customer) => {
    if (seq < first.seq) Object.assign(first, { seq, t });
    if (t <= impactEnd && customer !== undefined) customers.add(customer);
  });
  const impactEvent = Number.isFinite(first.seq) ? first : undefined;
  for (const x of ledger.executionEvents) {
    if (x.t < fault.startMs || x.t > impactEnd || x.occurrence <= 1 || x.provider !== fault.target || x.op !== 'create_payment') continue;
    customers.add(ledger.paymentEvents.get(x.reference)?.customerId ?? x.reference);
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
    ...(fired === undefined ? {} : { tDetect: fired.t, detectionSource: fired.source }),
    ...(ack === undefined ? {} : { tAck: ack.t }),
    ...(tMitigate === undefined ? {} : { tMitigate, mitigation: failover === undefined ? 'recovery' : `failover to ${failover.to} (${failover.reason})` }),
    ...(tRecover === undefined ? {} : { tRecover }),
    ...(tResolve === undefined ? {} : { tResolve }),
    timings,
    sliBadEvents: bad,
    sliTotalEvents: attempts.length,
    customersAffected: customers.size,
    ...(budget === undefined ? {} : { errorBudgetConsumedPct: budget.consumedPct, burnRate: budget.burnRate }),
  };
}
