/**
 * The drill ledger: every money-moving fact of one replay, rebuilt from the journal. Client fills
 * come from the firm's own trade events (the firm is the counterparty); orders and charges come from
 * the providers' execution records (ground truth, including executions whose response was lost).
 *
 * The ledger is built by folding the event stream (`LedgerBuilder.add`), so a run never has to hold
 * its whole journal in memory: bulky event types are kept as compact records with only the fields
 * the evaluation reads (trades, payments, executions) or as counters (attempts, probes, accepted
 * prices); everything else as events. Records keep the journal's decimal strings and parse each
 * one at most once, on first read: the drill runs with small records, the evaluation pays one
 * parse per value.
 */
import type { AttemptOutcome, ClientTradeEvent, ExecutionEvent, PaymentEvent, PaymentOutcome, RunEvent, RunVariant, TradeOutcome } from '../../engine/events.js';
import type { Scenario } from '../../scenario/model.js';
import { dec, ZERO, type Dec } from '../decimal.js';

/** A client trade as the ledger keeps it (one class: every record has the same shape). */
export class TradeEntry {
  readonly type = 'trade' as const;
  readonly seq: number;
  readonly id: string;
  readonly t: number;
  readonly instrument: string;
  readonly outcome: TradeOutcome;
  /** Client side as requested. */
  readonly side: 'buy' | 'sell';
  readonly clientId: string;
  readonly tier: string;
  /** Provider timestamp of the price the quote used (staleness). */
  readonly priceUsedTs: number | undefined;
  private readonly qtyText: string;
  private readonly priceText: string | undefined;
  private readonly midText: string;
  private readonly feeText: string | undefined;

  constructor(e: ClientTradeEvent, readonly quote: string) {
    this.seq = e.seq;
    this.id = e.tradeId;
    this.t = e.t;
    this.instrument = e.instrument;
    this.outcome = e.outcome;
    this.side = e.side;
    this.clientId = e.clientId;
    this.tier = e.tier;
    this.priceUsedTs = e.priceUsedTs;
    this.qtyText = e.qty;
    this.priceText = e.priceExec;
    this.midText = e.refMid;
    this.feeText = e.fee;
  }

  get filled(): boolean {
    return this.outcome === 'FILLED';
  }
  /** Client quantity as requested. */
  get qty(): Dec {
    return dec(this.qtyText);
  }
  /** Firm-signed quantity (client buy ⇒ firm sells ⇒ negative). Zero when rejected. */
  get n(): Dec {
    if (!this.filled) return ZERO;
    return this.side === 'buy' ? dec(this.qtyText).neg() : dec(this.qtyText);
  }
  get price(): Dec {
    return this.priceText === undefined ? ZERO : dec(this.priceText);
  }
  /** The true mid at the trade (reference tape). */
  get mid(): Dec {
    return dec(this.midText);
  }
  get fee(): Dec {
    return this.feeText === undefined ? ZERO : dec(this.feeText);
  }
}

/** A customer payment as the firm saw it (the fields the evaluation reads). */
export class PaymentRecord {
  readonly type = 'payment' as const;
  readonly seq: number;
  readonly t: number;
  readonly paymentId: string;
  readonly customerId: string;
  readonly amount: string;
  readonly ccy: string;
  readonly international: boolean;
  readonly outcome: PaymentOutcome;
  readonly unsafeRetries: number;

  constructor(e: PaymentEvent) {
    this.seq = e.seq;
    this.t = e.t;
    this.paymentId = e.paymentId;
    this.customerId = e.customerId;
    this.amount = e.amount;
    this.ccy = e.ccy;
    this.international = e.international;
    this.outcome = e.outcome;
    this.unsafeRetries = e.unsafeRetries;
  }
}

