/**
 * The adapter contract: how a firm puts its own client code under a drill
 * (`integration: { type: module, module: ./adapters/my-client.ts }`, msw or proxy mode; docs/msw.md,
 * docs/proxy-mode.md). The same contract, spoken over HTTP, is the request contract of
 * `integration: { type: http }` (http-service-adapter.ts).
 *
 * The adapter module's default export (or its named export `createAdapter`) is a factory that
 * receives an {@link AdapterContext} and returns a {@link FaultlineAdapter}. faultline's workload
 * drives the adapter exactly where it drives the reference gateway: the price poller calls
 * `getQuote`, client trades are quoted off the last quote, the hedger calls `placeOrder` (and
 * `checkOrder` when the outcome is unknown), payments call `createPayment`.
 *
 * The adapter does its own timeouts, retries, idempotency and failover (or not: that is what the
 * drill measures). Failures of a provider are *answers* (`UNAVAILABLE`, `REJECTED`, `FAILED`,
 * `UNKNOWN`); an adapter method that throws, does not settle within the scenario's
 * `call_timeout`, or returns something outside this contract is a broken adapter: the run stops,
 * names the adapter file and the call, and the report is marked incomplete.
 */

/** Decimal text: `"101234.5"`, never a JS number (money and quantities stay exact). */
export type DecimalText = string;

export interface AdapterProvider {
  id: string;
  role: 'price_feed' | 'liquidity_provider' | 'payment_gateway';
  /** The API the provider speaks: `coingecko`, `coinmarketcap`, `binance`, `stripe`, `paypal`. */
  archetype: string;
  /** Where to send requests, e.g. `https://binance.faultline.test` in msw mode, the provider's proxy `http://127.0.0.1:40211` in proxy mode. */
  baseUrl: string;
}

export interface AdapterContext {
  /** The scenario's providers, in declaration order. */
  providers: AdapterProvider[];
  /** Base URL per provider id (shortcut for `providers`). */
  baseUrls: Record<string, string>;
  /** The scenario's `integration.timeout` in ms: what the adapter should use as its request timeout. */
  timeoutMs: number;
  /**
   * `fetch`, journaled: each request becomes an `attempt` in the journal and counts towards the
   * faults' hit counts. The global `fetch` also works (the mocks intercept it) but its requests
   * are not journaled as attempts.
   */
  fetch: typeof fetch;
  /** Wait on the scenario clock (virtual in msw mode, live × speed in proxy mode). A bare `setTimeout` waits wall-clock time. */
  sleep(ms: number): Promise<void>;
  /** Scenario time, epoch ms. */
  now(): number;
}

export interface QuoteRequest {
  instrument: string;
}

/** A usable price. `ts` is the provider's timestamp, epoch ms. */
export interface Quote {
  status: 'OK';
  price: DecimalText;
  ts: number;
  provider: string;
}

export interface QuoteUnavailable {
  status: 'UNAVAILABLE';
  reason: string;
  provider?: string;
}

export interface OrderRequest {
  /** The firm's id for the order; send it as the venue's client order id for idempotency. */
  clientOrderId: string;
  instrument: string;
  side: 'buy' | 'sell';
  qty: DecimalText;
  purpose: 'hedge' | 'unwind';
}

export interface OrderFilled {
  status: 'FILLED';
  price: DecimalText;
  fee?: DecimalText;
  feeCcy?: string;
  provider: string;
  /** Retries the adapter made (reported in the journal; 0 when omitted). */
  retries?: number;
}

export interface OrderNotFilled {
  /** REJECTED: it did not execute. UNKNOWN: it may have executed (faultline then calls `checkOrder`). */
  status: 'REJECTED' | 'UNKNOWN';
  reason: string;
  provider?: string;
  retries?: number;
}

export interface OrderStatus {
  status: 'FILLED' | 'NOT_FOUND' | 'UNKNOWN';
  price?: DecimalText;
  fee?: DecimalText;
  feeCcy?: string;
  provider?: string;
}

export interface PaymentRequest {
  /** The firm's id for the payment: send it as the gateway's reference (Stripe `metadata[reference]`, PayPal `reference_id`). */
  paymentId: string;
  /** Use it as the gateway's idempotency key (Stripe `Idempotency-Key`, `PayPal-Request-Id`), or not. */
  idempotencyKey: string;
  amount: DecimalText;
  currency: string;
  customerId: string;
  international: boolean;
}

export interface PaymentResult {
  status: 'SUCCEEDED' | 'FAILED' | 'UNKNOWN';
  provider?: string;
  fee?: DecimalText;
  feeCcy?: string;
  reason?: string;
  retries?: number;
  /** Whether the adapter sent the idempotency key (journal annotation; default true). */
  idempotent?: boolean;
}

export interface FaultlineAdapter {
  getQuote(request: QuoteRequest): Promise<Quote | QuoteUnavailable>;
  placeOrder?(order: OrderRequest): Promise<OrderFilled | OrderNotFilled>;
  checkOrder?(request: { clientOrderId: string; instrument: string }): Promise<OrderStatus>;
  createPayment?(payment: PaymentRequest): Promise<PaymentResult>;
  /** Called once when the replay ends. */
  close?(): Promise<void> | void;
}

/** What an adapter module exports (default export or `createAdapter`). */
export type AdapterFactory = (context: AdapterContext) => FaultlineAdapter | Promise<FaultlineAdapter>;

/** The adapter methods faultline calls, as named in error messages. */
export type AdapterCall = 'createAdapter' | 'getQuote' | 'placeOrder' | 'checkOrder' | 'createPayment' | 'close';
