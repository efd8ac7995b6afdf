/**
 * Stripe-like payment intents API: `POST /v1/payment_intents` (form-encoded, amount in minor units,
 * `confirm=true`, `Idempotency-Key`: a retry with the same key replays the first response with
 * `Idempotent-Replayed: true`), `GET /v1/payment_intents/search?query=metadata['idempotency_key']:'…'`
 * (how the client resolves an unknown outcome), `GET /v1/balance` (the probe). Fees come in the
 * expanded `latest_charge.balance_transaction`. Errors are `{"error":{"type","code","message"}}`.
 */
import { http, type HttpHandler } from 'msw';
import type { Operation } from '../src/engine/events.js';
import { minorUnits } from '../src/finance/decimal.js';
import type { PaymentAnswer } from '../src/providers/answers.js';
import { providerBaseUrl, shiftDecimal } from '../src/transports/msw-wire.js';
import { json, renameKeys, serve, type ArchetypeWire, type MockContext, type WireResponse } from './kit.js';

const STRIPE_VERSION = '2024-06-20';

function error(status: number, type: string, code: string | undefined, message: string, param?: string): WireResponse {
  const body = code === undefined ? { type, message } : { type, code, message, ...(param === undefined ? {} : { param }), doc_url: `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}` };
  return json(status, JSON.stringify({ error: body }), { 'stripe-version': STRIPE_VERSION });
}

/**
 * Minor units as Stripe's integer amounts (`"149.9"` AUD → 14990). Only for amounts the gateway
 * accepted: at most 8 digits (providers/request-limits.ts), so a JS number holds them exactly.
 */
export function toMinor(amount: string, ccy: string): number {
  return Number(shiftDecimal(amount, minorUnits(ccy)));
}

function intentJson(p: PaymentAnswer, ctx: MockContext, corrupt: 'decimal_shift' | 'wrong_currency' | undefined, shift: number, metadata: Record<string, string>): Record<string, unknown> {
  let amount = toMinor(p.amount, p.currency);
  if (corrupt === 'decimal_shift') amount = Number(shiftDecimal(String(amount), shift));
  const currency = corrupt === 'wrong_currency' ? (p.currency === 'USD' ? 'eur' : 'usd') : p.currency.toLowerCase();
  const created = Math.floor(ctx.backend.stamp(p.paymentId) / 1000);
  const fee = toMinor(p.fee, p.feeCcy);
  // The balance transaction is in the fee's (settlement) currency: the charge converted when the two
  // differ, with Stripe's `exchange_rate`.
  const settled = p.conversion === undefined ? toMinor(p.amount, p.feeCcy) : toMinor(p.conversion.settledAmount, p.feeCcy);
  return {
    id: `pi_${p.paymentId}`, object: 'payment_intent', amount, amount_capturable: 0, amount_received: amount, capture_method: 'automatic', confirmation_method: 'automatic',
    created, currency, livemode: false, metadata, payment_method: 'pm_card_visa', payment_method_types: ['card'], status: p.status,
    latest_charge: {
      id: `ch_${p.paymentId}`, object: 'charge', amount, amount_captured: amount, captured: true, currency, paid: true, status: 'succeeded',
      balance_transaction: { id: `txn_${p.paymentId}`, object: 'balance_transaction', amount: settled, currency: p.feeCcy.toLowerCase(), exchange_rate: p.conversion === undefined ? null : Number(p.conversion.rate), fee, net: settled - fee, status: 'pending', type: 'charge' },
    },
  };
}

const metadataByPayment = new WeakMap<MockContext, Map<string, Record<string, string>>>();
function metadataOf(ctx: MockContext): Map<string, Record<string, string>> {
  let m = metadataByPayment.get(ctx);
  if (m === undefined) {
    m = new Map();
    metadataByPayment.set(ctx, m);
  }
  return m;
}

const firstParams = new WeakMap<MockContext, Map<string, string>>();

