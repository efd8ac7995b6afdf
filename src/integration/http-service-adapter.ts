/**
 * The HTTP request contract of `integration: { type: http }`: the adapter contract (adapter.ts)
 * spoken over HTTP to the firm's service, so the workload drives a service exactly as it drives a
 * module adapter (ModuleIntegration: same loops, same checks, same journal events).
 *
 *   POST /quote                      {"instrument":"BTC-AUD"}                          → Quote | QuoteUnavailable
 *   POST /orders                     {"clientOrderId","instrument","side","qty","purpose"} → OrderFilled | OrderNotFilled
 *   GET  /orders/{clientOrderId}?instrument=BTC-AUD                                    → OrderStatus (404 = NOT_FOUND)
 *   POST /payments                   {"paymentId","idempotencyKey","amount","currency","customerId","international"} → PaymentResult
 *
 * Bodies are JSON; money and quantities are decimal strings. Every request carries
 * `X-Faultline-Time` (scenario time, epoch ms). Answers are 200 with the contract's JSON; anything
 * else (another status, not JSON, a refused connection) is a broken service: the call throws, and
 * ModuleIntegration stops the run with the service's URL, the call and what came back.
 */
import type { AdapterContext, AdapterFactory, FaultlineAdapter, OrderRequest, PaymentRequest } from './adapter.js';

/** Scenario time of the request, epoch ms: a service that checks price ages needs the drill's clock. */
export const H_FAULTLINE_TIME = 'x-faultline-time';

export interface HttpServiceAdapterOptions {
  /** The service's base URL for this replay (read when the adapter is created). */
  url: () => string;
}

const MAX_SHOWN = 300;

function shorten(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > MAX_SHOWN ? `${t.slice(0, MAX_SHOWN)}…` : t;
}

function causeText(error: unknown): string {
  const parts: string[] = [];
  let e: unknown = error;
  for (let depth = 0; depth < 3 && e !== undefined && e !== null; depth++) {
    const code = (e as { code?: unknown }).code;
    parts.push(e instanceof Error ? `${e.message}${typeof code === 'string' ? ` (${code})` : ''}` : String(e));
    e = (e as { cause?: unknown }).cause;
  }
  return parts.join(': ');
}

/** The adapter that forwards each call to the service. */
export function createHttpServiceAdapter(options: HttpServiceAdapterOptions): AdapterFactory {
  return (ctx: AdapterContext): FaultlineAdapter => {
    const base = options.url().replace(/\/+$/, '');
    const inFlight = new Set<AbortController>();

    async function call(method: 'GET' | 'POST', path: string, body?: unknown, notFound?: unknown): Promise<unknown> {
      const abort = new AbortController();
      inFlight.add(abort);
      let res: Response;
      try {
        res = await fetch(`${base}${path}`, {
          method,
          headers: { accept: 'application/json', [H_FAULTLINE_TIME]: String(ctx.now()), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: abort.signal,
        });
      } catch (error) {
        inFlight.delete(abort);
        throw new Error(`${method} ${path}: no answer from the service (${causeText(error)})`);
      }
      let text: string;
      try {
        text = await res.text();
      } catch (error) {
        throw new Error(`${method} ${path}: the answer broke off (${causeText(error)})`);
      } finally {
        inFlight.delete(abort);
      }
      if (res.status === 404 && notFound !== undefined) return notFound;
      if (res.status !== 200) throw new Error(`${method} ${path} answered HTTP ${res.status}: ${shorten(text) || '(empty body)'}`);
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new Error(`${method} ${path} answered 200 with a body that is not JSON: ${shorten(text) || '(empty body)'}`);
      }
    }

    // The casts are safe: ModuleIntegration checks every answer against the contract before use.
    return {
      getQuote: async ({ instrument }) => (await call('POST', '/quote', { instrument })) as Awaited<ReturnType<FaultlineAdapter['getQuote']>>,
      placeOrder: async (order: OrderRequest) => (await call('POST', '/orders', order)) as Awaited<ReturnType<NonNullable<FaultlineAdapter['placeOrder']>>>,
      checkOrder: async ({ clientOrderId, instrument }) =>
        (await call('GET', `/orders/${encodeURIComponent(clientOrderId)}?instrument=${encodeURIComponent(instrument)}`, undefined, { status: 'NOT_FOUND' })) as Awaited<ReturnType<NonNullable<FaultlineAdapter['checkOrder']>>>,
      createPayment: async (payment: PaymentRequest) => (await call('POST', '/payments', payment)) as Awaited<ReturnType<NonNullable<FaultlineAdapter['createPayment']>>>,
      close: () => {
        for (const a of inFlight) a.abort();
        inFlight.clear();
      },
    };
  };
}
