/**
 * Client impact (clients.csv): every client or payment customer the fault touched, with counts
 * and money at stake in the reporting currency, ranked so support knows whom to call first.
 *
 * Affected items and their money at stake (reporting ccy, at the drill's FX):
 * - rejected client trade: qty × true mid (the notional the client could not trade);
 * - stale fill: qty × executed price (the notional filled on a stale quote);
 * - failed or unknown payment: the payment amount;
 * - duplicate charge (provider execution with `occurrence > 1`): the duplicate amount (funds to refund).
 * Own-account hedges have no client and are not counted. Ranking: money at stake descending,
 * then affected-item count descending, then id ascending (deterministic).
 *
 * Support tickets: expected tickets = affected clients × `business.supportContactRate`, for each
 * replay (the baseline has its own rejections and failures from the providers' normal error rates);
 * increase % = 100 × (faulted − baseline) / baseline, undefined when the baseline expects none.
 */
import type { Scenario } from '../../scenario/model.js';
import { dec, ZERO, type Dec } from '../decimal.js';
import { lookupFxRate, type FxTable } from '../fx.js';
import type { RunLedger } from './ledger.js';

export interface ClientImpact {
  clientId: string;
  kind: 'client' | 'customer';
  tier: string;
  rejectedTrades: number;
  staleFills: number;
  failedPayments: number;
  unknownPayments: number;
  duplicateCharges: number;
  affectedItems: number;
  moneyAtStake: Dec;
  firstAffected: number;
  lastAffected: number;
}

export interface ClientsReport {
  rows: ClientImpact[];
  affectedFaulted: number;
  affectedBaseline: number;
  contactRate: number;
  ticketsFaulted: Dec;
  ticketsBaseline: Dec;
  /** 100 × (faulted − baseline) / baseline; undefined when the baseline expects no tickets. */
  increasePct?: Dec;
}

type Counter = 'rejectedTrades' | 'staleFills' | 'failedPayments' | 'unknownPayments' | 'duplicateCharges';

/** Rank: money at stake desc, then count desc, then id asc. */
export function rankClients(rows: readonly ClientImpact[]): ClientImpact[] {
  return [...rows].sort((a, b) => b.moneyAtStake.cmp(a.moneyAtStake) || b.affectedItems - a.affectedItems || (a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0));
}

/** The affected clients of one replay. `staleFillIds` apply to the faulted replay only. */
export function collectAffectedClients(scenario: Scenario, fx: FxTable, ledger: RunLedger, staleFillIds: ReadonlySet<string>): ClientImpact[] {
  const reporting = scenario.reporting.currency;
  const byId = new Map<string, ClientImpact>();
  const touch = (id: string, kind: 'client' | 'customer', tier: string, t: number, counter: Counter, money: Dec): void => {
    const c = byId.get(id) ?? { clientId: id, kind, tier, rejectedTrades: 0, staleFills: 0, failedPayments: 0, unknownPayments: 0, duplicateCharges: 0, affectedItems: 0, moneyAtStake: ZERO, firstAffected: t, lastAffected: t };
    c[counter] += 1;
    c.affectedItems += 1;
    c.moneyAtStake = c.moneyAtStake.plus(money);
    c.firstAffected = Math.min(c.firstAffected, t);
    c.lastAffected = Math.max(c.lastAffected, t);
    byId.set(id, c);
  };
  const rate = (ccy: string): Dec => lookupFxRate(fx, ccy, reporting).rate;
  for (const t of ledger.trades.values()) {
    if (!t.filled) touch(t.clientId, 'client', t.tier, t.t, 'rejectedTrades', t.qty.times(t.mid).times(rate(t.quote)));
    else if (ledger.variant === 'faulted' && staleFillIds.has(t.id)) touch(t.clientId, 'client', t.tier, t.t, 'staleFills', t.qty.times(t.price).times(rate(t.quote)));
  }
  for (const p of ledger.paymentEvents.values()) {
    if (p.outcome === 'FAILED') touch(p.customerId, 'customer', '', p.t, 'failedPayments', dec(p.amount).times(rate(p.ccy)));
    else if (p.outcome === 'UNKNOWN') touch(p.customerId, 'customer', '', p.t, 'unknownPayments', dec(p.amount).times(rate(p.ccy)));
  }
  for (const x of ledger.payments) {
    if (x.occurrence <= 1) continue;
    const customer = ledger.paymentEvents.get(x.reference)?.customerId ?? `unknown:${x.reference}`;
    touch(customer, 'customer', '', x.t, 'duplicateCharges', x.amount.times(rate(x.ccy)));
  }
  return rankClients([...byId.values()]);
}

export function computeClients(scenario: Scenario, fx: FxTable, faulted: RunLedger, baseline: RunLedger, staleFillIds: ReadonlySet<string>): ClientsReport {
  const rows = collectAffectedClients(scenario, fx, faulted, staleFillIds);
  const base = collectAffectedClients(scenario, fx, baseline, new Set());
  const rate = dec(String(scenario.business.supportContactRate));
  const ticketsFaulted = rate.times(rows.length);
  const ticketsBaseline = rate.times(base.length);
  return {
    rows,
    affectedFaulted: rows.length,
    affectedBaseline: base.length,
    contactRate: scenario.business.supportContactRate,
    ticketsFaulted,
    ticketsBaseline,
    ...(ticketsBaseline.isZero() ? {} : { increasePct: ticketsFaulted.minus(ticketsBaseline).times(100).div(ticketsBaseline) }),
  };
}
