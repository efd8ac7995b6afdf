/**
 * Ground truth per transaction: for every item of a workload flow of one replay, when it was asked
 * for, when the firm gave its answer, and what truly happened to it — read against the providers'
 * own execution records, not only the firm's belief. This is the one place that decides whether a
 * customer (or, for hedges, the firm's own book) was served; operational-resilience measures read
 * it, and so can incident timings ("when customer impact stopped").
 *
 * Outcomes:
 * - `served`: client trade filled on a fresh price; payment SUCCEEDED and charged once; hedge FILLED and executed once.
 * - `rejected`: client trade rejected (quotes pulled).
 * - `stale`: client trade filled on a price older than the staleness limit (served, but wrongly).
 * - `failed`: payment FAILED / hedge REJECTED, and no provider executed it (the firm's record is right).
 * - `lost`: the firm recorded a failure, but a provider executed it: money moved and the firm's record says it did not.
 * - `unknown`: the firm could not establish the outcome (UNKNOWN, parked for reconciliation).
 * - `duplicated`: executed more than once at the providers (a customer charged twice, an order filled twice).
 * `unknown` and `lost` are the drill's data loss: records whose outcome the firm does not (truly) hold.
 *
 * Value at stake, reporting currency at the drill's FX (clients-report.ts uses the same rule):
 * trades qty × true mid (stale fills: qty × executed price); payments the amount (duplicates: the
 * extra executions' amounts); hedges qty × true mid at the answer.
 */
import type { Scenario } from '../../scenario/model.js';
import { dec, ZERO, type Dec } from '../decimal.js';
import { lookupFxRate, type FxTable } from '../fx.js';
import type { KeptEvent, PaymentRecord, RunLedger, TradeEntry } from './ledger.js';

export type ServiceFlow = 'trades' | 'payments' | 'hedges';
export const SERVICE_FLOWS: readonly ServiceFlow[] = ['trades', 'payments', 'hedges'];

export type ServiceOutcome = 'served' | 'rejected' | 'stale' | 'failed' | 'lost' | 'unknown' | 'duplicated';

/** Outcomes that are the drill's data loss (records whose outcome the firm does not truly hold). */
export const DATA_LOSS_OUTCOMES: ReadonlySet<ServiceOutcome> = new Set(['unknown', 'lost']);

export interface ServiceItem {
  readonly flow: ServiceFlow;
  /** Trade, payment or order id (events.csv `event_id`). */
  readonly id: string;
  /** Client or customer id; undefined for the firm's own hedges. */
  readonly customer: string | undefined;
  /** Provider that answered (payments, hedges), when known. */
  readonly provider: string | undefined;
  /** When it was asked for: trade arrival, payment arrival, hedge decision. Epoch ms. */
  readonly arrivedAt: number;
  /** When the firm gave its final answer (after retries and failover). Epoch ms. */
  readonly answeredAt: number;
  readonly outcome: ServiceOutcome;
  /** Value at stake in the reporting currency (computed on first read). */
  readonly value: Dec;
}

/**
 * One transaction. Its value is computed on first read from its source record (only the affected
 * transactions' values are ever read), so a long drill does not allocate a closure or a Dec per item.
 */
class Item implements ServiceItem {
  private cached: Dec | undefined;
  constructor(
    readonly flow: ServiceFlow,
    readonly id: string,
    readonly customer: string | undefined,
    readonly provider: string | undefined,
    readonly arrivedAt: number,
    readonly answeredAt: number,
    readonly outcome: ServiceOutcome,
    private readonly source: TradeEntry | PaymentRecord | OrderRecord,
    private readonly ctx: ValueContext,
  ) {}

  get value(): Dec {
    return (this.cached ??= valueOf(this.flow, this.outcome, this.source, this.ctx));
  }
}

type OrderRecord = Extract<KeptEvent, { type: 'order' }>;

interface ValueContext {
  rate(ccy: string): Dec;
  quoteOf(instrument: string): string;
  payments: ReadonlyMap<string, Executions>;
}

