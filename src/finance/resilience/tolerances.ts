/**
 * A verdict per tolerance of a critical operation (tolerances.csv): WITHIN or BREACHED, the instant
 * it was breached and by how much. Values are in the metric catalogue's canonical units (duration
 * ms, counts, percent, reporting-currency amounts as decimal strings), so the same figures feed
 * thresholds (`operation.<id>.<measure>`) and the reports.
 *
 * Breach instants (docs/resilience.md §3):
 * - max_disruption: the first episode longer than the tolerance, at its start + the tolerance;
 * - max_data_loss: the answer of the (tolerance + 1)-th record lost or of unknown outcome;
 * - min_service_level: the end of the first window whose level fell below it (when the window's measure was complete);
 * - max_customers_affected: the arrival of the first transaction of the (tolerance + 1)-th customer affected;
 * - max_value_affected: the arrival of the affected transaction that took the running total above it.
 * Excess: longest disruption − tolerance; count − tolerance; tolerance − lowest level (percentage
 * points); total value − tolerance.
 */
import type { OperationModel } from '../../scenario/model.js';
import { dec, plain, ZERO } from '../decimal.js';
import type { OperationMeasures } from './measure.js';

export type ToleranceKind = 'max_disruption' | 'max_data_loss' | 'min_service_level' | 'max_customers_affected' | 'max_value_affected';

/** The order tolerances are listed in, and the operation measure (metric) each is compared with. */
export const TOLERANCE_KINDS: readonly { kind: ToleranceKind; measure: string; unit: 'duration' | 'count' | 'percent' | 'money' }[] = [
  { kind: 'max_disruption', measure: 'disruption', unit: 'duration' },
  { kind: 'max_data_loss', measure: 'data_loss', unit: 'count' },
  { kind: 'min_service_level', measure: 'service_level', unit: 'percent' },
  { kind: 'max_customers_affected', measure: 'customers_affected', unit: 'count' },
  { kind: 'max_value_affected', measure: 'value_affected', unit: 'money' },
];

/** The tolerance levels CPS 230 para 38 requires (the others are the firm's own extra measures). */
export const CPS230_TOLERANCE_KINDS: ReadonlySet<ToleranceKind> = new Set(['max_disruption', 'max_data_loss', 'min_service_level']);

export interface ToleranceVerdict {
  operationId: string;
  kind: ToleranceKind;
  /** The metric it is compared with (`operation.<id>.<measure>`). */
  measure: string;
  unit: 'duration' | 'count' | 'percent' | 'money';
  /** Canonical units (ms, count, percent, reporting-currency amount). */
  limit: string;
  measured: string;
  verdict: 'WITHIN' | 'BREACHED';
  breachedAtMs?: number;
  /** How far past the tolerance, canonical units; '0' when within. */
  excess: string;
  /** For min_service_level: the time a transaction had to be served in. */
  withinMs?: number;
}

/** The measured value of an operation measure, canonical units; undefined when it cannot be measured (no traffic). */
export function measuredValue(measure: string, m: OperationMeasures): string | undefined {
  switch (measure) {
    case 'disruption':
      return String(m.longestDisruptionMs);
    case 'data_loss':
      return String(m.dataLoss.length);
    case 'service_level':
      return m.worstLevelMinPct === undefined ? undefined : plain(m.worstLevelMinPct);
    case 'customers_affected':
      return String(m.customers.length);
    case 'value_affected':
      return plain(m.valueAffected);
    default:
      return undefined;
  }
}

/**
 * The one rule for a verdict: a measure is outside its tolerance when it is above it (the minimum
 * service level: below it). Exactly at the tolerance is WITHIN. '' (not measured: no traffic) is WITHIN.
 */
export function isBreached(kind: ToleranceKind, measured: string, limit: string): boolean {
  if (measured === '') return false;
  return kind === 'min_service_level' ? dec(measured).lt(dec(limit)) : dec(measured).gt(dec(limit));
}

