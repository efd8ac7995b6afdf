/**
 * The drill ledger: every money-moving fact of one replay, rebuilt from the journal. Client fills
 * come from the firm's own trade events (the firm is the counterparty); orders and charges come from
 * the providers' execution records (ground truth, including executions whose response was lost).
 *
 * The ledger is built by folding the event stream (`LedgerBuilder.add`), so a run never has to hold
 * its whole journal in memory: bulky event types (trades, payments, executions, attempts, probes,
 * accepted prices) are kept as compact entries or counters, everything else as events. Decimal
 * values are parsed from the journal's strings when they are read, not stored as objects.
 */
import type { AttemptOutcome, ClientTradeEvent, ExecutionEvent, PaymentEvent, RunEvent, RunVariant } from '../../engine/events.js';
import type { Scenario } from '../../scenario/model.js';
import { dec, ZERO, type Dec } from '../decimal.js';

export interface TradeEntry {
  readonly id: string;
  readonly t: number;
  readonly instrument: string;
  readonly quote: string;
  readonly filled: boolean;
  /** Firm-signed quantity (client buy ⇒ firm sells ⇒ negative). Zero when rejected. */
  readonly n: Dec;
  /** Client side and quantity as requested. */
  readonly side: 'buy' | 'sell';
  readonly qty: Dec;
  readonly price: Dec;
  readonly mid: Dec;
  readonly fee: Dec;
  readonly event: ClientTradeEvent;
}

/** A trade entry over its journal event; decimals are parsed on read (a ledger of 100k trades stays small). */
class JournalTrade implements TradeEntry {
  constructor(readonly event: ClientTradeEvent, readonly quote: string) {}
  get id(): string {
    return this.event.tradeId;
  }
  get t(): number {
    return this.event.t;
  }
  get instrument(): string {
    return this.event.instrument;
  }
  get filled(): boolean {
    return this.event.outcome === 'FILLED';
  }
  get side(): 'buy' | 'sell' {
    return this.event.side;
  }
  get qty(): Dec {
    return dec(this.event.qty);
  }
  get n(): Dec {
    if (!this.filled) return ZERO;
    const q = dec(this.event.qty);
    return this.event.side === 'buy' ? q.neg() : q;
  }
  get price(): Dec {
    return this.event.priceExec === undefined ? ZERO : dec(this.event.priceExec);
  }
  get mid(): Dec {
    return dec(this.event.refMid);
  }
  get fee(): Dec {
    return this.event.fee === undefined ? ZERO : dec(this.event.fee);
  }
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
  readonly reference: string;
  readonly occurrence: number;
  readonly t: number;
  readonly provider: string;
  readonly amount: Dec;
  readonly ccy: string;
  readonly fee: Dec;
  readonly feeCcy: string;
}

class JournalCharge implements PaymentExecution {
  constructor(private readonly e: ExecutionEvent) {}
  get reference(): string {
    return this.e.reference;
  }
  get occurrence(): number {
    return this.e.occurrence;
  }
  get t(): number {
    return this.e.t;
  }
  get provider(): string {
    return this.e.provider;
  }
  get amount(): Dec {
    return dec(this.e.amount ?? '0');
  }
  get ccy(): string {
    return this.e.ccy;
  }
  get fee(): Dec {
    return dec(this.e.fee);
  }
  get feeCcy(): string {
    return this.e.feeCcy;
  }
}

/** Attempts against one provider: time and whether it succeeded, in emission order. */
export interface AttemptSeries {
  t: number[];
  ok: boolean[];
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
  /**
   * The events kept whole: every type except the bulky ones folded above (trade, payment,
   * execution, attempt, probe, price.accepted). Alerts, failovers, orders, marks, dead letters,
   * rejected prices, fault windows and the run's start and end are all here, in order.
   */
  events: RunEvent[];
  /** Every attempt per provider (SLA downtime, incident SLI). */
  attempts: Map<string, AttemptSeries>;
  /** Attempts each fault shaped, by outcome (proof that faults hit). */
  faultHits: Map<string, Map<AttemptOutcome, number>>;
  /** Attempts whose answer was lost after the provider executed (unknown outcomes). */
  lostAttempts: number;
  /** Execution events (ground truth), in order. */
  executionEvents: ExecutionEvent[];
  /** Missing sequence numbers in the replay's journal (a lost record would show here). */
  seqGaps: number;
  /** Journal records per kind (audit-log completeness). */
  tradeRecords: number;
  paymentRecords: number;
}

