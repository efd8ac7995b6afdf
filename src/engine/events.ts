/**
 * RunEvent: the one event union the engine emits (journal format v1, documented in docs/journal.md).
 * The journal, the dashboard, the reporters and `evaluate` all consume this stream.
 *
 * Conventions: `t` is scenario time in epoch ms (UTC); money, prices and quantities are decimal
 * strings; quantities are signed from the firm's side where the field says `firm*`; `run` says which
 * replay of the plan the event belongs to (the faulted run or the counterfactual baseline).
 */
import type { DecimalString, ProviderRole } from '../scenario/model.js';

export const JOURNAL_FORMAT_VERSION = 1;

export type RunVariant = 'faulted' | 'baseline';

/** What happened to one HTTP-level attempt against a provider. */
export type AttemptOutcome =
  | 'ok'
  | 'http_error' // a 4xx/5xx answer
  | 'rate_limited' // 429/418 with Retry-After
  | 'timeout' // no answer within the integration's timeout
  | 'refused' // connection refused / reset: nothing reached the provider
  | 'lost' // the provider executed the request but the answer never arrived (unknown outcome)
  | 'invalid'; // an answer arrived but failed validation (corrupt, stale, drifted schema)

export type Operation = 'get_price' | 'place_order' | 'order_status' | 'create_payment' | 'payment_status' | 'probe';

interface Base {
  /** Sequence number within its run, from 0. */
  seq: number;
  /** Scenario time, epoch ms UTC. */
  t: number;
  run: RunVariant;
}

export interface RunStartedEvent extends Base {
  type: 'run.started';
  scenarioId: string;
  runId: string;
  mode: 'sim' | 'msw' | 'proxy';
  seed: number;
  startMs: number;
  endMs: number;
}

/**
 * What a replay on a live clock measured of its own timekeeping (engine/loop-lag.ts): how late its
 * event loop ran, in wall ms. The evaluation holds it against the smallest timeout (engine/keep-time.ts).
 */
export interface LiveTiming {
  clock: 'live';
  /** Scenario ms per wall ms. */
  speed: number;
  /** Turns of the loop sampled (one every 2 wall ms while it was free). */
  samples: number;
  /** How late the loop ran, wall ms: median, 99th percentile, longest. */
  lagP50Ms: number;
  lagP99Ms: number;
  lagMaxMs: number;
  /** Stalls longer than the smallest timeout ÷ speed: each could time out every call in flight. */
  stallsOverTimeout: number;
}

export interface RunFinishedEvent extends Base {
  type: 'run.finished';
  /** Closing mid per instrument (the mark for end-of-drill inventory). */
  closingMids: Record<string, DecimalString>;
  /** Final firm position per instrument (base units, + long). */
  positions: Record<string, DecimalString>;
  /** True when the run was cut short (abort, interrupt, adapter failure). */
  incomplete: boolean;
  reason?: string;
  /** Live clock only: the replay's own measure of its timekeeping. */
  timing?: LiveTiming;
}

export interface FaultWindowEvent extends Base {
  type: 'fault.started' | 'fault.ended';
  faultId: string;
  kind: string;
  target: string;
  via: 'msw' | 'toxiproxy';
}

/** One attempt at one provider call. The low-level record behind SLA downtime and fault hit counts. */
export interface AttemptEvent extends Base {
  type: 'attempt';
  requestId: string;
  attempt: number;
  provider: string;
  role: ProviderRole;
  op: Operation;
  outcome: AttemptOutcome;
  status?: number;
  latencyMs: number;
  /** The fault that shaped this attempt, if any. */
  faultId?: string;
  /** For `invalid`: why validation rejected the answer. */
  detail?: string;
  /** Whether this attempt carried an idempotency key / client order id. */
  idempotent: boolean;
}

/** The price the integration holds for an instrument changed (a poll was accepted). */
export interface PriceAcceptedEvent extends Base {
  type: 'price.accepted';
  instrument: string;
  provider: string;
  price: DecimalString;
  /** Timestamp the provider attached to the price. */
  priceTs: number;
  refMid: DecimalString;
  faultId?: string;
}

export type TradeOutcome = 'FILLED' | 'REJECTED';

/** A client trade against the firm (the firm internalises client flow). */
export interface ClientTradeEvent extends Base {
  type: 'trade';
  tradeId: string;
  clientId: string;
  tier: string;
  instrument: string;
  /** Client's side. */
  side: 'buy' | 'sell';
  qty: DecimalString;
  outcome: TradeOutcome;
  /** Price the client got (FILLED). */
  priceExec?: DecimalString;
  /** Price the integration used to quote, its provider timestamp and age. */
  priceUsed?: DecimalString;
  priceUsedTs?: number;
  priceSource?: string;
  /** The true mid at the time of the trade (independent reference tape). */
  refMid: DecimalString;
  fee?: DecimalString;
  feeCcy: string;
  /** Why it was rejected (REJECTED). */
  reason?: string;
  faultId?: string;
}

export type OrderOutcome = 'FILLED' | 'REJECTED' | 'UNKNOWN';
export type OrderPurpose = 'hedge' | 'unwind';