export const stripeWire: ArchetypeWire = {
  route(method, pathname): Operation | undefined {
    if (pathname === '/v1/payment_intents' && method === 'POST') return 'create_payment';
    if (pathname === '/v1/payment_intents/search' && method === 'GET') return 'payment_status';
    if (pathname === '/v1/balance' && method === 'GET') return 'probe';
    return undefined;
  },
  async parse(request, op, ctx) {
    if (!(request.headers.get('authorization') ?? '').startsWith('Bearer sk_')) {
      return error(401, 'invalid_request_error', 'api_key_invalid', 'Invalid API Key provided.');
    }
    if (op === 'probe') return { op: 'probe' };
    if (op === 'payment_status') {
      const query = new URL(request.url).searchParams.get('query') ?? '';
      const m = /^metadata\['idempotency_key'\]:'([^']*)'$/.exec(query.trim());
      if (m === null) return error(400, 'invalid_request_error', 'parameter_invalid_string', `Invalid search query: ${query}`);
      return { op: 'payment_status', idempotencyKey: m[1]! };
    }
    const form = new URLSearchParams(await request.text());
    const amount = form.get('amount');
    const currency = form.get('currency');
    // The wire's own syntax here; zero, negative and out-of-range amounts are refused by the gateway
    // model (providers/request-limits.ts), as in sim mode. Never through a float: 20 digits stay 20.
    if (amount === null || amount === '') return error(400, 'invalid_request_error', 'parameter_missing', 'Missing required param: amount.', 'amount');
    if (!/^-?\d+$/.test(amount)) return error(400, 'invalid_request_error', 'parameter_invalid_integer', `Invalid integer: ${amount}`, 'amount');
    if (currency === null) return error(400, 'invalid_request_error', 'parameter_missing', 'Missing required param: currency.');
    const ccy = currency.toUpperCase();
    const key = request.headers.get('idempotency-key') ?? undefined;
    const metadata: Record<string, string> = {};
    for (const [k, v] of form) {
      const mk = /^metadata\[(.+)\]$/.exec(k);
      if (mk !== null) metadata[mk[1]!] = v;
    }
    const reference = metadata.reference ?? `pi_request_${request.headers.get('x-faultline-request-id') ?? ''}`;
    if (key !== undefined) {
      // Stripe compares a reused key's parameters with the first request's and refuses a mismatch.
      const params = `${amount} ${ccy}`;
      const first = firstParams.get(ctx)?.get(key);
      if (first !== undefined && first !== params) {
        return error(400, 'idempotency_error', undefined, `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`);
      }
      if (first === undefined) firstParams.set(ctx, (firstParams.get(ctx) ?? new Map()).set(key, params));
      metadataOf(ctx).set(key, metadata);
    }
    return {
      op: 'create_payment', amount: shiftDecimal(amount, -minorUnits(ccy)), currency: ccy, international: metadata.international === 'true', reference,
      ...(key === undefined ? {} : { idempotencyKey: key }),
    };
  },
  answer(answer, call, ctx, corrupt) {
    const shift = call.effect?.type === 'corrupt' ? call.effect.shift : 0;
    const headers: Record<string, string> = { 'stripe-version': STRIPE_VERSION, 'request-id': `req_${call.requestId.replace(/[^A-Za-z0-9]/g, '')}${call.attempt}` };
    if (answer.kind === 'probe') return json(200, JSON.stringify({ object: 'balance', available: [], pending: [], livemode: false }), headers);
    if (answer.kind === 'payment') {
      const body = call.body;
      const key = body?.op === 'create_payment' ? body.idempotencyKey : undefined;
      if (key !== undefined) headers['idempotency-key'] = key;
      if (answer.replayed) headers['idempotent-replayed'] = 'true';
      const metadata = (key === undefined ? undefined : metadataOf(ctx).get(key)) ?? (body?.op === 'create_payment' ? { reference: body.reference } : {});
      return { ...json(200, JSON.stringify(intentJson(answer, ctx, corrupt, shift, metadata)), headers), corrupted: corrupt !== undefined };
    }
    if (answer.kind === 'payment_status') {
      const data = answer.found && answer.payment !== undefined
        ? [intentJson(answer.payment, ctx, corrupt, shift, call.body?.op === 'payment_status' ? (metadataOf(ctx).get(call.body.idempotencyKey) ?? {}) : {})]
        : [];
      return { ...json(200, JSON.stringify({ object: 'search_result', url: '/v1/payment_intents/search', has_more: false, next_page: null, data }), headers), corrupted: corrupt !== undefined && data.length > 0 };
    }
    return error(500, 'api_error', 'unexpected', 'unexpected answer');
  },
  rejection(rejection) {
    return error(rejection.status, 'invalid_request_error', rejection.code, rejection.message, rejection.param);
  },
  rateLimited(status) {
    return error(status, 'invalid_request_error', 'rate_limit', 'Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.');
  },
  apiError(status, code, message) {
    return error(status, 'invalid_request_error', code, message);
  },
  renamed(body) {
    return renameKeys(body, { amount_received: 'amount_settled', latest_charge: 'charge', balance_transaction: 'balance_txn', fee: 'fee_amount', data: 'results' });
  },
};

export function stripeHandlers(ctx: MockContext): HttpHandler[] {
  const base = providerBaseUrl(ctx.providerId);
  return [
    http.post(`${base}/v1/payment_intents`, ({ request }) => serve(request, 'create_payment', ctx, stripeWire)),
    http.get(`${base}/v1/payment_intents/search`, ({ request }) => serve(request, 'payment_status', ctx, stripeWire)),
    http.get(`${base}/v1/balance`, ({ request }) => serve(request, 'probe', ctx, stripeWire)),
  ];
}
