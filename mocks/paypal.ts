/**
 * PayPal-like Orders v2 API: `POST /v2/checkout/orders` (JSON, `intent: CAPTURE` with a vaulted
 * payment source, answered `201 COMPLETED` with the capture and its `seller_receivable_breakdown.
 * paypal_fee`); a retry with the same `PayPal-Request-Id` returns the original order with `200`.
 * `GET /v2/checkout/orders/by-request-id/{PayPal-Request-Id}` is a faultline extension (PayPal has
 * no lookup by request id) for resolving unknown outcomes. Errors are `{"name","message","debug_id"}`.
 */
import { http, type HttpHandler } from 'msw';
import type { Operation } from '../src/engine/events.js';
import { minorUnits } from '../src/finance/decimal.js';
import type { PaymentAnswer } from '../src/providers/answers.js';
import { providerBaseUrl, shiftDecimal } from '../src/transports/msw-wire.js';
import { json, renameKeys, serve, type ArchetypeWire, type MockContext, type WireResponse } from './kit.js';

const BY_REQUEST_ID = '/v2/checkout/orders/by-request-id/';

function error(ctx: MockContext, status: number, name: string, message: string, details?: { field: string; issue: string; description: string }[]): WireResponse {
  return json(status, JSON.stringify({ name, ...(details === undefined ? {} : { details }), message, debug_id: `f${ctx.backend.clock.now().toString(16)}`, links: [{ href: 'https://developer.paypal.com/api/rest/reference/orders/v2/errors/', rel: 'information_link' }] }));
}

/** PayPal's top-level error for a rejected field: 400 INVALID_REQUEST (syntax) or 422 UNPROCESSABLE_ENTITY (business rule). */
const FIELD_ERROR: Readonly<Record<number, { name: string; message: string }>> = {
  400: { name: 'INVALID_REQUEST', message: 'Request is not well-formed, syntactically incorrect, or violates schema.' },
  422: { name: 'UNPROCESSABLE_ENTITY', message: 'The requested action could not be performed, semantically incorrect, or failed business validation.' },
};

/** PayPal money: `{ currency_code, value }` with the currency's decimals (`"149.90"`). */
function money(value: string, ccy: string): { currency_code: string; value: string } {
  const units = minorUnits(ccy);
  const [i = '0', f = ''] = value.split('.');
  return { currency_code: ccy, value: units === 0 ? i : `${i}.${f.padEnd(units, '0')}` };
}

function orderId(paymentId: string): string {
  return `FL${paymentId.toUpperCase().replace(/[^A-Z0-9]/g, '')}`.padEnd(17, '0').slice(-17);
}

const references = new WeakMap<MockContext, Map<string, string>>();
function referenceMap(ctx: MockContext): Map<string, string> {
  let m = references.get(ctx);
  if (m === undefined) {
    m = new Map();
    references.set(ctx, m);
  }
  return m;
}

function orderJson(p: PaymentAnswer, ctx: MockContext, reference: string, corrupt: 'decimal_shift' | 'wrong_currency' | undefined, shift: number): Record<string, unknown> {
  const ccy = corrupt === 'wrong_currency' ? (p.currency === 'USD' ? 'EUR' : 'USD') : p.currency;
  const amount = money(corrupt === 'decimal_shift' ? shiftDecimal(p.amount, shift) : p.amount, ccy);
  const fee = money(p.fee, p.feeCcy);
  // The net is in the fee's currency: the charge itself, or its conversion when the fee schedule is
  // in another currency (then PayPal adds the exchange rate it applied). In minor units as integers:
  // PayPal amounts may have up to 32 characters, more than a float holds.
  const settled = p.conversion?.settledAmount ?? p.amount;
  const net = money(shiftDecimal(String(BigInt(shiftDecimal(settled, minorUnits(p.feeCcy))) - BigInt(shiftDecimal(p.fee, minorUnits(p.feeCcy)))), -minorUnits(p.feeCcy)), p.feeCcy);
  const exchange = p.conversion === undefined ? {} : { receivable_amount: money(settled, p.feeCcy), exchange_rate: { source_currency: p.currency, target_currency: p.feeCcy, value: p.conversion.rate } };
  const at = new Date(ctx.backend.stamp(p.paymentId)).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const id = orderId(p.paymentId);
  return {
    id, intent: 'CAPTURE', status: 'COMPLETED',
    purchase_units: [{
      reference_id: reference, amount,
      payments: { captures: [{ id: `CAP${id.slice(3)}`, status: 'COMPLETED', amount, final_capture: true, seller_receivable_breakdown: { gross_amount: amount, paypal_fee: fee, net_amount: net, ...exchange }, create_time: at, update_time: at }] },
    }],
    create_time: at, update_time: at,
    links: [{ href: `${providerBaseUrl(ctx.providerId)}/v2/checkout/orders/${id}`, rel: 'self', method: 'GET' }],
  };
}

