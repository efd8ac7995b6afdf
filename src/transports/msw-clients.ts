/**
 * The msw-mode client for each provider archetype: how a real integration would call the API
 * (URL, method, headers, body) and read its answers back into faultline's semantic answers. It
 * knows nothing about faults: it validates what it receives (fields present, values it asked for
 * echoed back) and reports what does not parse as malformed.
 */
import { dec, minorUnits, plain } from '../finance/decimal.js';
import type { Operation } from '../engine/events.js';
import type { OrderFillAnswer, PaymentAnswer, ProviderAnswer, ProviderRequestBody } from '../providers/answers.js';
import type { Archetype } from '../scenario/model.js';
import { JsonNumber, parseJsonLossless, type JsonValue } from './msw-json.js';
import { binanceSymbol, coingeckoId, providerBaseUrl, shiftDecimal, splitInstrument, stripZeros } from './msw-wire.js';

/** Extra headers the client sets so the ledger can attribute an order (journal annotations). */
export const H_REFERENCE = 'x-faultline-reference';
export const H_PURPOSE = 'x-faultline-purpose';

export interface WireRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
}

/** What the client remembers of its own earlier requests (a real client knows its orders). */
export interface ClientMemo {
  orders: Map<string, { instrument: string; qty: string }>;
  payments: Map<string, { amount: string; currency: string }>;
}

export type Parsed =
  | { ok: true; answer: ProviderAnswer }
  | { ok: false; failure: 'malformed'; detail: string }
  | { ok: false; failure: 'http'; code?: string; message?: string };

export interface ArchetypeClient {
  request(providerId: string, body: ProviderRequestBody, memo: ClientMemo): WireRequest;
  /** Read a response that is not a rate limit or a 5xx. */
  parse(op: Operation, status: number, headers: Headers, text: string, body: ProviderRequestBody, memo: ClientMemo): Parsed;
}

class Malformed extends Error {}
const malformed = (detail: string): never => {
  throw new Malformed(detail);
};

type Obj = { [key: string]: JsonValue };
const obj = (v: JsonValue | undefined, what: string): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof JsonNumber) ? v : malformed(`${what}: expected an object`));
const arr = (v: JsonValue | undefined, what: string): JsonValue[] => (Array.isArray(v) ? v : malformed(`${what}: expected an array`));
const str = (v: JsonValue | undefined, what: string): string => (typeof v === 'string' ? v : malformed(`${what}: expected a string`));
const numText = (v: JsonValue | undefined, what: string): string => (v instanceof JsonNumber ? v.text : malformed(`${what}: expected a number`));

function readJson(text: string): JsonValue {
  if (text.trim() === '') return malformed('empty body');
  try {
    return parseJsonLossless(text);
  } catch (err) {
    return malformed(`invalid JSON (${(err as Error).message})`);
  }
}

/** Run a parser, turning validation failures into a malformed result. */
function guarded(fn: () => Parsed): Parsed {
  try {
    return fn();
  } catch (err) {
    if (err instanceof Malformed) return { ok: false, failure: 'malformed', detail: err.message };
    throw err;
  }
}

/** Currency keys in a price object: the requested one, else the only one present. */
function pickCurrency(fields: Obj, wanted: string, pattern: RegExp): string {
  if (fields[wanted] !== undefined) return wanted;
  const present = Object.keys(fields).filter((k) => pattern.test(k));
  return present.length === 1 ? present[0]! : malformed(`no ${wanted} price in the answer`);
}

/** CoinGecko and CoinMarketCap errors: `{"status":{"error_code":…,"error_message":…}}`. */
function statusError(doc: Obj): Parsed {
  const st = obj(doc.status, 'status');
  const code = st.error_code instanceof JsonNumber ? st.error_code.text : str(st.error_code, 'error_code');
  return { ok: false, failure: 'http', code, message: str(st.error_message, 'error_message') };
}

const json = { accept: 'application/json' };

// ------------------------------------------------------------------------------------------------

