/**
 * The drill ledger: every money-moving fact of one replay, rebuilt from the journal. Client fills
 * come from the firm's own trade events (the firm is the counterparty); orders and charges come from
 * the providers' execution records (ground truth, including executions whose response was lost).
 *
 * The ledger is built by folding the event stream (`LedgerBuilder.add`), so a run never has to hold
 * its whole journal in memory: bulky event types are kept in columns with only the fields the
 * evaluation reads (trades, payments, executions; ledger-columns.ts), read through views, or as
 * counters (attempts, probes, accepted prices); everything else as events. Decimals are kept as the
 * journal's strings and parsed on every read: holding a parsed Dec per value (~150 bytes each) was
 * most of the evaluation's heap on a long drill. The hot readers take them as ShortDec instead
 * (`short*` getters), read off a column parsed once into mantissas and scales (~9 bytes a value).
 */
import type { AttemptOutcome, ClientTradeEvent, ExecutionEvent, PaymentEvent, PaymentOutcome, RunEvent, RunVariant, TradeOutcome } from '../../engine/events.js';
import type { Scenario } from '../../scenario/model.js';
import { dec, ZERO, type Dec } from '../decimal.js';
import { SHORT_ZERO, type ShortDec } from '../short-dec.js';
import { DecimalColumn, IntColumn, KeyedRows, StringPool, TimeColumn } from './ledger-columns.js';

const OUTCOMES: readonly TradeOutcome[] = ['FILLED', 'REJECTED'];
const PAYMENT_OUTCOMES: readonly PaymentOutcome[] = ['SUCCEEDED', 'FAILED', 'UNKNOWN'];

/** Index of `value` in `values`, added when missing (the engine's enums may grow). */
function codeOf<T>(values: T[], value: T): number {
  const i = values.indexOf(value);
  if (i >= 0) return i;
  values.push(value);
  return values.length - 1;
}

/** Client trades of one replay, by trade id, in first-recorded order (a Map's `set` semantics). */
export class TradeTable {
  private readonly rows = new KeyedRows();
  readonly seq = new IntColumn();
  readonly t = new TimeColumn();
  readonly priceUsedTs = new TimeColumn();
  /** outcome index × 2 + (client buy ? 1 : 0). */
  readonly code = new IntColumn();
  readonly instrument = new IntColumn();
  readonly quote = new IntColumn();
  readonly clientId = new IntColumn();
  readonly tier = new IntColumn();
  readonly qty = new DecimalColumn();
  readonly price = new DecimalColumn();
  readonly mid = new DecimalColumn();
  readonly fee = new DecimalColumn();
  readonly outcomes = [...OUTCOMES];

  constructor(readonly strings: StringPool) {}

  get size(): number {
    return this.rows.size;
  }

  /** Record a trade; a second record of the same id replaces the first in place. */
  set(e: ClientTradeEvent, quote: string): void {
    const row = this.rows.rowFor(e.tradeId);
    this.seq.set(row, e.seq);
    this.t.set(row, e.t);
    this.priceUsedTs.set(row, e.priceUsedTs);
    this.code.set(row, codeOf(this.outcomes, e.outcome) * 2 + (e.side === 'buy' ? 1 : 0));
    this.instrument.set(row, this.strings.id(e.instrument));
    this.quote.set(row, this.strings.id(quote));
    this.clientId.set(row, this.strings.id(e.clientId));
    this.tier.set(row, this.strings.id(e.tier));
    this.qty.set(row, e.qty);
    this.price.set(row, e.priceExec);
    this.mid.set(row, e.refMid);
    this.fee.set(row, e.fee);
  }

  get(id: string): TradeEntry | undefined {
    const row = this.rows.find(id);
    return row === undefined ? undefined : new TradeEntry(this, row, id);
  }

  /**
   * `get(other.id)` for another replay's entry, trying `other`'s row first: both replays record
   * the same trades in much the same order, and comparing one id is cheaper than hashing it.
   */
  peerOf(other: TradeEntry): TradeEntry | undefined {
    const id = other.id;
    const hint = other.row;
    if (hint < this.rows.size && this.rows.id(hint) === id) return new TradeEntry(this, hint, id);
    return this.get(id);
  }

  *values(): IterableIterator<TradeEntry> {
    for (let row = 0; row < this.rows.size; row++) yield new TradeEntry(this, row, this.rows.id(row));
  }
}

/** A client trade as the ledger keeps it: a view of one row of its replay's TradeTable. */
export class TradeEntry {
  constructor(
    private readonly table: TradeTable,
    /** The row in its replay's table. */
    readonly row: number,
    readonly id: string,
  ) {}