export const paypalWire: ArchetypeWire = {
  route(method, pathname): Operation | undefined {
    if (pathname === '/v2/checkout/orders' && method === 'POST') return 'create_payment';
    if (pathname.startsWith(BY_REQUEST_ID) && method === 'GET') return 'payment_status';
    if (pathname === '/v1/notifications/webhooks-event-types' && method === 'GET') return 'probe';
    return undefined;
  },
  async parse(request, op, ctx) {
    if (!(request.headers.get('authorization') ?? '').startsWith('Bearer ')) return error(ctx, 401, 'AUTHENTICATION_FAILURE', 'Authentication failed due to invalid authentication credentials or a missing Authorization header.');
    if (op === 'probe') return { op: 'probe' };
    if (op === 'payment_status') return { op: 'payment_status', idempotencyKey: decodeURIComponent(new URL(request.url).pathname.slice(BY_REQUEST_ID.length)) };
    let doc: { intent?: string; purchase_units?: { reference_id?: string; amount?: { currency_code?: string; value?: string } }[] };
    try {
      doc = JSON.parse(await request.text()) as typeof doc;
    } catch {
      return error(ctx, 400, 'INVALID_REQUEST', 'Request is not well-formed, syntactically incorrect, or violates schema.');
    }
    const unit = doc.purchase_units?.[0];
    const value = unit?.amount?.value;
    const ccy = unit?.amount?.currency_code;
    if (doc.intent !== 'CAPTURE' || value === undefined || ccy === undefined) return error(ctx, 422, 'UNPROCESSABLE_ENTITY', 'The requested action could not be performed, semantically incorrect, or failed business validation.');
    const key = request.headers.get('paypal-request-id') ?? undefined;
    const reference = unit?.reference_id ?? 'default';
    if (key !== undefined) referenceMap(ctx).set(key, reference);
    const normalized = value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
    return { op: 'create_payment', amount: normalized, currency: ccy, international: false, reference, ...(key === undefined ? {} : { idempotencyKey: key }) };
  },
  answer(answer, call, ctx, corrupt) {
    const shift = call.effect?.type === 'corrupt' ? call.effect.shift : 0;
    if (answer.kind === 'probe') return json(200, JSON.stringify({ event_types: [{ name: 'PAYMENT.CAPTURE.COMPLETED', description: 'A payment capture completes.', status: 'ENABLED' }] }));
    if (answer.kind === 'payment') {
      const reference = call.body?.op === 'create_payment' ? call.body.reference : 'default';
      const headers: Record<string, string> = { 'paypal-debug-id': `f${call.t0.toString(16)}` };
      return { ...json(answer.replayed ? 200 : 201, JSON.stringify(orderJson(answer, ctx, reference, corrupt, shift)), headers), corrupted: corrupt !== undefined };
    }
    if (answer.kind === 'payment_status') {
      if (!answer.found || answer.payment === undefined) return error(ctx, 404, 'RESOURCE_NOT_FOUND', 'The specified resource does not exist.');
      const key = call.body?.op === 'payment_status' ? call.body.idempotencyKey : '';
      return { ...json(200, JSON.stringify(orderJson(answer.payment, ctx, referenceMap(ctx).get(key) ?? 'default', corrupt, shift))), corrupted: corrupt !== undefined };
    }
    return error(ctx, 500, 'INTERNAL_SERVER_ERROR', 'An internal server error has occurred.');
  },
  rejection(rejection, _call, ctx) {
    // A rejected field (providers/request-limits.ts) is an issue in `details`, under PayPal's generic name.
    const top = rejection.param === undefined ? undefined : FIELD_ERROR[rejection.status];
    if (top !== undefined) return error(ctx, rejection.status, top.name, top.message, [{ field: `/purchase_units/@reference_id=='default'/${rejection.param}/value`, issue: rejection.code, description: rejection.message }]);
    return error(ctx, rejection.status, rejection.code.toUpperCase(), rejection.message);
  },
  rateLimited(status, _retry, ctx) {
    return error(ctx, status, 'RATE_LIMIT_REACHED', 'Too many requests. Blocked due to rate limiting.');
  },
  apiError(status, code, message, ctx) {
    return error(ctx, status, code.toUpperCase(), message);
  },
  renamed(body) {
    return renameKeys(body, { seller_receivable_breakdown: 'receivable_breakdown', paypal_fee: 'platform_fee', captures: 'capture_list', name: 'error' });
  },
};

export function paypalHandlers(ctx: MockContext): HttpHandler[] {
  const base = providerBaseUrl(ctx.providerId);
  return [
    http.post(`${base}/v2/checkout/orders`, ({ request }) => serve(request, 'create_payment', ctx, paypalWire)),
    http.get(`${base}${BY_REQUEST_ID}:key`, ({ request }) => serve(request, 'payment_status', ctx, paypalWire)),
    http.get(`${base}/v1/notifications/webhooks-event-types`, ({ request }) => serve(request, 'probe', ctx, paypalWire)),
  ];
}