const coingecko: ArchetypeClient = {
  request(providerId, body) {
    const base = providerBaseUrl(providerId);
    if (body.op === 'get_price') {
      const { base: coin, quote } = splitInstrument(body.instrument);
      const q = new URLSearchParams({ ids: coingeckoId(coin), vs_currencies: quote.toLowerCase(), include_last_updated_at: 'true', precision: 'full' });
      return { url: `${base}/api/v3/simple/price?${q}`, method: 'GET', headers: { ...json, 'x-cg-demo-api-key': 'CG-faultline' } };
    }
    return { url: `${base}/api/v3/ping`, method: 'GET', headers: json };
  },
  parse(op, status, _headers, text, body) {
    return guarded(() => {
      const doc = obj(readJson(text), 'answer');
      if (status >= 400) return statusError(doc);
      if (op === 'probe') {
        str(doc.gecko_says, 'gecko_says');
        return { ok: true, answer: { kind: 'probe', ok: true } };
      }
      if (body.op !== 'get_price') return malformed('unexpected operation');
      const { base, quote } = splitInstrument(body.instrument);
      const fields = obj(doc[coingeckoId(base)], coingeckoId(base));
      const vs = pickCurrency(fields, quote.toLowerCase(), /^[a-z]{3,5}$/);
      const price = numText(fields[vs], vs);
      const ts = Number(shiftDecimal(numText(fields[`${vs}_last_updated_at`], `${vs}_last_updated_at`), 3));
      return { ok: true, answer: { kind: 'price', instrument: body.instrument, price, currency: vs.toUpperCase(), ts } };
    });
  },
};

const coinmarketcap: ArchetypeClient = {
  request(providerId, body) {
    const base = providerBaseUrl(providerId);
    const headers = { ...json, 'x-cmc_pro_api_key': 'faultline-demo-key' };
    if (body.op === 'get_price') {
      const { base: coin, quote } = splitInstrument(body.instrument);
      return { url: `${base}/v2/cryptocurrency/quotes/latest?${new URLSearchParams({ symbol: coin, convert: quote })}`, method: 'GET', headers };
    }
    return { url: `${base}/v1/key/info`, method: 'GET', headers };
  },
  parse(op, status, _headers, text, body) {
    return guarded(() => {
      const doc = obj(readJson(text), 'answer');
      if (status >= 400) return statusError(doc);
      if (op === 'probe') {
        obj(doc.data, 'data');
        return { ok: true, answer: { kind: 'probe', ok: true } };
      }
      if (body.op !== 'get_price') return malformed('unexpected operation');
      const { base, quote } = splitInstrument(body.instrument);
      const entry = obj(arr(obj(doc.data, 'data')[base], `data.${base}`)[0], `data.${base}[0]`);
      const quotes = obj(entry.quote, 'quote');
      const ccy = pickCurrency(quotes, quote, /^[A-Z]{3,5}$/);
      const q = obj(quotes[ccy], `quote.${ccy}`);
      const ts = Date.parse(str(q.last_updated, 'last_updated'));
      if (!Number.isFinite(ts)) malformed('last_updated is not a date');
      return { ok: true, answer: { kind: 'price', instrument: body.instrument, price: numText(q.price, 'price'), currency: ccy, ts } };
    });
  },
};

function binanceFill(o: Obj, instrument: string, qty: string | undefined): OrderFillAnswer {
  if (str(o.symbol, 'symbol') !== binanceSymbol(instrument)) malformed(`symbol ${String(o.symbol)}, expected ${binanceSymbol(instrument)}`);
  const executed = stripZeros(str(o.executedQty, 'executedQty'));
  if (qty !== undefined && executed !== stripZeros(qty)) malformed(`executedQty ${executed}, expected ${qty}`);
  if (str(o.status, 'status') !== 'FILLED') malformed(`status ${String(o.status)}`);
  const fills = arr(o.fills, 'fills');
  if (fills.length !== 1) malformed('expected one fill');
  const fill = obj(fills[0], 'fills[0]');
  const side = str(o.side, 'side');
  return {
    kind: 'order', clientOrderId: str(o.clientOrderId, 'clientOrderId'), status: 'FILLED', instrument, side: side === 'BUY' ? 'buy' : 'sell', qty: executed,
    price: stripZeros(str(fill.price, 'price')), fee: stripZeros(str(fill.commission, 'commission')), feeCcy: str(fill.commissionAsset, 'commissionAsset'),
    executedAt: Number(numText(o.transactTime, 'transactTime')),
  };
}

