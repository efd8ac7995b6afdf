/**
 * The module integration: the workload drives the firm's own adapter (adapter.ts) exactly where it
 * drives the reference gateway, and the same journal events come out, so evaluation is unchanged.
 *
 * - Prices: every `price_poll_interval` the poller calls `getQuote` per instrument; an OK quote
 *   becomes the held price (`price.accepted`). Client trades are quoted off the held quote, as the
 *   reference gateway does (markup, tick rounding, client fee; `max_price_age` pulls quotes).
 * - Hedging: the reference hedger's rule (threshold, lot size, unwind duplicates first) through
 *   `placeOrder`; an UNKNOWN outcome is resolved with `checkOrder` when the adapter has it.
 * - Payments: `createPayment` per payment item.
 * - Attempts: requests made through `ctx.fetch` are journaled from the mocks' side (outcome, fault
 *   hit), and executions come from the mocks' ground truth as in every mode.
 *
 * A broken adapter (throws, does not settle within `call_timeout` of scenario time, returns
 * something outside the contract) stops the run with a reason naming the adapter file and the call.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { dec, minorUnits, plain, roundTo, roundToStep, truncateToStep, type Dec } from '../finance/decimal.js';
import type { AttemptOutcome, Operation, OrderPurpose } from '../engine/events.js';
import type { Instrument, Scenario } from '../scenario/model.js';
import type { PaymentItem, TradeItem } from '../workload/types.js';
import type { ProviderBackend } from '../../mocks/backend.js';
import { H_ATTEMPT, H_REQUEST_ID, providerBaseUrl } from '../transports/msw-wire.js';
import type { AdapterCall, AdapterContext, FaultlineAdapter, OrderFilled, OrderStatus } from './adapter.js';
import type { ReferenceGatewayDeps } from './reference-gateway.js';

/** What `executePlan` drives: the reference gateway and the module integration both implement it. */
export interface WorkloadIntegration {
  runPricePoller(startMs: number, endMs: number): Promise<void>;
  runHedger(startMs: number, endMs: number): Promise<void>;
  handleTrade(item: TradeItem): void;
  handlePayment(item: PaymentItem): Promise<void>;
  lpStatus(): 'UP' | 'DOWN' | 'DEGRADED';
  failOverManually(provider: string): void;
  recover(provider: string): void;
  close?(): Promise<void>;
}

export interface IntegrationDeps extends ReferenceGatewayDeps {
  /** Stop the replay now, marking it incomplete with `reason`. */
  abort(reason: string): void;
}

export type IntegrationFactory = (deps: IntegrationDeps) => WorkloadIntegration | Promise<WorkloadIntegration>;

export interface ModuleIntegrationOptions {
  /** The adapter file as the user wrote it (named in every error). */
  file: string;
  /** How errors name the adapter (default `adapter <file>`; a service: `service <url>`). */
  label?: string;
  factory: (ctx: AdapterContext) => FaultlineAdapter | Promise<FaultlineAdapter>;
  /** Base URL per provider id (default: the transport's proxy URLs in proxy mode, else msw mode's `https://<id>.faultline.test`). */
  baseUrlOf?: (providerId: string) => string;
}

/**
 * What a transport may offer to journal the adapter's own requests: the mocks' record (msw and
 * proxy mode) and, in proxy mode, the proxies' URLs, the toxic fault credit, and the operation of a
 * request that never reached the mocks (a refused connection).
 */
interface JournalSource {
  backend?: ProviderBackend;
  providerUrls?: Readonly<Record<string, string>>;
  toxicCredit?: { credit(provider: string, t0: number, outcome: AttemptOutcome): string | undefined };
  operationOf?(providerId: string, method: string, pathname: string): Operation | undefined;
}

interface HeldQuote {
  price: Dec;
  text: string;
  ts: number;
  provider: string;
}

interface CallScope {
  reference: string;
  purpose?: OrderPurpose;
}

const DECIMAL = /^\d+(\.\d+)?$/;
const isDecimal = (v: unknown): v is string => typeof v === 'string' && DECIMAL.test(v);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const show = (v: unknown): string => {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
};

