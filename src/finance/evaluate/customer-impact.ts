/**
 * Ground truth of an incident (finance-reference.md §7.1: the drill knows what truly happened):
 * when the provider was truly restored, read off the provider-side attempt records, and the span of
 * customer-visible harm, read off the customers' outcomes. Neither depends on the monitor, whose
 * alert resolution (with its hysteresis) is reported beside them, never instead of them.
 *
 * One module so that every report that needs "when did customers stop being hurt" (incidents,
 * compliance tolerances, operational-resilience measures) uses the same definition.
 */
import type { Fault, ProviderRole, Scenario } from '../../scenario/model.js';
import type { KeptEvent, RunLedger } from './ledger.js';

/** One customer-visible outcome on a role: a failure (or harm) or a customer served. */
export interface CustomerOutcome {
  seq: number;
  t: number;
  bad: boolean;
  /** The client or customer it concerns (none for the firm's own hedges). */
  customer?: string;
  /** The fault that shaped it, when the integration recorded one. */
  faultId?: string;
  /** What it was, for the report: `trade rejected`, `stale fill`, `payment failed`, … */
  what: string;
}

/**
 * Every customer-visible outcome of one replay, per role, in emission order.
 * - price feed: client trades (rejected or filled on a stale price = bad; filled on a fresh price = good);
 *   a price the firm's validation blocked is not customer-visible (the control worked);
 * - liquidity provider: the firm's hedge and unwind orders (not filled = bad, filled = good);
 * - payment gateway: customer payments (failed or unknown = bad, succeeded = good) and every
 *   duplicate charge (a customer charged twice is harmed even though the payment succeeded).
 */
export function collectCustomerOutcomes(ledger: RunLedger, staleFillIds: ReadonlySet<string>): Map<ProviderRole, CustomerOutcome[]> {
  const trades: CustomerOutcome[] = [];
  for (const e of ledger.trades.values()) {
    const stale = staleFillIds.has(e.id);
    trades.push({ seq: e.seq, t: e.t, bad: e.outcome === 'REJECTED' || stale, customer: e.clientId, what: e.outcome === 'REJECTED' ? 'trade rejected' : stale ? 'stale fill' : 'trade filled' });
  }
  const orders: CustomerOutcome[] = [];
  for (const e of ledger.events) {
    if (e.type !== 'order') continue;
    orders.push({ seq: e.seq, t: e.t, bad: e.outcome !== 'FILLED', ...(e.faultId === undefined ? {} : { faultId: e.faultId }), what: `${e.purpose} ${e.outcome.toLowerCase()}` });
  }
  const payments: CustomerOutcome[] = [];
  for (const e of ledger.paymentEvents.values()) {
    const faultId = e.faultId;
    payments.push({ seq: e.seq, t: e.t, bad: e.outcome !== 'SUCCEEDED', customer: e.customerId, ...(faultId === undefined ? {} : { faultId }), what: `payment ${e.outcome.toLowerCase()}` });
  }
  for (const x of ledger.executionEvents) {
    if (x.op !== 'create_payment' || x.occurrence <= 1) continue;
    const payment = ledger.paymentEvents.get(x.reference);
    const faultId = payment?.faultId;
    payments.push({ seq: x.seq, t: x.t, bad: true, customer: payment?.customerId ?? x.reference, ...(faultId === undefined ? {} : { faultId }), what: 'duplicate charge' });
  }
  const bySeq = (a: CustomerOutcome, b: CustomerOutcome): number => a.seq - b.seq;
  return new Map<ProviderRole, CustomerOutcome[]>([
    ['price_feed', trades.sort(bySeq)],
    ['liquidity_provider', orders.sort(bySeq)],
    ['payment_gateway', payments.sort(bySeq)],
  ]);
}