function valueOf(flow: ServiceFlow, outcome: ServiceOutcome, source: TradeEntry | PaymentRecord | OrderRecord, ctx: ValueContext): Dec {
  if (flow === 'trades') {
    const t = source as TradeEntry;
    return t.qty.times(outcome === 'stale' ? t.price : t.mid).times(ctx.rate(t.quote));
  }
  if (flow === 'payments') {
    const p = source as PaymentRecord;
    if (outcome === 'duplicated') return (ctx.payments.get(p.paymentId)?.extra ?? []).reduce((s, e) => s.plus(e.amount.times(ctx.rate(e.ccy))), ZERO);
    return dec(p.amount).times(ctx.rate(p.ccy));
  }
  const o = source as OrderRecord;
  return dec(o.qty).times(dec(o.refMid)).times(ctx.rate(ctx.quoteOf(o.instrument)));
}

interface Executions {
  count: number;
  /** The provider of the first execution. */
  provider: string;
  /** The duplicate executions' amounts (charges); absent without duplicates. */
  extra?: { amount: Dec; ccy: string }[];
}

/** Executions by reference, charges and orders apart: how many times providers executed each, and the duplicates' amounts. */
function executionsByReference(ledger: RunLedger): { payments: Map<string, Executions>; orders: Map<string, Executions> } {
  const payments = new Map<string, Executions>();
  const orders = new Map<string, Executions>();
  for (const x of ledger.executionEvents) {
    const byRef = x.op === 'create_payment' ? payments : orders;
    const reference = x.reference;
    let e = byRef.get(reference);
    if (e === undefined) byRef.set(reference, (e = { count: 0, provider: x.provider }));
    e.count += 1;
    if (x.occurrence > 1) (e.extra ??= []).push({ amount: x.amount, ccy: x.ccy });
  }
  return { payments, orders };
}

/**
 * The transactions of `flows` in one replay, flow by flow in the ledger's order (trades, payments,
 * hedges; each about in arrival order). `staleFillIds` are the fills priced off a stale price
 * (evaluate-run.ts `findStaleFills`); pass an empty set for the baseline.
 */
export function collectServiceItems(
  scenario: Scenario, fx: FxTable, ledger: RunLedger, staleFillIds: ReadonlySet<string>, flows: ReadonlySet<ServiceFlow> = new Set(SERVICE_FLOWS),
): ServiceItem[] {
  const reporting = scenario.reporting.currency;
  const rates = new Map<string, Dec>();
  const quotes = new Map(scenario.market.instruments.map((i) => [i.symbol, i.quote]));
  const executed = executionsByReference(ledger);
  const ctx: ValueContext = {
    rate: (ccy) => {
      let r = rates.get(ccy);
      if (r === undefined) rates.set(ccy, (r = lookupFxRate(fx, ccy, reporting).rate));
      return r;
    },
    quoteOf: (instrument) => quotes.get(instrument) ?? reporting,
    payments: executed.payments,
  };
  const items: ServiceItem[] = [];
  if (flows.has('trades')) {
    for (const t of ledger.trades.values()) {
      const filled = t.filled;
      const outcome: ServiceOutcome = !filled ? 'rejected' : staleFillIds.has(t.id) ? 'stale' : 'served';
      const at = t.t;
      items.push(new Item('trades', t.id, t.clientId, undefined, at, at, outcome, t, ctx));
    }
  }
  if (flows.has('payments')) {
    for (const p of ledger.paymentEvents.values()) {
      const x = executed.payments.get(p.paymentId);
      const recorded = p.outcome;
      const outcome: ServiceOutcome = recorded === 'UNKNOWN' ? 'unknown'
        : x !== undefined && x.count > 1 ? 'duplicated'
          : recorded === 'FAILED' ? (x === undefined ? 'failed' : 'lost')
            : 'served';
      items.push(new Item('payments', p.paymentId, p.customerId, x?.provider, p.arrivedAt, p.t, outcome, p, ctx));
    }
  }
  if (flows.has('hedges')) {
    for (const e of ledger.events) {
      if (e.type !== 'order') continue;
      const x = executed.orders.get(e.orderId);
      const outcome: ServiceOutcome = e.outcome === 'UNKNOWN' ? 'unknown'
        : x !== undefined && x.count > 1 ? 'duplicated'
          : e.outcome === 'REJECTED' ? (x === undefined ? 'failed' : 'lost')
            : 'served';
      items.push(new Item('hedges', e.orderId, undefined, e.provider, e.decidedAt, e.t, outcome, e, ctx));
    }
  }
  return items;
}