/** A provider execution (order or charge): ground truth, in the replay's timeline. */
export class ExecutionEntry {
  readonly type = 'execution' as const;
  readonly seq: number;
  readonly t: number;
  readonly provider: string;
  readonly op: 'place_order' | 'create_payment';
  readonly reference: string;
  readonly occurrence: number;
  readonly ccy: string;
  readonly feeCcy: string;
  private readonly amountText: string | undefined;
  private readonly feeText: string;

  constructor(e: ExecutionEvent) {
    this.seq = e.seq;
    this.t = e.t;
    this.provider = e.provider;
    this.op = e.op;
    this.reference = e.reference;
    this.occurrence = e.occurrence;
    this.ccy = e.ccy;
    this.feeCcy = e.feeCcy;
    this.amountText = e.amount;
    this.feeText = e.fee;
  }

  /** Charged amount (charges; 0 for orders). */
  get amount(): Dec {
    return this.amountText === undefined ? ZERO : dec(this.amountText);
  }
  get fee(): Dec {
    return dec(this.feeText);
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

/** A charge (create_payment execution). */
export type PaymentExecution = ExecutionEntry;

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
  paymentEvents: Map<string, PaymentRecord>;
  closingMids: Map<string, Dec>;
  initialPositions: Map<string, Dec>;
  finalPositions: Map<string, Dec>;
  incomplete: boolean;
  /**
   * The events kept whole: every type except the bulky ones folded above (trade, payment,
   * execution, attempt, probe, price.accepted). Alerts, failovers, orders, marks, dead letters,
   * rejected prices, fault windows and the run's start and end are all here, in order.
   */
  events: KeptEvent[];
  /** Every attempt per provider (SLA downtime, incident SLI). */
  attempts: Map<string, AttemptSeries>;
  /** Attempts each fault shaped, by outcome (proof that faults hit). */
  faultHits: Map<string, Map<AttemptOutcome, number>>;
  /** Attempts whose answer was lost after the provider executed (unknown outcomes). */
  lostAttempts: number;
  /** Executions (ground truth, orders and charges), in order. */
  executionEvents: ExecutionEntry[];
  /** Missing sequence numbers in the replay's journal (a lost record would show here). */
  seqGaps: number;
  /** Journal records per kind (audit-log completeness). */
  tradeRecords: number;
  paymentRecords: number;
}

const FOLDED = new Set(['trade', 'payment', 'execution', 'attempt', 'probe', 'price.accepted']);
type FoldedType = 'trade' | 'payment' | 'execution' | 'attempt' | 'probe' | 'price.accepted';

/** The event types a ledger keeps whole (everything but the folded, bulky ones). */
export type KeptEvent = Exclude<RunEvent, { type: FoldedType }>;

/** One entry of a replay's business timeline: a kept event or a compact record. */
export type TimelineEntry = KeptEvent | TradeEntry | PaymentRecord | ExecutionEntry;

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
    if (!FOLDED.has(e.type)) ledger.events.push(e as KeptEvent);
    switch (e.type) {
      case 'trade':
        ledger.tradeRecords += 1;
        ledger.trades.set(e.tradeId, new TradeEntry(e, this.quoteOf.get(e.instrument) ?? this.reporting));
        break;
      case 'execution': {
        const x = new ExecutionEntry(e);
        ledger.executionEvents.push(x);
        if (e.op === 'place_order') ledger.orders.push(orderExecution(e, this.quoteOf.get(e.instrument ?? '') ?? this.reporting));
        else ledger.payments.push(x);
        break;
      }
      case 'payment':
        ledger.paymentRecords += 1;
        ledger.paymentEvents.set(e.paymentId, new PaymentRecord(e));
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
export function ledgerTimeline(ledger: RunLedger): TimelineEntry[] {
  const all: TimelineEntry[] = [...ledger.events];
  for (const t of ledger.trades.values()) all.push(t);
  for (const p of ledger.paymentEvents.values()) all.push(p);
  for (const x of ledger.executionEvents) all.push(x);
  return all.sort((a, b) => a.seq - b.seq);
}