/** Build the integration factory `executePlan` takes for a module integration. */
export function createModuleIntegrationFactory(options: ModuleIntegrationOptions): IntegrationFactory {
  return async (deps) => {
    const integration = new ModuleIntegration(deps, options);
    await integration.init();
    return integration;
  };
}

export class ModuleIntegration implements WorkloadIntegration {
  private adapter: FaultlineAdapter | undefined;
  private readonly scenario: Scenario;
  private readonly instruments: Map<string, Instrument>;
  private readonly providerIds: Set<string>;
  private readonly prices = new Map<string, HeldQuote>();
  private readonly scope = new AsyncLocalStorage<CallScope>();
  private readonly attempts = new Map<string, number>();
  private failed: string | undefined;
  private closed = false;
  private hedgeSeq = 0;
  private hedgeInFlight = false;
  private lpHealthy = true;

  constructor(private readonly deps: IntegrationDeps, private readonly options: ModuleIntegrationOptions) {
    this.scenario = deps.scenario;
    this.instruments = new Map(deps.scenario.market.instruments.map((i) => [i.symbol, i]));
    this.providerIds = new Set(deps.scenario.providers.map((p) => p.id));
  }

  private get callTimeoutMs(): number {
    const i = this.scenario.integration;
    return i.type === 'reference' ? 60_000 : i.callTimeoutMs;
  }

  private get label(): string {
    return this.options.label ?? `adapter ${this.options.file}`;
  }

  private get source(): JournalSource {
    return this.deps.transport as JournalSource;
  }

  async init(): Promise<void> {
    const proxied = this.source.providerUrls;
    const baseUrlOf = this.options.baseUrlOf ?? (proxied === undefined ? providerBaseUrl : (id: string) => proxied[id] ?? providerBaseUrl(id));
    const providers = this.scenario.providers.map((p) => ({ id: p.id, role: p.role, archetype: p.archetype, baseUrl: baseUrlOf(p.id) }));
    const ctx: AdapterContext = {
      providers,
      baseUrls: Object.fromEntries(providers.map((p) => [p.id, p.baseUrl])),
      timeoutMs: this.scenario.integration.timeoutMs,
      fetch: this.journalingFetch(),
      sleep: (ms) => this.deps.clock.sleep(ms),
      now: () => this.deps.clock.now(),
    };
    const adapter = await this.guard('createAdapter', 'createAdapter()', async () => this.options.factory(ctx), (a) =>
      isObject(a) && typeof a.getQuote === 'function' ? undefined : `expected an object with a getQuote method, got ${show(a)}`);
    if (adapter !== undefined) this.adapter = adapter;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const adapter = this.adapter;
    if (adapter?.close === undefined) return;
    try {
      await adapter.close();
    } catch {
      // The run is over; a failing close cannot change the journal.
    }
  }

  private emit: IntegrationDeps['emit'] = (event) => {
    if (!this.closed) this.deps.emit(event);
  };

  private fail(reason: string): void {
    if (this.failed !== undefined || this.closed) return;
    this.failed = reason;
    this.deps.abort(reason);
  }

  /** Run one adapter call with the contract enforced: no throw, settles in time, well-formed result. */
  private async guard<T>(call: AdapterCall, label: string, fn: () => Promise<T>, check: (value: unknown) => string | undefined): Promise<T | undefined> {
    if (this.failed !== undefined || this.closed) return undefined;
    const where = `${this.label}: ${label}`;
    const timeoutMs = this.callTimeoutMs;
    type Settled = { kind: 'value'; value: T } | { kind: 'error'; error: unknown } | { kind: 'timeout' };
    let settled: Settled;
    try {
      settled = await Promise.race([
        fn().then((value): Settled => ({ kind: 'value', value }), (error: unknown): Settled => ({ kind: 'error', error })),
        this.deps.clock.sleep(timeoutMs).then((): Settled => ({ kind: 'timeout' })),
      ]);
    } catch (error) {
      settled = { kind: 'error', error };
    }
    if (settled.kind === 'timeout') {
      this.fail(`${where} did not settle within ${timeoutMs / 1000}s of scenario time (integration.call_timeout); ${call} hangs`);
      return undefined;
    }
    if (settled.kind === 'error') {
      const e = settled.error;
      this.fail(`${where} threw: ${e instanceof Error ? `${e.name}: ${e.message}` : show(e)}`);
      return undefined;
    }
    const problem = check(settled.value);
    if (problem !== undefined) {
      this.fail(`${where} returned nonsense: ${problem}`);
      return undefined;
    }
    return settled.value;
  }