  get type(): 'trade' {
    return 'trade';
  }
  get seq(): number {
    return this.table.seq.get(this.row);
  }
  get t(): number {
    return this.table.t.at(this.row);
  }
  get instrument(): string {
    return this.table.strings.value(this.table.instrument.get(this.row));
  }
  /** The instrument's quote currency. */
  get quote(): string {
    return this.table.strings.value(this.table.quote.get(this.row));
  }
  get outcome(): TradeOutcome {
    return this.table.outcomes[this.table.code.get(this.row) >> 1]!;
  }
  /** Client side as requested. */
  get side(): 'buy' | 'sell' {
    return (this.table.code.get(this.row) & 1) === 1 ? 'buy' : 'sell';
  }
  get clientId(): string {
    return this.table.strings.value(this.table.clientId.get(this.row));
  }
  get tier(): string {
    return this.table.strings.value(this.table.tier.get(this.row));
  }
  /** Provider timestamp of the price the quote used (staleness). */
  get priceUsedTs(): number | undefined {
    return this.table.priceUsedTs.get(this.row);
  }
  get filled(): boolean {
    return this.outcome === 'FILLED';
  }
  /** Client quantity as requested. */
  get qty(): Dec {
    return this.table.qty.dec(this.row, ZERO);
  }
  /** Firm-signed quantity (client buy ⇒ firm sells ⇒ negative). Zero when rejected. */
  get n(): Dec {
    if (!this.filled) return ZERO;
    return this.side === 'buy' ? this.qty.neg() : this.qty;
  }
  get price(): Dec {
    return this.table.price.dec(this.row, ZERO);
  }
  /** The true mid at the trade (reference tape). */
  get mid(): Dec {
    return this.table.mid.dec(this.row, ZERO);
  }
  get fee(): Dec {
    return this.table.fee.dec(this.row, ZERO);
  }

  // The same figures as ShortDec (short-dec.ts): for the evaluation's hot loops, which read each
  // figure of each fill several times; parsed once per column.
  get shortQty(): ShortDec {
    return this.table.qty.short(this.row, SHORT_ZERO);
  }
  /** `n` as a ShortDec. */
  get shortN(): ShortDec {
    if (!this.filled) return SHORT_ZERO;
    return this.side === 'buy' ? this.shortQty.neg() : this.shortQty;
  }
  get shortPrice(): ShortDec {
    return this.table.price.short(this.row, SHORT_ZERO);
  }
  get shortMid(): ShortDec {
    return this.table.mid.short(this.row, SHORT_ZERO);
  }
  get shortFee(): ShortDec {
    return this.table.fee.short(this.row, SHORT_ZERO);
  }

  /** The same fill as `other` (another replay's record of this trade): every field that prices it is recorded equal. */
  sameFill(other: TradeEntry): boolean {
    const a = this.table;
    const b = other.table;
    const i = this.row;
    const j = other.row;
    return this.outcome === other.outcome && this.side === other.side && this.instrument === other.instrument
      && a.qty.sameText(i, b.qty, j) && a.price.sameText(i, b.price, j) && a.mid.sameText(i, b.mid, j) && a.fee.sameText(i, b.fee, j);
  }
}

/** Customer payments of one replay, by payment id, in first-recorded order. */
export class PaymentTable {
  private readonly rows = new KeyedRows();
  readonly seq = new IntColumn();
  readonly t = new TimeColumn();
  readonly arrivedAt = new TimeColumn();
  readonly customerId = new IntColumn();
  readonly ccy = new IntColumn();
  /** outcome index × 2 + (international ? 1 : 0). */
  readonly code = new IntColumn();
  readonly unsafeRetries = new IntColumn();
  /** 0: every outcome known; 1: unknown, resolved; 2: unknown, never resolved (write-attempts.ts). */
  readonly unknown = new IntColumn();
  readonly amount = new DecimalColumn();
  /** Pool ids of the payer's and payee's countries ('' when the journal did not record them). */
  readonly originCountry = new IntColumn();
  readonly destinationCountry = new IntColumn();
  /** Pool id of the fault the integration recorded as shaping the payment, −1 for none. */
  readonly faultId = new IntColumn();
  readonly outcomes = [...PAYMENT_OUTCOMES];

  constructor(readonly strings: StringPool) {}

  get size(): number {
    return this.rows.size;
  }