/** An own-account order at a liquidity provider (hedges and duplicate unwinds). */
export interface OrderEvent extends Base {
  type: 'order';
  orderId: string;
  clientOrderId?: string;
  purpose: OrderPurpose;
  provider: string;
  instrument: string;
  /** Firm's side. */
  side: 'buy' | 'sell';
  qty: DecimalString;
  outcome: OrderOutcome;
  /** Time the firm decided to send it (decision price time) and the mid then. */
  decidedAt: number;
  decisionMid: DecimalString;
  fillPrice?: DecimalString;
  refMid: DecimalString;
  fee?: DecimalString;
  feeCcy: string;
  retries: number;
  /**
   * Re-sends without an idempotency key / client order id or a status check first (§2.5), counted
   * by the engine from the attempts (write-attempts.ts), whatever integration sent them.
   */
  unsafeRetries: number;
  /** Set by the engine when a send's outcome was unknown (write-attempts.ts): resolved later, or never. */
  unknownOutcome?: 'resolved' | 'unresolved';
  reason?: string;
  faultId?: string;
}

/** The firm's view of a payment. UNKNOWN: the outcome could not be established (parked for reconciliation). */
export type PaymentOutcome = 'SUCCEEDED' | 'FAILED' | 'UNKNOWN';

export interface PaymentEvent extends Base {
  type: 'payment';
  paymentId: string;
  customerId: string;
  amount: DecimalString;
  ccy: string;
  /** Payer's and payee's countries (ISO 3166-1 alpha-2); absent in journals written before they were recorded. */
  originCountry?: string;
  destinationCountry?: string;
  /** originCountry ≠ destinationCountry. */
  international: boolean;
  provider?: string;
  outcome: PaymentOutcome;
  /** Processor fee charged to the firm for this charge (per-charge rounding, the processor's rule). */
  fee?: DecimalString;
  feeCcy: string;
  retries: number;
  /** As on OrderEvent: counted by the engine from the attempts. */
  unsafeRetries: number;
  /** As on OrderEvent. */
  unknownOutcome?: 'resolved' | 'unresolved';
  idempotencyKey?: string;
  reason?: string;
  faultId?: string;
  /**
   * When the customer's payment request arrived (the workload item's time): the payment's answer
   * came at `t`, after any retries and failover, so `t − arrivedAt` is the customer's wait.
   * Absent in journals written before it was added (read as `t`).
   */
  arrivedAt?: number;
}

/**
 * Ground truth from the provider's side: a write (order or charge) actually executed. This is the
 * providers' own record of what reached them; the ledger is built from it, so an execution the
 * integration never heard about (a lost response) still moves money.
 */
export interface ExecutionEvent extends Base {
  type: 'execution';
  provider: string;
  op: 'place_order' | 'create_payment';
  /** The firm's id for the order or payment this execution belongs to. */
  reference: string;
  /** 1 for the first execution of a reference, 2+ for duplicates. */
  occurrence: number;
  clientOrderId?: string;
  idempotencyKey?: string;
  instrument?: string;
  /** Firm's side (orders). */
  side?: 'buy' | 'sell';
  qty?: DecimalString;
  price?: DecimalString;
  /** True mid at the execution instant (orders). */
  refMid?: DecimalString;
  amount?: DecimalString;
  ccy: string;
  fee: DecimalString;
  feeCcy: string;
  /**
   * A charge in another currency than the fee schedule's (§1.3): the rate the processor converted it
   * at (fee-currency units per charge-currency unit), that rate's source and fixing time, and the
   * converted amount the fee's percentage applied to (fee currency).
   */
  fxRate?: DecimalString;
  fxSource?: string;
  fxTs?: number;
  settledAmount?: DecimalString;
  purpose?: OrderPurpose;
}

/** A price the integration received but rejected (validation: stale, outside band, wrong currency). */
export interface PriceRejectedEvent extends Base {
  type: 'price.rejected';
  instrument: string;
  provider: string;
  price: DecimalString;
  priceTs: number;
  reason: string;
  faultId?: string;
}

export interface ProbeEvent extends Base {
  type: 'probe';
  provider: string;
  ok: boolean;
  faultId?: string;
}

export interface AlertEvent extends Base {
  type: 'alert.fired' | 'alert.acknowledged' | 'alert.resolved';
  provider: string;
  alertId: string;
  /** What raised it: synthetic probes or the integration's own validation/failure counters. */
  source: 'probe' | 'validation' | 'errors';
}

export interface FailoverEvent extends Base {
  type: 'failover';
  role: ProviderRole;
  from: string;
  to: string;
  reason: 'automatic' | 'manual' | 'recovered';
}

export interface CircuitEvent extends Base {
  type: 'circuit.opened' | 'circuit.closed';
  provider: string;
}

export interface DeadLetterEvent extends Base {
  type: 'dead_letter';
  itemId: string;
  itemType: 'trade' | 'order' | 'payment';
  reason: string;
}

/** A periodic snapshot of the market and the firm's position (exposure time series). */
export interface MarkEvent extends Base {
  type: 'mark';
  mids: Record<string, DecimalString>;
  positions: Record<string, DecimalString>;
  /** Liquidity provider status as the integration sees it. */
  lpStatus: 'UP' | 'DOWN' | 'DEGRADED';
}

export type RunEvent =
  | RunStartedEvent
  | RunFinishedEvent
  | FaultWindowEvent
  | AttemptEvent
  | PriceAcceptedEvent
  | PriceRejectedEvent
  | ExecutionEvent
  | ClientTradeEvent
  | OrderEvent
  | PaymentEvent
  | ProbeEvent
  | AlertEvent
  | FailoverEvent
  | CircuitEvent
  | DeadLetterEvent
  | MarkEvent;

export type RunEventType = RunEvent['type'];

/** Distributive Omit so each member of the union keeps its own fields. */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event before the engine stamps it with seq, t and run. */
export type RunEventBody = DistributiveOmit<RunEvent, 'seq' | 't' | 'run'>;