/** Every set tolerance of `op`, judged against its measures. */
export function judgeTolerances(op: OperationModel, m: OperationMeasures): ToleranceVerdict[] {
  const t = op.tolerances;
  const out: ToleranceVerdict[] = [];
  const base = (kind: ToleranceKind) => {
    const k = TOLERANCE_KINDS.find((x) => x.kind === kind)!;
    return { operationId: op.id, kind, measure: k.measure, unit: k.unit };
  };
  if (t.maxDisruptionMs !== undefined) {
    const max = t.maxDisruptionMs;
    const first = m.episodes.find((e) => e.endMs - e.startMs > max);
    out.push({
      ...base('max_disruption'), limit: String(max), measured: String(m.longestDisruptionMs),
      ...(first === undefined || !isBreached('max_disruption', String(m.longestDisruptionMs), String(max)) ? { verdict: 'WITHIN' as const, excess: '0' } : { verdict: 'BREACHED' as const, breachedAtMs: first.startMs + max, excess: String(m.longestDisruptionMs - max) }),
    });
  }
  if (t.maxDataLoss !== undefined) {
    const max = t.maxDataLoss;
    const n = m.dataLoss.length;
    out.push({
      ...base('max_data_loss'), limit: String(max), measured: String(n),
      ...(!isBreached('max_data_loss', String(n), String(max)) ? { verdict: 'WITHIN' as const, excess: '0' } : { verdict: 'BREACHED' as const, breachedAtMs: m.dataLoss[max]!.answeredAt, excess: String(n - max) }),
    });
  }
  if (t.minServiceLevel !== undefined) {
    const min = dec(String(t.minServiceLevel.servedPct));
    const first = m.windows.find((w) => w.levelMinPct !== undefined && w.levelMinPct.lt(min));
    const worst = m.worstLevelMinPct;
    out.push({
      ...base('min_service_level'), limit: plain(min), measured: worst === undefined ? '' : plain(worst), withinMs: t.minServiceLevel.withinMs,
      ...(first === undefined || worst === undefined || !isBreached('min_service_level', plain(worst), plain(min)) ? { verdict: 'WITHIN' as const, excess: '0' } : { verdict: 'BREACHED' as const, breachedAtMs: first.endMs, excess: plain(min.minus(worst)) }),
    });
  }
  if (t.maxCustomersAffected !== undefined) {
    const max = t.maxCustomersAffected;
    const n = m.customers.length;
    out.push({
      ...base('max_customers_affected'), limit: String(max), measured: String(n),
      ...(!isBreached('max_customers_affected', String(n), String(max)) ? { verdict: 'WITHIN' as const, excess: '0' } : { verdict: 'BREACHED' as const, breachedAtMs: m.customers[max]!.firstAffectedMs, excess: String(n - max) }),
    });
  }
  if (t.maxValueAffected !== undefined) {
    const max = dec(t.maxValueAffected);
    let running = ZERO;
    let at: number | undefined;
    const byArrival = [...m.affected].sort((a, b) => a.item.arrivedAt - b.item.arrivedAt || (a.item.id < b.item.id ? -1 : a.item.id > b.item.id ? 1 : 0));
    for (const a of byArrival) {
      if (a.item.customer === undefined) continue;
      running = running.plus(a.item.value);
      if (running.gt(max)) {
        at = a.item.arrivedAt;
        break;
      }
    }
    out.push({
      ...base('max_value_affected'), limit: plain(max), measured: plain(m.valueAffected),
      ...(at === undefined || !isBreached('max_value_affected', plain(m.valueAffected), plain(max)) ? { verdict: 'WITHIN' as const, excess: '0' } : { verdict: 'BREACHED' as const, breachedAtMs: at, excess: plain(m.valueAffected.minus(max)) }),
    });
  }
  return out;
}

/** Across replicates (issue 17's `--replicates`): how many judged each tolerance WITHIN. */
export interface ReplicateToleranceShare {
  operationId: string;
  kind: ToleranceKind;
  within: number;
  replicates: number;
}

/**
 * The share of replicates within each tolerance, from each replicate's verdicts (one array per
 * replicate, `Evaluation.resilience.operations[].verdicts` flattened), in first-seen order.
 */
export function shareWithinTolerance(replicates: readonly (readonly Pick<ToleranceVerdict, 'operationId' | 'kind' | 'verdict'>[])[]): ReplicateToleranceShare[] {
  const out = new Map<string, ReplicateToleranceShare>();
  for (const verdicts of replicates) {
    for (const v of verdicts) {
      const key = `${v.operationId}|${v.kind}`;
      let s = out.get(key);
      if (s === undefined) out.set(key, (s = { operationId: v.operationId, kind: v.kind, within: 0, replicates: 0 }));
      s.replicates += 1;
      if (v.verdict === 'WITHIN') s.within += 1;
    }
  }
  return [...out.values()];
}

/**
 * A replicate's tolerance verdicts from its metrics alone (`operation.<id>.<measure>`, as a campaign
 * keeps them per replicate, issue 17), by the same rule as `judgeTolerances`; feed
 * `shareWithinTolerance` with one array per replicate.
 */
export function toleranceVerdictsOfMetrics(operations: readonly OperationModel[], metrics: Readonly<Record<string, string | undefined>>): Pick<ToleranceVerdict, 'operationId' | 'kind' | 'verdict'>[] {
  const out: Pick<ToleranceVerdict, 'operationId' | 'kind' | 'verdict'>[] = [];
  for (const op of operations) {
    const t = op.tolerances;
    const limits: Record<ToleranceKind, string | undefined> = {
      max_disruption: t.maxDisruptionMs === undefined ? undefined : String(t.maxDisruptionMs),
      max_data_loss: t.maxDataLoss === undefined ? undefined : String(t.maxDataLoss),
      min_service_level: t.minServiceLevel === undefined ? undefined : String(t.minServiceLevel.servedPct),
      max_customers_affected: t.maxCustomersAffected === undefined ? undefined : String(t.maxCustomersAffected),
      max_value_affected: t.maxValueAffected,
    };
    for (const { kind, measure } of TOLERANCE_KINDS) {
      const limit = limits[kind];
      if (limit === undefined) continue;
      out.push({ operationId: op.id, kind, verdict: isBreached(kind, metrics[`operation.${op.id}.${measure}`] ?? '', limit) ? 'BREACHED' : 'WITHIN' });
    }
  }
  return out;
}
