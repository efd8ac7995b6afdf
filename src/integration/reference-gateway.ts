/**
 * The reference integration: faultline's model of a well-built (or, with its policies switched
 * off, a badly built) integration gateway at a quote-driven crypto broker / payment processor.
 *
 * - Prices: polls the price feeds every interval, validates (currency, staleness, price band) and
 *   keeps the last accepted price per instrument. Client orders are quoted off that price with a
 *   markup; with no usable price, quotes are pulled and client orders are rejected.
 * - Hedging: client flow is internalised; when |net position| exceeds the threshold the residual is
 *   hedged at a liquidity provider; duplicated executions are unwound.
 * - Payments: charged through the gateways, with idempotency keys when enabled.
 * - Every call: timeout, retries with backoff and jitter, Retry-After, circuit breakers, ordered
 *   failover per role, and idempotency (same key on retry; no cross-provider failover while an
 *   outcome is unknown, because that is how a firm double-executes).
 *
 * It never looks at fault metadata: it sees only what an HTTP client would see.
 */
import { dec, minorUnits, plain, roundTo, roundToTick, truncateToStep, ZERO, type Dec } from '../finance/decimal.js';
import { outsideBand } from '../finance/price-band.js';
import { plainShort, roundShort, ShortDec } from '../finance/short-dec.js';
import type { OrderPurpose, RunEventBody } from '../engine/events.js';
import type { MarketView, ProviderRequest, ProviderResponse, Rng, Transport } from '../engine/ports.js';
import type { Monitor } from '../engine/monitor.js';
import type { OrderFillAnswer, PaymentAnswer, PriceAnswer, ProviderRequestBody } from '../providers/answers.js';
import type { Instrument, ProviderRole, Scenario } from '../scenario/model.js';
import type { PaymentItem, TradeItem } from '../workload/types.js';
import { plainMidAt } from '../market/series.js';
import { computeBackoff } from './backoff.js';
import type { PositionBook } from './book.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { isAmbiguousWriteStatus } from '../engine/write-attempts.js';

type PaymentEvent = Extract<RunEventBody, { type: 'payment' }>;
type CreatePaymentBody = Extract<ProviderRequestBody, { op: 'create_payment' }>;

export interface GatewayClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface ReferenceGatewayDeps {
  scenario: Scenario;
  clock: GatewayClock;
  transport: Transport;
  /** Jitter stream; per-call draws fork by request id. */
  rng: Rng;
  /** The true market, used only to stamp reference mids on journal events (never for decisions). */
  market: MarketView;
  book: PositionBook;
  monitor: Monitor;
  emit: (event: RunEventBody) => void;
}

interface AcceptedPrice {
  /** The price as a ShortDec (each operation on it the Dec decimal.js would give). */
  price: ShortDec;
  /** The price as the provider sent it (journal form). */
  text: string;
  ts: number;
  provider: string;
  /** Client execution prices off this price (buy/sell), computed by the first trade that needs them. */
  buy: ExecPrice | undefined;
  sell: ExecPrice | undefined;
}

interface ExecPrice {
  price: ShortDec;
  text: string;
  /** The Dec route's price × the client fee rate, computed when a trade first needs it. */
  feePerUnit: Dec | undefined;
  /**
   * price × rate as a ShortDec when price and rate are both short (≤ 16 significant digits each):
   * then the product with a short quantity has ≤ 48 digits, so every association of the three is
   * exact and the fee is the exact product rounded; undefined sends the trade down the Dec route.
   */
  feePerUnitShort: ShortDec | undefined;
}

/** Response classes that decide what a caller may do next. */
type Failure = 'retryable' | 'unknown' | 'rejected' | 'provider';

interface CallOutcome<A> {
  answer?: A;
  provider?: string;
  /** Set when the last word on a write was an unknown outcome that could not be resolved. */
  unknown: boolean;
  retries: number;
  unsafeRetries: number;
  lastFailure?: string;
  faultId?: string;
}

export class ReferenceGateway {
  private readonly config;
  private readonly instruments: Map<string, Instrument>;
  private readonly prices = new Map<string, AcceptedPrice>();
  private readonly breakers = new Map<string, CircuitBreaker>();
  /** Set by a manual failover: the provider operators moved a role to, tried first until recovery. */
  private readonly override = new Map<ProviderRole, string>();
  private readonly lastUsed = new Map<ProviderRole, string>();
  private hedgeSeq = 0;
  private hedgeInFlight = false;
  private lpHealthy = true;