  set(e: PaymentEvent): void {
    const row = this.rows.rowFor(e.paymentId);
    this.seq.set(row, e.seq);
    this.t.set(row, e.t);
    this.arrivedAt.set(row, e.arrivedAt);
    this.customerId.set(row, this.strings.id(e.customerId));
    this.ccy.set(row, this.strings.id(e.ccy));
    this.code.set(row, codeOf(this.outcomes, e.outcome) * 2 + (e.international ? 1 : 0));
    this.unsafeRetries.set(row, e.unsafeRetries);
    this.unknown.set(row, e.unknownOutcome === undefined ? 0 : e.unknownOutcome === 'resolved' ? 1 : 2);
    this.amount.set(row, e.amount);
    this.originCountry.set(row, this.strings.id(e.originCountry ?? ''));
    this.destinationCountry.set(row, this.strings.id(e.destinationCountry ?? ''));
    this.faultId.set(row, e.faultId === undefined ? -1 : this.strings.id(e.faultId));
  }

  get(id: string): PaymentRecord | undefined {
    const row = this.rows.find(id);
    return row === undefined ? undefined : new PaymentRecord(this, row, id);
  }

  *values(): IterableIterator<PaymentRecord> {
    for (let row = 0; row < this.rows.size; row++) yield new PaymentRecord(this, row, this.rows.id(row));
  }
}

/** A customer payment as the firm saw it (the fields the evaluation reads): a view of one row. */
export class PaymentRecord {
  constructor(
    private readonly table: PaymentTable,
    private readonly row: number,
    readonly paymentId: string,
  ) {}

  get type(): 'payment' {
    return 'payment';
  }
  get seq(): number {
    return this.table.seq.get(this.row);
  }
  get t(): number {
    return this.table.t.at(this.row);
  }
  /** When the customer's request arrived (`t` for journals without `arrivedAt`). */
  get arrivedAt(): number {
    return this.table.arrivedAt.get(this.row) ?? this.t;
  }
  get customerId(): string {
    return this.table.strings.value(this.table.customerId.get(this.row));
  }
  get amount(): string {
    return this.table.amount.text(this.row) ?? '0';
  }
  get ccy(): string {
    return this.table.strings.value(this.table.ccy.get(this.row));
  }
  get international(): boolean {
    return (this.table.code.get(this.row) & 1) === 1;
  }
  /** Payer's country (ISO 3166-1 alpha-2); '' in a journal that did not record it. */
  get originCountry(): string {
    return this.table.strings.value(this.table.originCountry.get(this.row));
  }
  /** Payee's country; '' in a journal that did not record it. */
  get destinationCountry(): string {
    return this.table.strings.value(this.table.destinationCountry.get(this.row));
  }
  /** The fault the integration recorded as shaping this payment. */
  get faultId(): string | undefined {
    const id = this.table.faultId.get(this.row);
    return id < 0 ? undefined : this.table.strings.value(id);
  }
  get outcome(): PaymentOutcome {
    return this.table.outcomes[this.table.code.get(this.row) >> 1]!;
  }
  get unsafeRetries(): number {
    return this.table.unsafeRetries.get(this.row);
  }
  /** Whether a send's outcome was unknown (§2.5), and whether it was resolved. */
  get unknownOutcome(): 'resolved' | 'unresolved' | undefined {
    const u = this.table.unknown.get(this.row);
    return u === 0 ? undefined : u === 1 ? 'resolved' : 'unresolved';
  }
}

/** Provider executions of one replay (orders and charges), in order. */
export class ExecutionTable {
  private count = 0;
  private readonly references: string[] = [];
  readonly seq = new IntColumn();
  readonly t = new TimeColumn();
  readonly provider = new IntColumn();
  /** 1: create_payment, 0: place_order. */
  readonly op = new IntColumn();
  readonly occurrence = new IntColumn();
  readonly ccy = new IntColumn();
  readonly feeCcy = new IntColumn();
  readonly amount = new DecimalColumn();
  readonly fee = new DecimalColumn();

  constructor(readonly strings: StringPool) {}

  get length(): number {
    return this.count;
  }

  add(e: ExecutionEvent): ExecutionEntry {
    const row = this.count++;
    this.references.push(e.reference);
    this.seq.set(row, e.seq);
    this.t.set(row, e.t);
    this.provider.set(row, this.strings.id(e.provider));
    this.op.set(row, e.op === 'create_payment' ? 1 : 0);
    this.occurrence.set(row, e.occurrence);
    this.ccy.set(row, this.strings.id(e.ccy));
    this.feeCcy.set(row, this.strings.id(e.feeCcy));
    this.amount.set(row, e.amount);
    this.fee.set(row, e.fee);
    return new ExecutionEntry(this, row);
  }