/** The ground truth of one fault. */
export interface FaultImpact {
  /**
   * Service restored (t_recover): the first successful attempt on the target that no fault shaped,
   * at or after the last attempt this fault shaped; undefined when none happened by the drill's end.
   */
  restoredAt?: number;
  /** The first failover away from the target after the fault began, when it came before the restoration. */
  failover?: { t: number; to: string; reason: string };
  /** Customer-visible bad outcomes the fault caused, in emission order (empty: no customer impact). */
  harm: CustomerOutcome[];
  /**
   * When harm could no longer follow: the first customer served on the role once the target was
   * restored or failed away from (undefined: no customer was served after that by the drill's end).
   */
  servedAgainAt?: number;
}

type Failover = Extract<KeptEvent, { type: 'failover' }>;

/**
 * When the provider was truly restored after `fault`: the first clean success (ok, shaped by no
 * fault) on the target at or after the last attempt the fault shaped (or the fault's start if it
 * shaped none).
 */
export function findRestoration(ledger: RunLedger, fault: Fault): number | undefined {
  const series = ledger.attempts.get(fault.target);
  if (series === undefined) return undefined;
  let lastShaped = -1;
  for (let i = 0; i < series.t.length; i++) if (series.faultId[i] === fault.id) lastShaped = i;
  const from = lastShaped >= 0 ? lastShaped + 1 : 0;
  for (let i = from; i < series.t.length; i++) {
    if (series.t[i]! < fault.startMs) continue;
    if (series.ok[i] === true && series.faultId[i] === undefined) return series.t[i]!;
  }
  return undefined;
}

/**
 * The customer impact of `fault` (finance-reference.md §7.1, from ground truth):
 * 1. the target is *cleared* at the earlier of its restoration and the first failover away from it;
 * 2. harm can follow until the first customer served on the target's role after it was cleared and
 *    after the last harm the integration recorded this fault as shaping (`servedAgainAt`): breaker
 *    cool-downs, retries draining, a half-open breaker sending traffic back to a provider still
 *    faulty, queued work;
 * 3. the harm is every bad outcome on the role from the fault's start until then, except outcomes
 *    another fault was recorded as shaping.
 * So no failure attributable to the incident can fall after its mitigation: t_mitigate is the last
 * harm, and customers are counted over all of it.
 */
export function measureFaultImpact(scenario: Scenario, ledger: RunLedger, fault: Fault, outcomes: ReadonlyMap<ProviderRole, readonly CustomerOutcome[]>): FaultImpact {
  const role = scenario.providers.find((p) => p.id === fault.target)?.role;
  const restoredAt = findRestoration(ledger, fault);
  let failover: FaultImpact['failover'];
  for (const e of ledger.events) {
    if (e.type !== 'failover' || e.t < fault.startMs || (e as Failover).from !== fault.target) continue;
    if (restoredAt === undefined || e.t <= restoredAt) failover = { t: e.t, to: e.to, reason: e.reason };
    break;
  }
  const clearedAt = Math.min(restoredAt ?? Number.POSITIVE_INFINITY, failover?.t ?? Number.POSITIVE_INFINITY);
  const list = role === undefined ? [] : (outcomes.get(role) ?? []);
  let lastShapedSeq = Number.NEGATIVE_INFINITY;
  for (const o of list) if (o.bad && o.faultId === fault.id && o.t >= fault.startMs) lastShapedSeq = o.seq;
  let servedAgain: CustomerOutcome | undefined;
  for (const o of list) {
    if (!o.bad && o.t >= fault.startMs && o.t >= clearedAt && o.seq > lastShapedSeq) {
      servedAgain = o;
      break;
    }
  }
  const harm = list.filter((o) => o.bad && o.t >= fault.startMs && (servedAgain === undefined || o.seq < servedAgain.seq) && (o.faultId === undefined || o.faultId === fault.id));
  return {
    ...(restoredAt === undefined ? {} : { restoredAt }),
    ...(failover === undefined ? {} : { failover }),
    harm,
    ...(servedAgain === undefined ? {} : { servedAgainAt: servedAgain.t }),
  };
}
