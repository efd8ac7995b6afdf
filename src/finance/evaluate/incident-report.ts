/**
 * Incidents (finance-reference.md §7): one per fault of the faulted replay, timed against the true
 * fault start, which only a drill knows. Also the detection bound of the synthetic monitor and the
 * error budget each provider's SLO lost.
 */
import type { KeptEvent, RunLedger } from './ledger.js';
import type { Fault, ProviderRole, Scenario } from '../../scenario/model.js';
import { collectCustomerOutcomes, measureFaultImpact, type CustomerOutcome, type FaultImpact } from './customer-impact.js';
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
  /** Customer impact stopped: the last customer-visible harm the fault caused (t_fault when there was none). */
  tMitigate: number;
  mitigation: string;
  /** The first failover away from the target after the fault began (before its restoration), if any. */
  tFailover?: number;
  /** Service restored: the first clean success on the target after the fault's last effect (ground truth). */
  tRecover?: number;
  /** The monitor's alert resolution (with its hysteresis), beside the truth, never instead of it. */
  tAlertResolved?: number;
  tResolve?: number;
  timings: IncidentTimings;
  sliBadEvents: number;
  sliTotalEvents: number;
  customersAffected: number;
  /** Customer-visible harm events (failed or stale trades, failed hedges, failed or unknown payments, duplicate charges). */
  harmEvents: number;
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

/** The SLO window of the error budget: 30 days (Google SRE Workbook, finance-reference.md §7.3). */
export const ERROR_BUDGET_WINDOW_MINUTES = 43_200;

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
  const outcomes = collectCustomerOutcomes(ledger, staleFillIds);
  const rows = scenario.faults.map((fault, i) => incidentFor(scenario, ledger, fault, i, outcomes));
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

/** How the impact ended, for the `mitigation` column: a failover only when no harm followed it. */
function describeMitigation(impact: FaultImpact): string {
  const last = impact.harm.at(-1);
  if (impact.failover !== undefined && (last === undefined || last.t <= impact.failover.t)) return `failover to ${impact.failover.to} (${impact.failover.reason})`;
  if (last === undefined) return 'no customer impact';
  return impact.restoredAt === undefined ? 'not restored by the drill\'s end' : 'provider restored';
}

function incidentFor(scenario: Scenario, ledger: RunLedger, fault: Fault, index: number, outcomes: ReadonlyMap<ProviderRole, readonly CustomerOutcome[]>): IncidentRow {
  const fired = firstKept(ledger, fault.startMs, (e): e is Alert => e.type === 'alert.fired' && e.provider === fault.target);
  const alertId = fired?.alertId;
  const ack = alertId === undefined ? undefined : firstKept(ledger, fault.startMs, (e): e is Alert => e.type === 'alert.acknowledged' && e.alertId === alertId);
  const resolved = alertId === undefined ? undefined : firstKept(ledger, fault.startMs, (e): e is Alert => e.type === 'alert.resolved' && e.alertId === alertId);
  // Ground truth (customer-impact.ts): restoration from the provider's own answers, mitigation from
  // the customers' outcomes. The monitor's resolution is reported beside them (t_alert_resolved).
  const impact = measureFaultImpact(scenario, ledger, fault, outcomes);
  const first = impact.harm[0];
  const last = impact.harm.at(-1);
  const tRecover = impact.restoredAt;
  // No customer-visible harm: impact never began, so it is mitigated from the fault's start.
  const tMitigate = last?.t ?? fault.startMs;
  const tResolve = ack === undefined ? undefined : ack.t + scenario.monitoring.timeToResolveMs;
  const windowEnd = tRecover ?? fault.endMs;
  const series = ledger.attempts.get(fault.target);
  let attemptCount = 0;
  let bad = 0;
  if (series !== undefined) {
    for (let i = 0; i < series.t.length; i++) {
      const t = series.t[i]!;
      if (t < fault.startMs || t > windowEnd) continue;
      attemptCount += 1;
      if (!series.ok[i]) bad += 1;
    }
  }
  const customers = new Set<string>();
  for (const h of impact.harm) if (h.customer !== undefined) customers.add(h.customer);
  const tImpact = first?.t ?? fault.startMs;
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
  const budget = sla === undefined || sla.uptimeTarget >= 100 || attemptCount === 0 || observedMinutes <= 0
    ? undefined
    : computeErrorBudget({ slo: String(sla.uptimeTarget / 100), windowMinutes: ERROR_BUDGET_WINDOW_MINUTES, errorRatio: String(bad / attemptCount), observedMinutes });
  return {
    incidentId: `INC-${String(index + 1).padStart(3, '0')}`,
    faultId: fault.id,
    faultType: fault.kind,
    target: fault.target,
    tFault: fault.startMs,
    ...(first === undefined ? {} : { tImpact: first.t }),
    ...(fired === undefined ? {} : { tDetect: fired.t, detectionSource: fired.source }),
    ...(ack === undefined ? {} : { tAck: ack.t }),
    tMitigate,
    mitigation: describeMitigation(impact),
    ...(impact.failover === undefined ? {} : { tFailover: impact.failover.t }),
    ...(tRecover === undefined ? {} : { tRecover }),
    ...(resolved === undefined ? {} : { tAlertResolved: resolved.t }),
    ...(tResolve === undefined ? {} : { tResolve }),
    timings,
    sliBadEvents: bad,
    sliTotalEvents: attemptCount,
    customersAffected: customers.size,
    harmEvents: impact.harm.length,
    ...(budget === undefined ? {} : { errorBudgetConsumedPct: budget.consumedPct, burnRate: budget.burnRate }),
  };
}