  private knownProvider(v: unknown, required: boolean): string | undefined {
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'string') return `provider must be a provider id, got ${show(v)}`;
    return this.providerIds.has(v) ? undefined : `provider "${v}" is not a provider of the scenario (${[...this.providerIds].join(', ')})`;
  }

  // ---------------------------------------------------------------------------------------------
  // ctx.fetch: journal each request as an attempt, from the mocks' side

  private journalingFetch(): typeof fetch {
    const { backend, providerUrls, toxicCredit } = this.source;
    if (backend === undefined) return (input, init) => fetch(input, init);
    // proxy mode: real sockets, so a failed fetch says whether the connection was refused or cut.
    const proxied = providerUrls !== undefined;
    return async (input, init) => {
      const scope = this.scope.getStore();
      const reference = scope?.reference ?? 'adapter';
      const attempt = (this.attempts.get(reference) ?? 0) + 1;
      this.attempts.set(reference, attempt);
      const requestId = `adapter:${reference}`;
      const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
      headers.set(H_REQUEST_ID, requestId);
      headers.set(H_ATTEMPT, String(attempt));
      if (scope?.purpose !== undefined) {
        headers.set('x-faultline-reference', scope.reference);
        headers.set('x-faultline-purpose', scope.purpose);
      }
      const url = input instanceof Request ? input.url : String(input);
      const idempotent = headers.has('idempotency-key') || headers.has('paypal-request-id') || /[?&]newClientOrderId=/.test(url) || /(^|&)newClientOrderId=/.test(typeof init?.body === 'string' ? init.body : '');
      const t0 = this.deps.clock.now();
      const journal = (observed: Parameters<ProviderBackend['outcomeOf']>[1], status?: number): void => {
        const call = backend.lookup(requestId, attempt);
        if (call === undefined) {
          if (proxied) this.journalUnadmitted(url, init?.method ?? (input instanceof Request ? input.method : 'GET'), requestId, attempt, observed, t0, idempotent);
          return;
        }
        backend.forget(call);
        const outcome: AttemptOutcome = backend.outcomeOf(call, observed, status);
        const faultId = backend.faultIdOf(call) ?? toxicCredit?.credit(call.provider.id, call.t0, outcome);
        const detail = observed === 'malformed' ? backend.describeMalformed(call) : undefined;
        this.emit({
          type: 'attempt', requestId, attempt, provider: call.provider.id, role: call.provider.role, op: call.op, outcome,
          ...(status === undefined ? {} : { status }), latencyMs: this.deps.clock.now() - t0,
          ...(faultId === undefined ? {} : { faultId }), ...(detail === undefined ? {} : { detail }), idempotent,
        });
      };
      let res: Response;
      try {
        res = await fetch(input instanceof Request ? new Request(input, { headers }) : input, { ...init, headers });
      } catch (error) {
        journal(init?.signal?.aborted === true ? 'timeout' : proxied ? networkFailure(error) : 'connect');
        throw error;
      }
      try {
        await res.clone().arrayBuffer();
      } catch {
        journal('reset');
        return res;
      }
      const s = res.status;
      const call = backend.lookup(requestId, attempt);
      journal(s === 429 || s === 418 || s >= 500 ? 'http' : s < 400 && backend.describeMalformed(call) !== undefined ? 'malformed' : s >= 400 ? 'http' : 'ok', s);
      return res;
    };
  }

  /** proxy mode: journal a request the mocks never saw (refused by a disabled proxy, or cut before it arrived). */
  private journalUnadmitted(url: string, method: string, requestId: string, attempt: number, observed: string, t0: number, idempotent: boolean): void {
    const { providerUrls, toxicCredit, operationOf } = this.source;
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return;
    }
    const id = Object.entries(providerUrls ?? {}).find(([, u]) => new URL(u).origin === target.origin)?.[0];
    const provider = this.scenario.providers.find((p) => p.id === id);
    const op = provider === undefined ? undefined : operationOf?.call(this.source, provider.id, method.toUpperCase(), target.pathname);
    if (provider === undefined || op === undefined) return;
    const outcome: AttemptOutcome = observed === 'timeout' ? 'timeout' : 'refused';
    const faultId = toxicCredit?.credit(provider.id, t0, outcome);
    this.emit({
      type: 'attempt', requestId, attempt, provider: provider.id, role: provider.role, op, outcome, latencyMs: this.deps.clock.now() - t0,
      ...(faultId === undefined ? {} : { faultId }), idempotent,
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Loops

  async runPricePoller(startMs: number, endMs: number): Promise<void> {
    const interval = this.scenario.integration.pricePollIntervalMs;
    let n = 0;
    while (this.deps.clock.now() < endMs && this.failed === undefined) {
      n += 1;
      for (const instrument of this.instruments.keys()) await this.pollPrice(instrument, n);
      n = Math.max(n, Math.floor((this.deps.clock.now() - startMs) / interval) + 1);
      await this.deps.clock.sleep(startMs + n * interval - this.deps.clock.now());
    }
  }

  async runHedger(startMs: number, endMs: number): Promise<void> {
    const hedging = this.scenario.hedging;
    if (hedging === undefined) return;
    let n = 0;
    while (this.deps.clock.now() < endMs && this.failed === undefined) {
      n += 1;
      await this.hedgeOnce(hedging.instrument, dec(hedging.threshold));
      n = Math.max(n, Math.floor((this.deps.clock.now() - startMs) / hedging.checkIntervalMs) + 1);
      await this.deps.clock.sleep(startMs + n * hedging.checkIntervalMs - this.deps.clock.now());
    }
  }

  lpStatus(): 'UP' | 'DOWN' | 'DEGRADED' {
    return this.lpHealthy ? 'UP' : 'DOWN';
  }

  /** Operators' manual failover and recovery are the adapter's business: nothing to do here. */
  failOverManually(): void {}

  recover(): void {}

  private async pollPrice(instrument: string, n: number): Promise<void> {
    const adapter = this.adapter;
    if (adapter === undefined) return;
    const q = await this.scope.run({ reference: `px:${instrument}:${n}` }, () =>
      this.guard('getQuote', `getQuote(${instrument})`, () => adapter.getQuote({ instrument }), (v) => {
        if (!isObject(v)) return `expected a quote object, got ${show(v)}`;
        if (v.status === 'UNAVAILABLE') return typeof v.reason === 'string' ? undefined : `UNAVAILABLE needs a reason string, got ${show(v)}`;
        if (v.status !== 'OK') return `status must be "OK" or "UNAVAILABLE", got ${show(v.status)}`;
        if (!isDecimal(v.price) || dec(v.price).isZero()) return `price must be a positive decimal string like "101234.5", got ${show(v.price)}`;
        if (typeof v.ts !== 'number' || !Number.isFinite(v.ts)) return `ts must be the provider's timestamp in epoch ms, got ${show(v.ts)}`;
        return this.knownProvider(v.provider, true);
      }));
    if (q === undefined || q.status !== 'OK') return;
    this.prices.set(instrument, { price: dec(q.price), text: q.price, ts: q.ts, provider: q.provider });
    this.emit({ type: 'price.accepted', instrument, provider: q.provider, price: q.price, priceTs: q.ts, refMid: plain(this.deps.market.midAt(instrument, this.deps.clock.now())) });
  }

  // ---------------------------------------------------------------------------------------------
  // Workload

  /** A client order: quoted off the adapter's last quote, exactly as the reference gateway quotes. */
  handleTrade(item: TradeItem): void {
    const { clock, market, book } = this.deps;
    const t = clock.now();
    const spec = this.instruments.get(item.instrument);
    const quoteCcy = spec?.quote ?? this.scenario.reporting.currency;
    const base = {
      type: 'trade' as const, tradeId: item.id, clientId: item.clientId, tier: item.tier, instrument: item.instrument, side: item.side,
      qty: item.qty, refMid: plain(market.midAt(item.instrument, t)), feeCcy: quoteCcy,
    };
    const held = this.prices.get(item.instrument);
    const maxAge = this.scenario.integration.validation.maxPriceAgeMs;
    if (spec === undefined || held === undefined) {
      this.emit({ ...base, outcome: 'REJECTED', reason: 'no price available: quotes pulled' });
      return;
    }
    if (maxAge !== undefined && t - held.ts > maxAge) {
      this.emit({ ...base, outcome: 'REJECTED', reason: `price older than ${maxAge / 1000}s: quotes pulled`, priceUsed: held.text, priceUsedTs: held.ts, priceSource: held.provider });
      return;
    }
    const markup = dec(this.scenario.business.markupBps).div(10_000);
    const tick = dec(spec.tickSize);
    const qty = dec(item.qty);
    const priceExec = item.side === 'buy'
      ? roundToStep(held.price.times(markup.plus(1)), tick, 'ceil')
      : roundToStep(held.price.times(dec('1').minus(markup)), tick, 'floor');
    const fee = roundTo(priceExec.times(qty).times(dec(this.scenario.business.clientFeeBps).div(10_000)), minorUnits(spec.quote), 'half_even');
    book.apply(item.instrument, item.side === 'buy' ? qty.neg() : qty);
    this.emit({ ...base, outcome: 'FILLED', priceExec: plain(priceExec), priceUsed: held.text, priceUsedTs: held.ts, priceSource: held.provider, fee: plain(fee) });
  }

  async handlePayment(item: PaymentItem): Promise<void> {
    const adapter = this.adapter;
    if (adapter === undefined) return;
    const key = `idem-${item.id}`;
    if (adapter.createPayment === undefined) {
      this.fail(`${this.label}: the drill has payments but the adapter has no createPayment method`);
      return;
    }
    const createPayment = adapter.createPayment.bind(adapter);
    const r = await this.scope.run({ reference: item.id }, () =>
      this.guard('createPayment', `createPayment(${item.id})`, () => createPayment({
        paymentId: item.id, idempotencyKey: key, amount: item.amount, currency: item.currency, customerId: item.customerId, international: item.international,
      }), (v) => {
        if (!isObject(v)) return `expected a payment result object, got ${show(v)}`;
        if (v.status !== 'SUCCEEDED' && v.status !== 'FAILED' && v.status !== 'UNKNOWN') return `status must be SUCCEEDED, FAILED or UNKNOWN, got ${show(v.status)}`;
        if (v.fee !== undefined && !isDecimal(v.fee)) return `fee must be a decimal string, got ${show(v.fee)}`;
        return this.knownProvider(v.provider, false);
      }));
    if (r === undefined) return;
    this.emit({
      type: 'payment', paymentId: item.id, customerId: item.customerId, amount: item.amount, ccy: item.currency, originCountry: item.originCountry, destinationCountry: item.destinationCountry, international: item.international,
      ...(r.provider === undefined ? {} : { provider: r.provider }),
      outcome: r.status,
      ...(r.status === 'SUCCEEDED' && r.fee !== undefined ? { fee: r.fee } : {}),
      feeCcy: r.feeCcy ?? item.currency,
      retries: typeof r.retries === 'number' ? r.retries : 0,
      unsafeRetries: 0,
      ...(r.idempotent === false ? {} : { idempotencyKey: key }),
      arrivedAt: item.t,
      ...(r.status === 'SUCCEEDED' ? {} : { reason: r.reason ?? r.status.toLowerCase() }),
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Hedging (the reference gateway's rule)

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
    const adapter = this.adapter;
    if (adapter === undefined) return;
    if (adapter.placeOrder === undefined) {
      this.fail(`${this.label}: the drill hedges but the adapter has no placeOrder method`);
      return;
    }
    const { clock, market } = this.deps;
    this.hedgeSeq += 1;
    const orderId = `${purpose === 'hedge' ? 'H' : 'U'}${String(this.hedgeSeq).padStart(6, '0')}`;
    const decidedAt = clock.now();
    const decisionMid = market.midAt(instrument, decidedAt);
    const spec = this.instruments.get(instrument)!;
    const placeOrder = adapter.placeOrder.bind(adapter);
    const label = `placeOrder(${orderId} ${side} ${plain(qty)} ${instrument})`;
    const r = await this.scope.run({ reference: orderId, purpose }, () =>
      this.guard('placeOrder', label, () => placeOrder({ clientOrderId: orderId, instrument, side, qty: plain(qty), purpose }), (v) => {
        if (!isObject(v)) return `expected an order result object, got ${show(v)}`;
        if (v.status === 'FILLED') {
          if (!isDecimal(v.price)) return `a FILLED order needs price as a decimal string, got ${show(v.price)}`;
          if (v.fee !== undefined && !isDecimal(v.fee)) return `fee must be a decimal string, got ${show(v.fee)}`;
          return this.knownProvider(v.provider, true);
        }
        if (v.status !== 'REJECTED' && v.status !== 'UNKNOWN') return `status must be FILLED, REJECTED or UNKNOWN, got ${show(v.status)}`;
        return this.knownProvider(v.provider, false);
      }));
    if (r === undefined) return;
    let fill: { price: string; fee?: string; feeCcy?: string; provider?: string } | undefined = r.status === 'FILLED' ? (r as OrderFilled) : undefined;
    let unknown = r.status === 'UNKNOWN';
    if (unknown && adapter.checkOrder !== undefined) {
      const checkOrder = adapter.checkOrder.bind(adapter);
      const s = await this.scope.run({ reference: orderId, purpose }, () =>
        this.guard('checkOrder', `checkOrder(${orderId})`, () => checkOrder({ clientOrderId: orderId, instrument }), (v) => {
          if (!isObject(v)) return `expected an order status object, got ${show(v)}`;
          if (v.status !== 'FILLED' && v.status !== 'NOT_FOUND' && v.status !== 'UNKNOWN') return `status must be FILLED, NOT_FOUND or UNKNOWN, got ${show(v.status)}`;
          if (v.status === 'FILLED' && !isDecimal(v.price)) return `a FILLED status needs price as a decimal string, got ${show(v.price)}`;
          return this.knownProvider(v.provider, false);
        }));
      if (s === undefined) return;
      if (s.status === 'FILLED') fill = s as Required<Pick<OrderStatus, 'price'>> & OrderStatus;
      unknown = s.status === 'UNKNOWN';
    }
    this.lpHealthy = fill !== undefined;
    const provider = (fill?.provider ?? r.provider) ?? this.scenario.integration.failover.liquidity_provider[0] ?? '';
    this.emit({
      type: 'order', orderId, clientOrderId: orderId, purpose, provider, instrument, side, qty: plain(qty),
      outcome: fill !== undefined ? 'FILLED' : unknown ? 'UNKNOWN' : 'REJECTED',
      decidedAt, decisionMid: plain(decisionMid),
      ...(fill === undefined ? {} : { fillPrice: fill.price, ...(fill.fee === undefined ? {} : { fee: fill.fee }) }),
      refMid: plain(market.midAt(instrument, clock.now())), feeCcy: fill?.feeCcy ?? spec.quote,
      retries: typeof r.retries === 'number' ? r.retries : 0, unsafeRetries: 0,
      ...(fill === undefined ? { reason: r.status === 'FILLED' ? 'filled' : r.reason } : {}),
    });
  }
}

/** What a failed fetch over real sockets met: a refused connection, or one cut after it opened. */
function networkFailure(error: unknown): 'connect' | 'reset' {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e !== undefined && e !== null; depth++) {
    if ((e as { code?: unknown }).code === 'ECONNREFUSED') return 'connect';
    e = (e as { cause?: unknown }).cause;
  }
  return 'reset';
}