const FOLDED = new Set(['trade', 'payment', 'execution', 'attempt', 'probe', 'price.accepted']);

/** Folds one replay's events into its ledger. */
export class LedgerBuilder {
  readonly ledger: RunLedger;
  private readonly quoteOf: Map<string, string>;
  private readonly reporting: string;
  private nextSeq = 0;

  constructor(scenario: Scenario, variant: RunVariant) {
    this.quoteOf = new Map(scenario.market.instruments.map((i) => [i.symbol, i.quote]));
    this.reporting = scenario.reporting.currency;
    this.ledger = {
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
      attempts: new Map(),
      faultHits: new Map(),
      lostAttempts: 0,
      executionEvents: [],
      seqGaps: 0,
      tradeRecords: 0,
      paymentRecords: 0,
    };
    if (scenario.hedging !== undefined) this.ledger.initialPositions.set(scenario.hedging.instrument, dec(scenario.hedging.initialPosition));
  }

  /** Add one event of this replay (events of the other replay are ignored). */
  add(e: RunEvent): void {
    const ledger = this.ledger;
    if (e.run !== ledger.variant) return;
    if (e.seq !== this.nextSeq) ledger.seqGaps += Math.abs(e.seq - this.nextSeq);
    this.nextSeq = e.seq + 1;
    if (!FOLDED.has(e.type)) ledger.events.push(e);
    switch (e.type) {
      case 'trade':
        ledger.tradeRecords += 1;
        ledger.trades.set(e.tradeId, new JournalTrade(e, this.quoteOf.get(e.instrument) ?? this.reporting));
        break;
      case 'execution':
        ledger.executionEvents.push(e);
        if (e.op === 'place_order') ledger.orders.push(orderExecution(e, this.quoteOf.get(e.instrument ?? '') ?? this.reporting));
        else ledger.payments.push(new JournalCharge(e));
        break;
      case 'payment':
        ledger.paymentRecords += 1;
        ledger.paymentEvents.set(e.paymentId, e);
        break;
      case 'attempt': {
        let series = ledger.attempts.get(e.provider);
        if (series === undefined) {
          series = { t: [], ok: [] };
          ledger.attempts.set(e.provider, series);
        }
        series.t.push(e.t);
        series.ok.push(e.outcome === 'ok');
        if (e.outcome === 'lost') ledger.lostAttempts += 1;
        if (e.faultId !== undefined) {
          let byOutcome = ledger.faultHits.get(e.faultId);
          if (byOutcome === undefined) {
            byOutcome = new Map();
            ledger.faultHits.set(e.faultId, byOutcome);
          }
          byOutcome.set(e.outcome, (byOutcome.get(e.outcome) ?? 0) + 1);
        }
        break;
      }
      case 'run.finished':
        for (const [s, m] of Object.entries(e.closingMids)) ledger.closingMids.set(s, dec(m));
        for (const [s, q] of Object.entries(e.positions)) ledger.finalPositions.set(s, dec(q));
        ledger.incomplete = e.incomplete;
        break;
      default:
        break;
    }
  }
}

/** Build a replay's ledger from an array of events (both replays may be mixed in). */
export function buildLedger(scenario: Scenario, events: readonly RunEvent[], variant: RunVariant): RunLedger {
  const builder = new LedgerBuilder(scenario, variant);
  for (const e of events) builder.add(e);
  return builder.ledger;
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

/** Edge against the true mid of a fill: n × (M − P); positive when the firm traded better than mid. */
export function edgeOf(n: Dec, mid: Dec, price: Dec): Dec {
  return n.times(mid.minus(price));
}

/**
 * The replay's business events in emission order: the kept events plus trades, payments and
 * executions (attempts, probes and accepted prices are summarised elsewhere).
 */
export function ledgerTimeline(ledger: RunLedger): RunEvent[] {
  const all: RunEvent[] = [...ledger.events];
  for (const t of ledger.trades.values()) all.push(t.event);
  for (const p of ledger.paymentEvents.values()) all.push(p);
  for (const x of ledger.executionEvents) all.push(x);
  return all.sort((a, b) => a.seq - b.seq);
}
