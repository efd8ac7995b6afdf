/**
 * The drill ledger: every money-moving fact of one replay, rebuilt from the journal. Client fills
 * come from the firm's own trade events (the firm is the counterparty); orders and charges come from
 * the providers' execution records (ground truth, including executions whose response was lost).
 *
 * Each entry keeps what attribution needs: firm-signed quantity n (+ buy), price, the true mid at
 * the instant, fees, and the currency of each amount.
 */
import type { ClientTradeEvent, ExecutionEvent, PaymentEvent, RunEvent, RunVariant } from '../../engine/events.js';
import type { Scenario } from '../../scenario/model.js';
import { dec, ZERO, type Dec } from '../decimal.js';

export interface TradeEntry {
  id: string;
  t: number;
  instrument: string;
  quote: string;
  filled: boolean;
  /** Firm-signed quantity (client buy ⇒ firm sells ⇒ negative). Zero when rejected. */
  n: Dec;
  /** Client side and quantity as requested. */
  side: 'buy' | 'sell';
  qty: Dec;
  price: Dec;
  mid: Dec;
  fee: Dec;
  event: ClientTradeEvent;
}

export interface OrderExecution {
  reference: string;
  occurrence: number;
  purpose: 'hedge' | 'unwind';
  t: number;
  provider: string;
  instrument: string;
  quote: string;
  n: Dec;
  price: Dec;
  mid: Dec;
  fee: Dec;
  feeCcy: string;
}

export interface PaymentExecution {
  reference: string;
  occurrence: number;
  t: number;
  provider: string;
  amount: Dec;
  ccy: string;
  fee: Dec;
  feeCcy: string;
}

export interface RunLedger {
  variant: RunVariant;
  trades: Map<string, TradeEntry>;
  orders: OrderExecution[];
  payments: PaymentExecution[];
  paymentEvents: Map<string, PaymentEvent>;
  closingMids: Map<string, Dec>;
  initialPositions: Map<string, Dec>;
  finalPositions: Map<string, Dec>;
  incomplete: boolean;
  events: RunEvent[];
}

export function buildLedger(scenario: Scenario, events: readonly RunEvent[], variant: RunVariant): RunLedger {
  const quoteOf = new Map(scenario.market.instruments.map((i) => [i.symbol, i.quote]));
  const ledger: RunLedger = {
    variant,
    trades: new Map(),
    orders: [],
    payments: [],
    paymentEvents: new Map(),
    closingMids: new Map(),
    initialPositions: new Map(),
    finalPositions: new Map(),
    incomplete: false,
    events: [],
  };
  if (scenario.hedging !== undefined) ledger.initialPositions.set(scenario.hedging.instrument, dec(scenario.hedging.initialPosition));
  for (const e of events) {
    if (e.run !== variant) continue;
    ledger.events.push(e);
    switch (e.type) {
      case 'trade':
        ledger.trades.set(e.tradeId, tradeEntry(e, quoteOf.get(e.instrument) ?? scenario.reporting.currency));
        break;
      case 'execution':
        if (e.op === 'place_order') ledger.orders.push(orderExecution(e, quoteOf.get(e.instrument ?? '') ?? scenario.reporting.currency));
        else ledger.payments.push(paymentExecution(e));
        break;
      case 'payment':
        ledger.paymentEvents.set(e.paymentId, e);
        break;
      case 'run.finished':
        for (const [s, m] of Object.entries(e.closingMids)) ledger.closingMids.set(s, dec(m));
        for (const [s, q] of Object.entries(e.positions)) ledger.finalPositions.set(s, dec(q));
        ledger.incomplete = e.incomplete;
        break;
      default:
        break;
    }
  }
  return ledger;
}

function tradeEntry(e: ClientTradeEvent, quote: string): TradeEntry {
  const qty = dec(e.qty);
  const filled = e.outcome === 'FILLED';
  return {
    id: e.tradeId,
    t: e.t,
    instrument: e.instrument,
    quote,
    filled,
    n: filled ? (e.side === 'buy' ? qty.neg() : qty) : ZERO,
    side: e.side,
    qty,
    price: e.priceExec === undefined ? ZERO : dec(e.priceExec),
    mid: dec(e.refMid),
    fee: e.fee === undefined ? ZERO : dec(e.fee),
    event: e,
  };
}

function orderExecution(e: ExecutionEvent, quote: string): OrderExecution {
  const qty = dec(e.qty ?? '0');
  return {
    reference: e.reference,
    occurrence: e.occurrence,
    purpose: e.purpose ?? 'hedge',
    t: e.t,
    provider: e.provider,
    instrument: e.instrument ?? '',
    quote,
    n: e.side === 'sell' ? qty.neg() : qty,
    price: dec(e.price ?? '0'),
    mid: dec(e.refMid ?? e.price ?? '0'),
    fee: dec(e.fee),
    feeCcy: e.feeCcy,
  };
}

function paymentExecution(e: ExecutionEvent): PaymentExecution {
  return { reference: e.reference, occurrence: e.occurrence, t: e.t, provider: e.provider, amount: dec(e.amount ?? '0'), ccy: e.ccy, fee: dec(e.fee), feeCcy: e.feeCcy };
}

/** Edge against the true mid of a fill: n × (M − P); positive when the firm traded better than mid. */
export function edgeOf(n: Dec, mid: Dec, price: Dec): Dec {
  return n.times(mid.minus(price));
}