const binance: ArchetypeClient = {
  request(providerId, body, memo) {
    const base = providerBaseUrl(providerId);
    const headers = { ...json, 'x-mbx-apikey': 'faultline-demo-key' };
    if (body.op === 'place_order') {
      memo.orders.set(body.clientOrderId, { instrument: body.instrument, qty: body.qty });
      const form = new URLSearchParams({
        symbol: binanceSymbol(body.instrument), side: body.side.toUpperCase(), type: 'MARKET', quantity: body.qty, newClientOrderId: body.clientOrderId, newOrderRespType: 'FULL', recvWindow: '5000', timestamp: '0',
      });
      return { url: `${base}/api/v3/order`, method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', [H_REFERENCE]: body.reference, [H_PURPOSE]: body.purpose }, body: form.toString() };
    }
    if (body.op === 'order_status') {
      const known = memo.orders.get(body.clientOrderId);
      const q = new URLSearchParams({ ...(known === undefined ? {} : { symbol: binanceSymbol(known.instrument) }), origClientOrderId: body.clientOrderId, timestamp: '0' });
      return { url: `${base}/api/v3/order?${q}`, method: 'GET', headers };
    }
    return { url: `${base}/api/v3/ping`, method: 'GET', headers };
  },
  parse(op, status, _headers, text, body, memo) {
    return guarded(() => {
      const doc = obj(readJson(text), 'answer');
      if (status >= 400) {
        const code = numText(doc.code, 'code');
        const message = str(doc.msg, 'msg');
        if (op === 'order_status' && code === '-2013') return { ok: true, answer: { kind: 'order_status', found: false } };
        return { ok: false, failure: 'http', code, message };
      }
      if (op === 'probe') return { ok: true, answer: { kind: 'probe', ok: true } };
      if (body.op === 'place_order') return { ok: true, answer: binanceFill(doc, body.instrument, body.qty) };
      if (body.op === 'order_status') {
        const known = memo.orders.get(body.clientOrderId) ?? malformed('order status for an order this client never placed');
        return { ok: true, answer: { kind: 'order_status', found: true, fill: binanceFill(doc, known.instrument, known.qty) } };
      }
      return malformed('unexpected operation');
    });
  },
};

function stripeIntent(o: Obj, expected: { amount: string; currency: string } | undefined, replayed: boolean): PaymentAnswer {
  const currency = str(o.currency, 'currency').toUpperCase();
  const amountMinor = numText(o.amount, 'amount');
  if (expected !== undefined) {
    if (currency !== expected.currency) malformed(`currency ${currency}, expected ${expected.currency}`);
    if (amountMinor !== shiftDecimal(expected.amount, minorUnits(expected.currency))) malformed(`amount ${amountMinor}, expected ${expected.amount} ${expected.currency}`);
  }
  if (str(o.status, 'status') !== 'succeeded') malformed(`status ${String(o.status)}`);
  const txn = obj(obj(o.latest_charge, 'latest_charge').balance_transaction, 'balance_transaction');
  const feeCcy = str(txn.currency, 'balance_transaction.currency').toUpperCase();
  return {
    kind: 'payment', paymentId: str(o.id, 'id'), status: 'succeeded', amount: shiftDecimal(amountMinor, -minorUnits(currency)), currency,
    fee: shiftDecimal(numText(txn.fee, 'fee'), -minorUnits(feeCcy)), feeCcy, replayed,
  };
}

const stripe: ArchetypeClient = {
  request(providerId, body, memo) {
    const base = providerBaseUrl(providerId);
    const headers: Record<string, string> = { ...json, authorization: 'Bearer sk_test_faultline', 'stripe-version': '2024-06-20' };
    if (body.op === 'create_payment') {
      const form = new URLSearchParams({
        amount: shiftDecimal(body.amount, minorUnits(body.currency)), currency: body.currency.toLowerCase(), confirm: 'true', payment_method: 'pm_card_visa',
        'metadata[reference]': body.reference, 'metadata[international]': String(body.international), 'expand[]': 'latest_charge.balance_transaction',
      });
      if (body.idempotencyKey !== undefined) {
        form.set('metadata[idempotency_key]', body.idempotencyKey);
        headers['idempotency-key'] = body.idempotencyKey;
        memo.payments.set(body.idempotencyKey, { amount: body.amount, currency: body.currency });
      }
      return { url: `${base}/v1/payment_intents`, method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() };
    }
    if (body.op === 'payment_status') {
      const q = new URLSearchParams({ query: `metadata['idempotency_key']:'${body.idempotencyKey}'`, 'expand[]': 'data.latest_charge.balance_transaction' });
      return { url: `${base}/v1/payment_intents/search?${q}`, method: 'GET', headers };
    }
    return { url: `${base}/v1/balance`, method: 'GET', headers };
  },
  parse(op, status, headers, text, body, memo) {
    return guarded(() => {
      const doc = obj(readJson(text), 'answer');
      if (status >= 400) {
        const e = obj(doc.error, 'error');
        const message = str(e.message, 'error.message');
        return typeof e.code === 'string' ? { ok: false, failure: 'http', code: e.code, message } : { ok: false, failure: 'http', message };
      }
      if (op === 'probe') return { ok: true, answer: { kind: 'probe', ok: true } };
      if (body.op === 'create_payment') return { ok: true, answer: stripeIntent(doc, { amount: body.amount, currency: body.currency }, headers.get('idempotent-replayed') === 'true') };
      if (body.op === 'payment_status') {
        const data = arr(doc.data, 'data');
        if (data.length === 0) return { ok: true, answer: { kind: 'payment_status', found: false } };
        return { ok: true, answer: { kind: 'payment_status', found: true, payment: stripeIntent(obj(data[0], 'data[0]'), memo.payments.get(body.idempotencyKey), false) } };
      }
      return malformed('unexpected operation');
    });
  },
};

function paypalOrder(o: Obj, expected: { amount: string; currency: string } | undefined, replayed: boolean): PaymentAnswer {
  if (str(o.status, 'status') !== 'COMPLETED') malformed(`status ${String(o.status)}`);
  const unit = obj(arr(o.purchase_units, 'purchase_units')[0], 'purchase_units[0]');
  const capture = obj(arr(obj(unit.payments, 'payments').captures, 'captures')[0], 'captures[0]');
  const amount = obj(capture.amount, 'amount');
  const currency = str(amount.currency_code, 'currency_code');
  const value = plain(dec(str(amount.value, 'value')));
  if (expected !== undefined) {
    if (currency !== expected.currency) malformed(`currency ${currency}, expected ${expected.currency}`);
    if (!dec(value).eq(dec(expected.amount))) malformed(`amount ${value}, expected ${expected.amount}`);
  }
  const fee = obj(obj(capture.seller_receivable_breakdown, 'seller_receivable_breakdown').paypal_fee, 'paypal_fee');
  return {
    kind: 'payment', paymentId: str(o.id, 'id'), status: 'succeeded', amount: value, currency,
    fee: plain(dec(str(fee.value, 'paypal_fee.value'))), feeCcy: str(fee.currency_code, 'paypal_fee.currency_code'), replayed,
  };
}

const paypal: ArchetypeClient = {
  request(providerId, body, memo) {
    const base = providerBaseUrl(providerId);
    const headers: Record<string, string> = { ...json, authorization: 'Bearer A21AA-faultline' };
    if (body.op === 'create_payment') {
      const units = minorUnits(body.currency);
      const [i = '0', f = ''] = body.amount.split('.');
      const value = units === 0 ? i : `${i}.${f.padEnd(units, '0')}`;
      if (body.idempotencyKey !== undefined) {
        headers['paypal-request-id'] = body.idempotencyKey;
        memo.payments.set(body.idempotencyKey, { amount: body.amount, currency: body.currency });
      }
      const doc = {
        intent: 'CAPTURE',
        purchase_units: [{ reference_id: body.reference, amount: { currency_code: body.currency, value } }],
        payment_source: { token: { id: 'B-faultline-vault', type: 'BILLING_AGREEMENT' } },
      };
      return { url: `${base}/v2/checkout/orders`, method: 'POST', headers: { ...headers, 'content-type': 'application/json', prefer: 'return=representation' }, body: JSON.stringify(doc) };
    }
    if (body.op === 'payment_status') return { url: `${base}/v2/checkout/orders/by-request-id/${encodeURIComponent(body.idempotencyKey)}`, method: 'GET', headers };
    return { url: `${base}/v1/notifications/webhooks-event-types`, method: 'GET', headers };
  },
  parse(op, status, _headers, text, body, memo) {
    return guarded(() => {
      const doc = obj(readJson(text), 'answer');
      if (status >= 400) {
        const name = str(doc.name, 'name');
        if (op === 'payment_status' && status === 404 && name === 'RESOURCE_NOT_FOUND') return { ok: true, answer: { kind: 'payment_status', found: false } };
        return { ok: false, failure: 'http', code: name, message: str(doc.message, 'message') };
      }
      if (op === 'probe') return { ok: true, answer: { kind: 'probe', ok: true } };
      if (body.op === 'create_payment') return { ok: true, answer: paypalOrder(doc, { amount: body.amount, currency: body.currency }, status === 200) };
      if (body.op === 'payment_status') return { ok: true, answer: { kind: 'payment_status', found: true, payment: paypalOrder(doc, memo.payments.get(body.idempotencyKey), false) } };
      return malformed('unexpected operation');
    });
  },
};

export const ARCHETYPE_CLIENTS: Record<Archetype, ArchetypeClient> = { coingecko, coinmarketcap, binance, stripe, paypal };