  reference(row: number): string {
    return this.references[row]!;
  }

  *[Symbol.iterator](): IterableIterator<ExecutionEntry> {
    for (let row = 0; row < this.count; row++) yield new ExecutionEntry(this, row);
  }
}

/** A provider execution (order or charge): ground truth, in the replay's timeline. A view of one row. */
export class ExecutionEntry {
  constructor(
    private readonly table: ExecutionTable,
    private readonly row: number,
  ) {}

  get type(): 'execution' {
    return 'execution';
  }
  get seq(): number {
    return this.table.seq.get(this.row);
  }
  get t(): number {
    return this.table.t.at(this.row);
  }
  get provider(): string {
    return this.table.strings.value(this.table.provider.get(this.row));
  }
  get op(): 'place_order' | 'create_payment' {
    return this.table.op.get(this.row) === 1 ? 'create_payment' : 'place_order';
  }
  get reference(): string {
    return this.table.reference(this.row);
  }
  get occurrence(): number {
    return this.table.occurrence.get(this.row);
  }
  get ccy(): string {
    return this.table.strings.value(this.table.ccy.get(this.row));
  }
  get feeCcy(): string {
    return this.table.strings.value(this.table.feeCcy.get(this.row));
  }
  /** Charged amount (charges; 0 for orders). */
  get amount(): Dec {
    return this.table.amount.dec(this.row, ZERO);
  }
  get fee(): Dec {
    return this.table.fee.dec(this.row, ZERO);
  }
  /** `amount` and `fee` as ShortDec (short-dec.ts), for the hot loops. */
  get shortAmount(): ShortDec {
    return this.table.amount.short(this.row, SHORT_ZERO);
  }
  get shortFee(): ShortDec {
    return this.table.fee.short(this.row, SHORT_ZERO);
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

/** Attempts against one provider, in emission order: time, success, probe or not, and the fault that shaped it. */
export interface AttemptSeries {
  t: number[];
  ok: boolean[];
  /** A synthetic monitoring probe (`op: probe`) rather than a business request. */
  probe: boolean[];
  /** The attempt's `faultId` (ground truth: which fault shaped it), undefined when none did. */
  faultId: (string | undefined)[];
}

export interface RunLedger {
  variant: RunVariant;
  trades: TradeTable;
  orders: OrderExecution[];
  /** The charges among the executions (views of `executionEvents` rows). */
  payments: PaymentExecution[];
  paymentEvents: PaymentTable;
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
  /** Executions (ground truth, orders and charges), in order. */
  executionEvents: ExecutionTable;
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

/** Folds one replay's events into its ledger. */
export class LedgerBuilder {
  readonly ledger: RunLedger;
  private readonly quoteOf: Map<string, string>;
  private readonly reporting: string;
  private nextSeq = 0;

  constructor(scenario: Scenario, variant: RunVariant) {
    this.quoteOf = new Map(scenario.market.instruments.map((i) => [i.symbol, i.quote]));
    this.reporting = scenario.reporting.currency;
    const strings = new StringPool();
    this.ledger = {
      variant,
      trades: new TradeTable(strings),
      orders: [],
      payments: [],
      paymentEvents: new PaymentTable(strings),
      closingMids: new Map(),
      initialPositions: new Map(),
      finalPositions: new Map(),
      incomplete: false,
      events: [],
      attempts: new Map(),
      faultHits: new Map(),
      executionEvents: new ExecutionTable(strings),
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
        ledger.trades.set(e, this.quoteOf.get(e.instrument) ?? this.reporting);
        break;
      case 'execution': {
        const x = ledger.executionEvents.add(e);
        if (e.op === 'place_order') ledger.orders.push(orderExecution(e, this.quoteOf.get(e.instrument ?? '') ?? this.reporting));
        else ledger.payments.push(x);
        break;
      }
      case 'payment':
        ledger.paymentRecords += 1;
        ledger.paymentEvents.set(e);
        break;
      case 'attempt': {
        let series = ledger.attempts.get(e.provider);
        if (series === undefined) {
          series = { t: [], ok: [], probe: [], faultId: [] };
          ledger.attempts.set(e.provider, series);
        }
        series.t.push(e.t);
        series.ok.push(e.outcome === 'ok');
        series.probe.push(e.op === 'probe');
        series.faultId.push(e.faultId);
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