  constructor(private readonly deps: ReferenceGatewayDeps) {
    this.config = deps.scenario.integration;
    this.instruments = new Map(deps.scenario.market.instruments.map((i) => [i.symbol, i]));
    if (this.config.circuitBreaker !== undefined) {
      for (const p of deps.scenario.providers) {
        this.breakers.set(p.id, new CircuitBreaker(this.config.circuitBreaker.failureThreshold, this.config.circuitBreaker.cooldownMs));
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Loops

  /** Poll every instrument's price every interval, from `startMs` (the first poll seeds the cache). */
  async runPricePoller(startMs: number, endMs: number): Promise<void> {
    const interval = this.config.pricePollIntervalMs;
    let n = 0;
    while (this.deps.clock.now() < endMs) {
      n += 1;
      for (const instrument of this.instruments.keys()) await this.pollPrice(instrument, n);
      n = nextTick(n, startMs, interval, this.deps.clock.now());
      await this.deps.clock.sleep(startMs + n * interval - this.deps.clock.now());
    }
  }

  /** Check the hedged instrument every interval and hedge or unwind as needed. */
  async runHedger(startMs: number, endMs: number): Promise<void> {
    const hedging = this.deps.scenario.hedging;
    if (hedging === undefined) return;
    let n = 0;
    while (this.deps.clock.now() < endMs) {
      n += 1;
      await this.hedgeOnce(hedging.instrument, dec(hedging.threshold));
      n = nextTick(n, startMs, hedging.checkIntervalMs, this.deps.clock.now());
      await this.deps.clock.sleep(startMs + n * hedging.checkIntervalMs - this.deps.clock.now());
    }
  }

  lpStatus(): 'UP' | 'DOWN' | 'DEGRADED' {
    if (this.lpHealthy) return 'UP';
    const lps = this.chain('liquidity_provider');
    return lps.some((p) => this.breakers.get(p)?.isOpen(this.deps.clock.now()) !== true) && lps.length > 1 ? 'DEGRADED' : 'DOWN';
  }

  // ---------------------------------------------------------------------------------------------
  // Workload

  /** A client order: quote off the last accepted price, fill against the firm's book. */
  handleTrade(item: TradeItem): void {
    const { clock, market, book, emit, scenario } = this.deps;
    const t = clock.now();
    const spec = this.instruments.get(item.instrument);
    const quote = spec?.quote ?? scenario.reporting.currency;
    const refMidText = plainMidAt(market, item.instrument, t);
    const held = this.prices.get(item.instrument);
    const maxAge = this.config.validation.maxPriceAgeMs;
    // Each event is one literal with its fields in journal order: spreading a shared base object
    // into it cost ~5 kB of allocation per trade (V8's generic object-spread path).
    if (spec === undefined || held === undefined) {
      emit({
        type: 'trade', tradeId: item.id, clientId: item.clientId, tier: item.tier, instrument: item.instrument, side: item.side,
        qty: item.qty, refMid: refMidText, feeCcy: quote, outcome: 'REJECTED', reason: 'no price available: quotes pulled',
      });
      return;
    }
    if (maxAge !== undefined && t - held.ts > maxAge) {
      emit({
        type: 'trade', tradeId: item.id, clientId: item.clientId, tier: item.tier, instrument: item.instrument, side: item.side,
        qty: item.qty, refMid: refMidText, feeCcy: quote,
        outcome: 'REJECTED', reason: `price older than ${maxAge / 1000}s: quotes pulled`, priceUsed: held.text, priceUsedTs: held.ts, priceSource: held.provider,
      });
      return;
    }
    const q = this.quoting(spec);
    // The client pays the markup: buys round up to the tick, sells round down (counterparty rule).
    // A function of the held price and the side only: computed once per accepted price and side.
    const exec = item.side === 'buy'
      ? (held.buy ??= execPrice(held.price, q.buyFactor, q, 'ceil'))
      : (held.sell ??= execPrice(held.price, q.sellFactor, q, 'floor'));
    const qty = ShortDec.parse(item.qty);
    let fee: string;
    if (exec.feePerUnitShort !== undefined && qty.isShort) {
      // The exact product (see ExecPrice.feePerUnitShort), rounded and printed as the Dec route would.
      fee = plainShort(roundShort(exec.feePerUnitShort.times(qty), q.feeDp, 'half_even'));
    } else {
      const qtyDec = qty.toDec();
      const price = exec.price.toDec();
      // price × qty × rate: when the three have at most 50 significant digits together, every product
      // is exact, so (price × rate) × qty is the same Dec — one multiplication per trade instead of two.
      fee = plain(price.sd(true) + q.feeRate.sd(true) + qtyDec.sd(true) <= 50
        ? roundTo((exec.feePerUnit ??= price.times(q.feeRate)).times(qtyDec), q.feeDp, 'half_even')
        : roundTo(price.times(qtyDec).times(q.feeRate), q.feeDp, 'half_even'));
    }
    if (item.side === 'buy') book.applyOppositeShort(item.instrument, qty);
    else book.applyShort(item.instrument, qty);
    emit({
      type: 'trade', tradeId: item.id, clientId: item.clientId, tier: item.tier, instrument: item.instrument, side: item.side,
      qty: item.qty, refMid: refMidText, feeCcy: quote,
      outcome: 'FILLED', priceExec: exec.text, priceUsed: held.text, priceUsedTs: held.ts, priceSource: held.provider, fee,
    });
  }

  private readonly quotingCache = new Map<string, Quoting>();

  /** Per-instrument quoting constants, parsed once instead of per trade. */
  private quoting(spec: Instrument): Quoting {
    let q = this.quotingCache.get(spec.symbol);
    if (q === undefined) {
      const markup = dec(this.deps.scenario.business.markupBps).div(10_000);
      const feeRate = dec(this.deps.scenario.business.clientFeeBps).div(10_000);
      const tick = dec(spec.tickSize);
      const tickShort = ShortDec.of(tick);
      q = {
        buyFactor: ShortDec.of(markup.plus(1)),
        sellFactor: ShortDec.of(dec('1').minus(markup)),
        tick,
        // roundToTick rounds to k places when the tick is exactly 10^−k (its mantissa 1, trailing
        // zeros dropped by ShortDec.of).
        tickPlaces: tickShort.isShort && tickShort.m === 1 ? tickShort.s : undefined,
        feeRate,
        feeRateShort: ShortDec.of(feeRate),
        feeDp: minorUnits(spec.quote),
      };
      this.quotingCache.set(spec.symbol, q);
    }
    return q;
  }

  /** A customer payment through the gateways. */
  async handlePayment(item: PaymentItem): Promise<void> {
    const { emit } = this.deps;
    const idem = this.config.idempotency;
    const key = idem ? `idem-${item.id}` : undefined;
    const result = await this.callWithPolicy<PaymentAnswer>('payment_gateway', item.id, true, () => {
      const body: CreatePaymentBody = { op: 'create_payment', amount: item.amount, currency: item.currency, international: item.international, reference: item.id };
      // Without a key, every retry is a brand-new charge request to the gateway. (Assigned, not
      // spread from a temporary object: V8's generic spread path allocates per attempt.)
      if (key !== undefined) body.idempotencyKey = key;
      return body;
    }, () => (key === undefined ? undefined : { op: 'payment_status', idempotencyKey: key }));
    const answer = result.answer;
    if (answer !== undefined && result.provider !== undefined && key !== undefined) {
      // The common case as one literal in journal key order: assigning ten fields one by one to a
      // six-field literal grew its out-of-object property store three times per payment.
      const event: PaymentEvent = {
        type: 'payment', paymentId: item.id, customerId: item.customerId, amount: item.amount, ccy: item.currency, originCountry: item.originCountry, destinationCountry: item.destinationCountry, international: item.international,
        provider: result.provider, outcome: 'SUCCEEDED', fee: answer.fee, feeCcy: answer.feeCcy ?? item.currency, retries: result.retries, unsafeRetries: result.unsafeRetries,
        idempotencyKey: key, arrivedAt: item.t,
      };
      if (result.faultId !== undefined) event.faultId = result.faultId;
      emit(event);
      return;
    }
    // Optional fields assigned in journal key order (spreading temporary objects was a hot allocation site).
    const event = { type: 'payment', paymentId: item.id, customerId: item.customerId, amount: item.amount, ccy: item.currency, originCountry: item.originCountry, destinationCountry: item.destinationCountry, international: item.international } as PaymentEvent;
    if (result.provider !== undefined) event.provider = result.provider;
    event.outcome = answer !== undefined ? 'SUCCEEDED' : result.unknown ? 'UNKNOWN' : 'FAILED';
    if (answer !== undefined) event.fee = answer.fee;
    event.feeCcy = answer?.feeCcy ?? item.currency;
    event.retries = result.retries;
    event.unsafeRetries = result.unsafeRetries;
    if (key !== undefined) event.idempotencyKey = key;
    event.arrivedAt = item.t;
    if (answer === undefined) event.reason = result.lastFailure ?? 'failed';
    if (result.faultId !== undefined) event.faultId = result.faultId;
    emit(event);
    if (answer === undefined && this.config.deadLetter) {
      emit({ type: 'dead_letter', itemId: item.id, itemType: 'payment', reason: result.unknown ? 'unknown outcome: parked for reconciliation' : (result.lastFailure ?? 'failed') });
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Prices

  private async pollPrice(instrument: string, n: number): Promise<void> {
    const { clock, market, emit, monitor } = this.deps;
    const spec = this.instruments.get(instrument)!;
    const v = this.config.validation;
    for (const provider of this.chain('price_feed')) {
      const breaker = this.breakers.get(provider);
      if (breaker !== undefined && !breaker.tryAcquire(clock.now())) continue;
      const requestId = `px:${instrument}:${n}:${provider}`;
      const r = await this.send({ requestId, attempt: 1, provider, body: { op: 'get_price', instrument }, timeoutMs: this.config.timeoutMs, idempotent: true });
      if (!r.ok) {
        this.noteFailure('price_feed', provider);
        monitor.reportFailure(provider, 'errors');
        continue;
      }
      const answer = r.answer as PriceAnswer;
      const t = clock.now();
      const price = ShortDec.parse(answer.price);
      const last = this.prices.get(instrument);
      let reason: string | undefined;
      if (v.currencyCheck && answer.currency !== spec.quote) reason = `currency ${answer.currency}, expected ${spec.quote}`;
      else if (v.maxPriceAgeMs !== undefined && t - answer.ts > v.maxPriceAgeMs) reason = `stale: ${Math.round((t - answer.ts) / 1000)}s old > ${v.maxPriceAgeMs / 1000}s`;
      else if (v.priceBandPct !== undefined && last !== undefined && outsideBand(price, last.price, v.priceBandPct)) {
        reason = `outside ±${v.priceBandPct}% band around ${plainShort(last.price)}`;
      }
      if (reason !== undefined) {
        emit({ type: 'price.rejected', instrument, provider, price: answer.price, priceTs: answer.ts, reason, ...(r.faultId === undefined ? {} : { faultId: r.faultId }) });
        this.noteFailure('price_feed', provider);
        monitor.reportFailure(provider, 'validation');
        continue;
      }
      this.noteSuccess('price_feed', provider);
      monitor.reportSuccess(provider, 'validation');
      monitor.reportSuccess(provider, 'errors');
      this.prices.set(instrument, { price, text: answer.price, ts: answer.ts, provider, buy: undefined, sell: undefined });
      emit({ type: 'price.accepted', instrument, provider, price: answer.price, priceTs: answer.ts, refMid: plainMidAt(market, instrument, t), ...(r.faultId === undefined ? {} : { faultId: r.faultId }) });
      return;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Hedging

  private async hedgeOnce(instrument: string, threshold: Dec): Promise<void> {
    if (this.hedgeInFlight) return;
    const { book } = this.deps;
    const spec = this.instruments.get(instrument);
    if (spec === undefined) return;
    const lot = dec(spec.lotSize);
    this.hedgeInFlight = true;
    try {
      const pending = book.pendingDuplicate(instrument);
      if (!pending.isZero()) {
        const qty = truncateToStep(pending.abs(), lot);
        if (qty.gt(0)) await this.placeOrder(instrument, pending.gt(0) ? 'sell' : 'buy', qty, 'unwind');
        return;
      }
      const position = book.position(instrument);
      if (position.abs().lte(threshold)) return;
      const qty = truncateToStep(position.abs(), lot);
      if (qty.isZero()) return;
      await this.placeOrder(instrument, position.gt(0) ? 'sell' : 'buy', qty, 'hedge');
    } finally {
      this.hedgeInFlight = false;
    }
  }

  private async placeOrder(instrument: string, side: 'buy' | 'sell', qty: Dec, purpose: OrderPurpose): Promise<void> {
    const { clock, market, emit } = this.deps;
    this.hedgeSeq += 1;
    const orderId = `${purpose === 'hedge' ? 'H' : 'U'}${String(this.hedgeSeq).padStart(6, '0')}`;
    const decidedAt = clock.now();
    const decisionMid = market.midAt(instrument, decidedAt);
    const idem = this.config.idempotency;
    const spec = this.instruments.get(instrument)!;
    const result = await this.callWithPolicy<OrderFillAnswer>(
      'liquidity_provider',
      orderId,
      true,
      (_provider, attempt) => ({
        op: 'place_order', instrument, side, qty: plain(qty), reference: orderId, purpose,
        // Without idempotency each attempt gets a fresh client order id, so the venue cannot dedup.
        clientOrderId: idem ? orderId : `${orderId}-${attempt}`,
      }),
      () => (idem ? { op: 'order_status', clientOrderId: orderId } : undefined),
    );
    const fill = result.answer;
    this.lpHealthy = fill !== undefined;
    emit({
      type: 'order', orderId, ...(idem ? { clientOrderId: orderId } : {}), purpose, provider: result.provider ?? this.chain('liquidity_provider')[0]!,
      instrument, side, qty: plain(qty), outcome: fill !== undefined ? 'FILLED' : result.unknown ? 'UNKNOWN' : 'REJECTED',
      decidedAt, decisionMid: plain(decisionMid),
      ...(fill === undefined ? {} : { fillPrice: fill.price, fee: fill.fee }),
      refMid: plain(market.midAt(instrument, clock.now())), feeCcy: fill?.feeCcy ?? spec.quote,
      retries: result.retries, unsafeRetries: result.unsafeRetries,
      ...(fill === undefined ? { reason: result.lastFailure ?? 'failed' } : {}),
      ...(result.faultId === undefined ? {} : { faultId: result.faultId }),
    });
    if (fill === undefined && this.config.deadLetter) {
      emit({ type: 'dead_letter', itemId: orderId, itemType: 'order', reason: result.unknown ? 'unknown outcome: parked for reconciliation' : (result.lastFailure ?? 'failed') });
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Calls with policy

  /**
   * Try providers of `role` in failover order, each with retries. For writes:
   * - with idempotency, retries reuse the key (the provider dedups) and an unknown outcome is
   *   resolved by a status query before moving to another provider; if it cannot be resolved the
   *   call stops as UNKNOWN rather than risk a second execution elsewhere;
   * - without idempotency, every retry is a new request (the engine counts each as an unsafe retry,
   *   engine/write-attempts.ts), and a failover after an unknown outcome is blind: the call ends
   *   UNKNOWN unless some provider answers, since nothing ever established what the first did.
   */
  private async callWithPolicy<A>(
    role: ProviderRole,
    requestId: string,
    isWrite: boolean,
    makeBody: (provider: string, attempt: number) => ProviderRequestBody,
    makeStatusBody: (provider: string) => ProviderRequestBody | undefined,
  ): Promise<CallOutcome<A>> {
    const { clock, monitor } = this.deps;
    const policy = this.config.retries;
    // unsafeRetries stays 0 here: the engine stamps the count it derives from the attempts.
    const outcome: CallOutcome<A> = { unknown: false, retries: 0, unsafeRetries: 0 };
    let attemptNo = 0;
    // A write's outcome left unknown at some provider and never resolved (blind failover).
    let unresolved = false;
    for (const provider of this.chain(role)) {
      const breaker = this.breakers.get(provider);
      if (breaker !== undefined && !breaker.tryAcquire(clock.now())) continue;
      let unknownHere = false;
      let retryAfter: number | undefined;
      for (let i = 0; i <= policy.max; i++) {
        if (i > 0) {
          const jitter = this.deps.rng.fork(requestId, attemptNo).next(); // the stream `${requestId}:${attemptNo}`
          await clock.sleep(computeBackoff(policy, i, jitter, retryAfter));
          outcome.retries += 1;
        }
        attemptNo += 1;
        const r = await this.send({ requestId, attempt: attemptNo, provider, body: makeBody(provider, attemptNo), timeoutMs: this.config.timeoutMs, idempotent: this.config.idempotency || !isWrite });
        if (r.faultId !== undefined) outcome.faultId ??= r.faultId;
        if (r.ok) {
          this.noteSuccess(role, provider);
          monitor.reportSuccess(provider, 'errors');
          outcome.answer = r.answer as A;
          outcome.provider = provider;
          outcome.unknown = false;
          return outcome;
        }
        const failure = this.classify(r, isWrite);
        outcome.lastFailure = describe(r);
        retryAfter = r.failure === 'http' ? r.retryAfterMs : undefined;
        this.noteFailure(role, provider);
        monitor.reportFailure(provider, 'errors');
        // A venue rejecting our client order id as a duplicate tells us the first attempt executed.
        if (r.failure === 'http' && r.code === '-2010' && this.config.idempotency) {
          const resolved = await this.resolveUnknown<A>(provider, requestId, attemptNo + 1, makeStatusBody);
          attemptNo += 1;
          if (resolved !== undefined) return { ...outcome, answer: resolved, provider, unknown: false };
        }
        if (failure === 'rejected') return { ...outcome, unknown: unresolved || unknownHere };
        if (failure === 'provider') break; // retrying the same endpoint cannot help: next provider
        if (failure === 'unknown') unknownHere = true;
        if (breaker?.isOpen(clock.now()) === true) break;
      }
      if (isWrite && unknownHere) {
        if (!this.config.idempotency) {
          unresolved = true; // blind failover: may execute twice
          continue;
        }
        const resolved = await this.resolveUnknown<A>(provider, requestId, attemptNo + 1, makeStatusBody);
        attemptNo += 1;
        if (resolved !== undefined) return { ...outcome, answer: resolved, provider, unknown: false };
        outcome.unknown = true;
        outcome.provider = provider;
        return outcome;
      }
    }
    if (outcome.lastFailure === undefined) outcome.lastFailure = `no ${role.replace('_', ' ')} available (all circuits open)`;
    outcome.unknown = unresolved;
    return outcome;
  }

  /** Ask the provider whether an earlier attempt executed. */
  private async resolveUnknown<A>(provider: string, requestId: string, attempt: number, makeStatusBody: (provider: string) => ProviderRequestBody | undefined): Promise<A | undefined> {
    const body = makeStatusBody(provider);
    if (body === undefined) return undefined;
    const r = await this.send({ requestId, attempt, provider, body, timeoutMs: this.config.timeoutMs, idempotent: true });
    if (!r.ok) return undefined;
    const a = r.answer;
    if (a.kind === 'order_status' && a.found) return a.fill as A;
    if (a.kind === 'payment_status' && a.found) return a.payment as A;
    return undefined;
  }

  private classify(r: Exclude<ProviderResponse, { ok: true }>, isWrite: boolean): Failure {
    if (r.failure === 'connection' && r.phase === 'connect') return 'retryable';
    if (r.failure === 'http') {
      if (r.status === 429 || r.status === 418 || r.status === 503 || r.status === 408) return 'retryable';
      if (r.status >= 500) return isWrite && isAmbiguousWriteStatus(r.status) ? 'unknown' : 'retryable';
      // The endpoint is gone or wrong (a removed API version): the provider failed, not the request.
      if (r.status === 404 || r.status === 405 || r.status === 410) return 'provider';
      return 'rejected';
    }
    // Timeouts, resets after sending, unreadable bodies: the request may have executed.
    return isWrite ? 'unknown' : 'retryable';
  }

  private send(request: ProviderRequest): Promise<ProviderResponse> {
    return this.deps.transport.call(request);
  }

  /**
   * Providers of a role in the order calls try them: the automatic failover chain, led by the
   * provider operators failed over to by hand (which may be a manual-only backup outside the chain).
   */
  private chain(role: ProviderRole): string[] {
    const auto = this.config.failover[role];
    const manual = this.override.get(role);
    return manual === undefined ? auto : [manual, ...auto.filter((p) => p !== manual)];
  }

  private noteSuccess(role: ProviderRole, provider: string): void {
    const breaker = this.breakers.get(provider);
    if (breaker?.recordSuccess() === true) this.deps.emit({ type: 'circuit.closed', provider });
    // A failover is announced once, when the provider serving the role changes; a switch already
    // announced by operators (manual failover, recovery) is not announced again as automatic.
    const previous = this.lastUsed.get(role);
    if (previous !== undefined && previous !== provider) {
      const primary = this.config.failover[role][0];
      this.deps.emit({ type: 'failover', role, from: previous, to: provider, reason: provider === primary ? 'recovered' : 'automatic' });
    }
    this.lastUsed.set(role, provider);
    if (role === 'liquidity_provider') this.lpHealthy = true;
  }

  private noteFailure(role: ProviderRole, provider: string): void {
    const breaker = this.breakers.get(provider);
    if (breaker?.recordFailure(this.deps.clock.now()) === true) this.deps.emit({ type: 'circuit.opened', provider });
    if (role === 'liquidity_provider') this.lpHealthy = false;
  }

  /**
   * Operators fail a role over by hand, away from `provider` (monitoring's manual failover): to the
   * next provider of the role in declaration order, including backups outside the automatic chain.
   */
  failOverManually(provider: string): void {
    const role = this.deps.scenario.providers.find((p) => p.id === provider)?.role;
    if (role === undefined || this.chain(role)[0] !== provider) return;
    const ofRole = this.deps.scenario.providers.filter((p) => p.role === role).map((p) => p.id);
    if (ofRole.length < 2) return;
    const next = ofRole[(ofRole.indexOf(provider) + 1) % ofRole.length]!;
    this.override.set(role, next);
    this.lastUsed.set(role, next);
    this.deps.emit({ type: 'failover', role, from: provider, to: next, reason: 'manual' });
  }

  /** The provider recovered: operators route back to the primary they had moved away from. */
  recover(provider: string): void {
    const role = this.deps.scenario.providers.find((p) => p.id === provider)?.role;
    if (role === undefined) return;
    const moved = this.override.get(role);
    if (moved !== undefined && this.config.failover[role][0] === provider) {
      this.override.delete(role);
      this.lastUsed.set(role, provider);
      this.deps.emit({ type: 'failover', role, from: moved, to: provider, reason: 'recovered' });
    }
  }

  /** Expose for marks. */
  heldPrice(instrument: string): Dec {
    return this.prices.get(instrument)?.price.toDec() ?? ZERO;
  }
}

interface Quoting {
  buyFactor: ShortDec;
  sellFactor: ShortDec;
  tick: Dec;
  /** k when the tick is exactly 10^−k, else undefined. */
  tickPlaces: number | undefined;
  feeRate: Dec;
  feeRateShort: ShortDec;
  feeDp: number;
}

/**
 * The client price off `held` (× the markup factor, then on the tick: `roundToTick`), as a
 * ShortDec: the product is the Dec decimal.js gives, and a short product has ≤ 16 significant
 * digits, so roundToTick would round it to the tick's places (roundShort, the same Dec); anything
 * else takes roundToTick itself.
 */
function execPrice(held: ShortDec, factor: ShortDec, q: Quoting, mode: 'ceil' | 'floor'): ExecPrice {
  const raw = held.times(factor);
  const price = q.tickPlaces !== undefined && raw.isShort ? roundShort(raw, q.tickPlaces, mode) : ShortDec.of(roundToTick(raw.toDec(), q.tick, mode));
  return {
    price, text: plainShort(price), feePerUnit: undefined,
    feePerUnitShort: price.isShort && q.feeRateShort.isShort ? price.times(q.feeRateShort) : undefined,
  };
}

/**
 * The next tick of a periodic loop that just finished tick `n`: ticks missed while a slow call was
 * in flight are skipped, not fired in a burst (a scheduler that catches up hammers a sick provider).
 */
export function nextTick(n: number, startMs: number, intervalMs: number, now: number): number {
  const due = Math.floor((now - startMs) / intervalMs) + 1;
  return Math.max(n, due);
}

function describe(r: Exclude<ProviderResponse, { ok: true }>): string {
  switch (r.failure) {
    case 'http':
      return `HTTP ${r.status}${r.message === undefined ? '' : ` ${r.message}`}`;
    case 'timeout':
      return `timeout after ${r.latencyMs} ms`;
    case 'connection':
      return r.phase === 'connect' ? 'connection refused' : 'connection reset';
    case 'malformed':
      return `unreadable response: ${r.detail}`;
  }
}
