/** Each archetype's handlers answer like the real API: paths, parameters, shapes, headers, errors. */
import { afterEach, describe, expect, test } from 'vitest';
import { provider } from '../../helpers/sim.js';
import { mockHarness, T0 } from './harness.js';

type H = ReturnType<typeof mockHarness>;
let h: H | undefined;
const open = (...args: Parameters<typeof mockHarness>): H => (h = mockHarness(...args));
afterEach(() => {
  h?.close();
  h = undefined;
});

const form = (o: Record<string, string>): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(o).toString() });

describe('CoinGecko-like', () => {
  test('simple/price answers {id: {vs, vs_last_updated_at}} after the drawn latency', async () => {
    const m = open([provider('cg', 'price_feed', { archetype: 'coingecko' })]);
    const r = await m.fetchAt('https://cg.faultline.test/api/v3/simple/price?ids=bitcoin&vs_currencies=usd&include_last_updated_at=true', undefined, T0 + 10_000);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('application/json');
    const body = r.json();
    expect(Object.keys(body)).toEqual(['bitcoin']);
    expect(body.bitcoin.usd).toBe(110.05); // linear market: 100 + seconds since T0, at the execution instant (t0 + 50 ms)
    expect(body.bitcoin.usd_last_updated_at).toBe((T0 + 10_050) / 1000);
    expect(r.answeredAt - r.sentAt).toBe(100);
  });

  test('ping, and an empty object for an unknown coin', async () => {
    const m = open([provider('cg', 'price_feed', { archetype: 'coingecko' })]);
    expect((await m.fetchAt('https://cg.faultline.test/api/v3/ping')).json()).toEqual({ gecko_says: '(V3) To the Moon!' });
    expect((await m.fetchAt('https://cg.faultline.test/api/v3/simple/price?ids=dogecoin&vs_currencies=usd')).json()).toEqual({});
  });
});

describe('CoinMarketCap-like', () => {
  test('quotes/latest needs the API key and answers data.SYMBOL[0].quote.CCY', async () => {
    const m = open([provider('cmc', 'price_feed', { archetype: 'coinmarketcap' })]);
    const url = 'https://cmc.faultline.test/v2/cryptocurrency/quotes/latest?symbol=BTC&convert=USD';
    const [denied, r] = await m.fetchMany([{ url }, { url, init: { headers: { 'X-CMC_PRO_API_KEY': 'k' } }, at: T0 + 1000 }]) as any[];
    expect(denied.status).toBe(401);
    expect(denied.json().status.error_code).toBe(1002);
    expect(r.status).toBe(200);
    const body = r.json();
    expect(body.status.error_code).toBe(0);
    expect(body.status.credit_count).toBe(1);
    expect(body.data.BTC[0]).toMatchObject({ id: 1, symbol: 'BTC', name: 'Bitcoin' });
    expect(body.data.BTC[0].quote.USD.price).toBe(101.05);
    expect(body.data.BTC[0].quote.USD.last_updated).toBe(new Date(T0 + 1050).toISOString());
  });
});

test('CoinMarketCap v1 quotes answer one object per symbol (v2: an array)', async () => {
  const m = open([provider('cmc', 'price_feed', { archetype: 'coinmarketcap' })]);
  const body = (await m.fetchAt('https://cmc.faultline.test/v1/cryptocurrency/quotes/latest?symbol=BTC&convert=USD', { headers: { 'X-CMC_PRO_API_KEY': 'k' } })).json();
  expect(Array.isArray(body.data.BTC)).toBe(false);
  expect(body.data.BTC.quote.USD.price).toBe(100.05);
});

describe('Binance-like', () => {
  const lp = (requests = 1200) => provider('bn', 'liquidity_provider', { archetype: 'binance', rateLimit: { requests, perMs: 60_000, retryAfterMs: 0 } });

  test('exchangeInfo lists the instrument with PRICE_FILTER and LOT_SIZE filters', async () => {
    const m = open([lp()]);
    const body = (await m.fetchAt('https://bn.faultline.test/api/v3/exchangeInfo?symbol=BTCUSD')).json();
    expect(body.symbols).toHaveLength(1);
    expect(body.symbols[0]).toMatchObject({ symbol: 'BTCUSD', status: 'TRADING', baseAsset: 'BTC', quoteAsset: 'USD' });
    expect(body.symbols[0].filters).toEqual(expect.arrayContaining([
      expect.objectContaining({ filterType: 'PRICE_FILTER', tickSize: '0.01000000' }),
      expect.objectContaining({ filterType: 'LOT_SIZE', stepSize: '0.00010000' }),
    ]));
    expect(body.rateLimits[0]).toMatchObject({ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE' });
  });

  test('a MARKET order with newClientOrderId fills (FULL response); a second one with the same id is -2010; status by origClientOrderId', async () => {
    const m = open([lp()]);
    const order = { symbol: 'BTCUSD', side: 'BUY', type: 'MARKET', quantity: '0.5', newClientOrderId: 'H000001', newOrderRespType: 'FULL', timestamp: '0' };
    const [first, dup, status, missing] = await m.fetchMany([
      { url: 'https://bn.faultline.test/api/v3/order', init: form(order) },
      { url: 'https://bn.faultline.test/api/v3/order', init: form(order), at: T0 + 1000 },
      { url: 'https://bn.faultline.test/api/v3/order?symbol=BTCUSD&origClientOrderId=H000001', at: T0 + 2000 },
      { url: 'https://bn.faultline.test/api/v3/order?symbol=BTCUSD&origClientOrderId=nope', at: T0 + 3000 },
    ]) as any[];
    expect(first.status).toBe(200);
    const fill = first.json();
    expect(fill).toMatchObject({ symbol: 'BTCUSD', clientOrderId: 'H000001', status: 'FILLED', type: 'MARKET', side: 'BUY', executedQty: '0.50000000', origQty: '0.50000000' });
    expect(fill.fills).toHaveLength(1);
    expect(fill.fills[0]).toMatchObject({ qty: '0.50000000', commissionAsset: 'USD' });
    expect(first.headers.get('x-mbx-used-weight-1m')).toBe('1');
    expect(dup.status).toBe(400);
    expect(dup.json()).toEqual({ code: -2010, msg: 'Duplicate order sent.' });
    expect(status.json()).toMatchObject({ clientOrderId: 'H000001', status: 'FILLED', executedQty: '0.50000000' });
    expect(missing.status).toBe(400);
    expect(missing.json()).toEqual({ code: -2013, msg: 'Order does not exist.' });
    expect(m.executions()).toHaveLength(1);
  });

  test('over its request weight: 429 with Retry-After and code -1003', async () => {
    const m = open([lp(3)]);
    const rs = await m.fetchMany([0, 1, 2, 3].map((i) => ({ url: 'https://bn.faultline.test/api/v3/ping', at: T0 + 30_000 + i }))) as any[];
    expect(rs.slice(0, 3).map((r) => r.status)).toEqual([200, 200, 200]);
    expect(rs[3].status).toBe(429);
    expect(rs[3].headers.get('retry-after')).toBe('30'); // the rest of the minute window
    expect(rs[3].headers.get('retry-after-ms')).toBe('29997');
    expect(rs[3].json().code).toBe(-1003);
  });

  test('newOrderRespType ACK and RESULT answer less than FULL', async () => {
    const m = open([lp()]);
    const order = (id: string, type: string) => form({ symbol: 'BTCUSD', side: 'SELL', type: 'MARKET', quantity: '0.1', newClientOrderId: id, newOrderRespType: type });
    const [ack, result, bad] = await m.fetchMany([
      { url: 'https://bn.faultline.test/api/v3/order', init: order('A1', 'ACK') },
      { url: 'https://bn.faultline.test/api/v3/order', init: order('R1', 'RESULT'), at: T0 + 1000 },
      { url: 'https://bn.faultline.test/api/v3/order', init: order('B1', 'LOUD'), at: T0 + 2000 },
    ]) as any[];
    expect(Object.keys(ack.json()).sort()).toEqual(['clientOrderId', 'orderId', 'orderListId', 'symbol', 'transactTime']);
    expect(result.json()).toMatchObject({ status: 'FILLED', executedQty: '0.10000000' });
    expect(result.json().fills).toBeUndefined();
    expect(bad.json().code).toBe(-1130);
  });

  test('unknown symbol and missing parameters answer Binance error codes', async () => {
    const m = open([lp()]);
    expect((await m.fetchAt('https://bn.faultline.test/api/v3/order', form({ symbol: 'XYZ', side: 'BUY', type: 'MARKET', quantity: '1' }))).json()).toEqual({ code: -1121, msg: 'Invalid symbol.' });
    expect((await m.fetchAt('https://bn.faultline.test/api/v3/order', form({ symbol: 'BTCUSD', type: 'MARKET', quantity: '1' }))).json().code).toBe(-1102);
  });
});

describe('Stripe-like', () => {
  const gw = () => provider('st', 'payment_gateway', { archetype: 'stripe' });
  const auth = { authorization: 'Bearer sk_test_x' };
  const create = (key?: string): RequestInit => ({
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded', ...(key === undefined ? {} : { 'Idempotency-Key': key }) },
    body: new URLSearchParams({ amount: '14990', currency: 'usd', confirm: 'true', 'metadata[reference]': 'P1', ...(key === undefined ? {} : { 'metadata[idempotency_key]': key }) }).toString(),
  });

  test('creates a succeeded PaymentIntent in minor units, with the fee in the balance transaction', async () => {
    const m = open([gw()]);
    const r = await m.fetchAt('https://st.faultline.test/v1/payment_intents', create('k1'));
    expect(r.status).toBe(200);
    const pi = r.json();
    expect(pi).toMatchObject({ object: 'payment_intent', amount: 14990, amount_received: 14990, currency: 'usd', status: 'succeeded', metadata: { reference: 'P1', idempotency_key: 'k1' } });
    expect(pi.id).toMatch(/^pi_/);
    expect(pi.latest_charge.balance_transaction).toMatchObject({ object: 'balance_transaction', currency: 'usd', fee: 330 }); // 2 % + 0.30
    expect(r.headers.get('request-id')).toMatch(/^req_/);
    expect(r.headers.get('idempotent-replayed')).toBeNull();
  });

  test('the same Idempotency-Key replays the first response (Idempotent-Replayed: true) and charges once', async () => {
    const m = open([gw()]);
    const [a, b, c] = await m.fetchMany([
      { url: 'https://st.faultline.test/v1/payment_intents', init: create('k1') },
      { url: 'https://st.faultline.test/v1/payment_intents', init: create('k1'), at: T0 + 5000 },
      { url: 'https://st.faultline.test/v1/payment_intents', init: create(), at: T0 + 9000 },
    ]) as any[];
    expect(b.text).toBe(a.text);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
    expect(b.headers.get('idempotency-key')).toBe('k1');
    expect(c.json().id).not.toBe(a.json().id);
    expect(m.executions()).toHaveLength(2);
  });

  test('a reused Idempotency-Key with other parameters is an idempotency_error (nothing charged)', async () => {
    const m = open([gw()]);
    const other: RequestInit = { ...create('k1'), body: new URLSearchParams({ amount: '2000', currency: 'usd' }).toString() };
    const [, mismatch] = await m.fetchMany([
      { url: 'https://st.faultline.test/v1/payment_intents', init: create('k1') },
      { url: 'https://st.faultline.test/v1/payment_intents', init: other, at: T0 + 5000 },
    ]) as any[];
    expect(mismatch.status).toBe(400);
    expect(mismatch.json().error.type).toBe('idempotency_error');
    expect(m.executions()).toHaveLength(1);
  });

  test('search by metadata finds the payment of an idempotency key; no key, no auth: errors in Stripe shape', async () => {
    const m = open([gw()]);
    const search = (k: string) => `https://st.faultline.test/v1/payment_intents/search?query=${encodeURIComponent(`metadata['idempotency_key']:'${k}'`)}`;
    const [, found, none, denied] = await m.fetchMany([
      { url: 'https://st.faultline.test/v1/payment_intents', init: create('k1') },
      { url: search('k1'), init: { headers: auth }, at: T0 + 5000 },
      { url: search('k2'), init: { headers: auth }, at: T0 + 6000 },
      { url: 'https://st.faultline.test/v1/payment_intents', init: { method: 'POST', body: 'amount=1&currency=usd' }, at: T0 + 7000 },
    ]) as any[];
    expect(found.json()).toMatchObject({ object: 'search_result', has_more: false, data: [{ amount: 14990, status: 'succeeded' }] });
    expect(none.json().data).toEqual([]);
    expect(denied.status).toBe(401);
    expect(denied.json().error).toMatchObject({ type: 'invalid_request_error', code: 'api_key_invalid' });
  });
});

describe('PayPal-like', () => {
  const gw = () => provider('pp', 'payment_gateway', { archetype: 'paypal' });
  const create = (key?: string): RequestInit => ({
    method: 'POST',
    headers: { authorization: 'Bearer A21', 'content-type': 'application/json', ...(key === undefined ? {} : { 'PayPal-Request-Id': key }) },
    body: JSON.stringify({ intent: 'CAPTURE', purchase_units: [{ reference_id: 'P1', amount: { currency_code: 'USD', value: '149.90' } }] }),
  });

  test('creates a COMPLETED order (201) with the capture and paypal_fee; the same PayPal-Request-Id returns it again (200)', async () => {
    const m = open([gw()]);
    const [a, b, missing] = await m.fetchMany([
      { url: 'https://pp.faultline.test/v2/checkout/orders', init: create('req-1') },
      { url: 'https://pp.faultline.test/v2/checkout/orders', init: create('req-1'), at: T0 + 5000 },
      { url: 'https://pp.faultline.test/v2/checkout/orders/by-request-id/req-2', init: { headers: { authorization: 'Bearer A21' } }, at: T0 + 6000 },
    ]) as any[];
    expect(a.status).toBe(201);
    const order = a.json();
    expect(order).toMatchObject({ intent: 'CAPTURE', status: 'COMPLETED', purchase_units: [{ reference_id: 'P1', amount: { currency_code: 'USD', value: '149.90' } }] });
    expect(order.purchase_units[0].payments.captures[0].seller_receivable_breakdown.paypal_fee).toEqual({ currency_code: 'USD', value: '3.30' });
    expect(b.status).toBe(200);
    expect(b.json().id).toBe(order.id);
    expect(missing.status).toBe(404);
    expect(missing.json().name).toBe('RESOURCE_NOT_FOUND');
    expect(m.executions()).toHaveLength(1);
  });
});

// Issue 16: the mocks answered negative, infinite and zero quantities and amounts with fills and
// charges, and read 20-digit amounts through a float. They now answer as the real APIs do (Binance
// spot "Error codes"; Stripe "Error codes"; PayPal Orders v2 errors), and nothing executes.
describe('malformed and out-of-range quantities and amounts are refused as the real APIs refuse them', () => {
  const orderForm = (quantity: string): RequestInit => form({ symbol: 'BTCUSD', side: 'BUY', type: 'MARKET', quantity, newClientOrderId: `H-${quantity}`, timestamp: '0' });
  const ILLEGAL = { code: -1100, msg: "Illegal characters found in parameter 'quantity'; legal range is '^([0-9]{1,20})(\\.[0-9]{1,20})?$'." };
  const LOT_SIZE = { code: -1013, msg: 'Filter failure: LOT_SIZE' };

  test.each([
    ['-1', ILLEGAL], ['-0.5', ILLEGAL], ['Infinity', ILLEGAL], ['1e3', ILLEGAL], ['NaN', ILLEGAL], ['0x10', ILLEGAL], [' 1', ILLEGAL], ['1.', ILLEGAL],
    ['0', LOT_SIZE], ['0.00000001', LOT_SIZE], ['0.00015', LOT_SIZE],
  ])('Binance-like: quantity %j → 400 %j', async (quantity, expected) => {
    const m = open([provider('bn', 'liquidity_provider', { archetype: 'binance' })]);
    const r = await m.fetchAt('https://bn.faultline.test/api/v3/order', orderForm(quantity));
    expect(r.status).toBe(400);
    expect(r.json()).toEqual(expected);
    expect(m.executions()).toHaveLength(0);
  });

  test('Binance-like: a quantity on the lot step fills', async () => {
    const m = open([provider('bn', 'liquidity_provider', { archetype: 'binance' })]);
    const r = await m.fetchAt('https://bn.faultline.test/api/v3/order', orderForm('0.0003'));
    expect(r.status).toBe(200);
    expect(r.json().executedQty).toBe('0.00030000');
    expect(m.executions()).toHaveLength(1);
  });

  const stripeCreate = (amount: string | undefined, currency = 'usd'): RequestInit => ({
    method: 'POST',
    headers: { authorization: 'Bearer sk_test_x', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...(amount === undefined ? {} : { amount }), currency, confirm: 'true', 'metadata[reference]': 'P1' }).toString(),
  });
  const stripeError = (code: string, message: string): unknown => ({ error: { type: 'invalid_request_error', code, message, param: 'amount', doc_url: `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}` } });

  test.each([
    [undefined, 'usd', stripeError('parameter_missing', 'Missing required param: amount.')],
    ['12.5', 'usd', stripeError('parameter_invalid_integer', 'Invalid integer: 12.5')],
    ['Infinity', 'usd', stripeError('parameter_invalid_integer', 'Invalid integer: Infinity')],
    ['0', 'usd', stripeError('parameter_invalid_integer', 'This value must be greater than or equal to 1.')],
    ['-500', 'usd', stripeError('parameter_invalid_integer', 'This value must be greater than or equal to 1.')],
    ['49', 'usd', stripeError('amount_too_small', 'Amount must be at least $0.50 usd')],
    ['29', 'gbp', stripeError('amount_too_small', 'Amount must be at least £0.30 gbp')],
    ['100000000', 'usd', stripeError('amount_too_large', 'Amount must be no more than $999,999.99')],
    ['12345678901234567890', 'usd', stripeError('amount_too_large', 'Amount must be no more than $999,999.99')],
  ])('Stripe-like: amount %j %s → 400', async (amount, currency, expected) => {
    const m = open([provider('st', 'payment_gateway', { archetype: 'stripe' })]);
    const r = await m.fetchAt('https://st.faultline.test/v1/payment_intents', stripeCreate(amount, currency));
    expect(r.status).toBe(400);
    expect(r.json()).toEqual(expected);
    expect(m.executions()).toHaveLength(0);
  });

  test('Stripe-like: the largest amount charges exactly (no float on the way)', async () => {
    const m = open([provider('st', 'payment_gateway', { archetype: 'stripe' })]);
    const r = await m.fetchAt('https://st.faultline.test/v1/payment_intents', stripeCreate('99999999'));
    expect(r.status).toBe(200);
    expect(r.json().amount).toBe(99_999_999);
    expect(m.executions()).toMatchObject([{ amount: '999999.99', ccy: 'USD' }]);
  });

  const paypalCreate = (value: string): RequestInit => ({
    method: 'POST',
    headers: { authorization: 'Bearer A21', 'content-type': 'application/json' },
    body: JSON.stringify({ intent: 'CAPTURE', purchase_units: [{ reference_id: 'P1', amount: { currency_code: 'USD', value } }] }),
  });

  test.each([
    ['0.00', 422, 'UNPROCESSABLE_ENTITY', 'CANNOT_BE_ZERO_OR_NEGATIVE'],
    ['-5.00', 422, 'UNPROCESSABLE_ENTITY', 'CANNOT_BE_ZERO_OR_NEGATIVE'],
    ['1.005', 422, 'UNPROCESSABLE_ENTITY', 'DECIMAL_PRECISION'],
    ['Infinity', 400, 'INVALID_REQUEST', 'INVALID_PARAMETER_SYNTAX'],
  ])('PayPal-like: value %j → %i %s (%s)', async (value, status, name, issue) => {
    const m = open([provider('pp', 'payment_gateway', { archetype: 'paypal' })]);
    const r = await m.fetchAt('https://pp.faultline.test/v2/checkout/orders', paypalCreate(value));
    expect(r.status).toBe(status);
    expect(r.json()).toMatchObject({ name, details: [{ issue }] });
    expect(m.executions()).toHaveLength(0);
  });

  test('PayPal-like: a 20-digit amount keeps every digit in the net amount', async () => {
    const m = open([provider('pp', 'payment_gateway', { archetype: 'paypal' })]);
    const r = await m.fetchAt('https://pp.faultline.test/v2/checkout/orders', paypalCreate('12345678901234567890.00'));
    expect(r.status).toBe(201);
    const breakdown = r.json().purchase_units[0].payments.captures[0].seller_receivable_breakdown;
    expect(breakdown.gross_amount.value).toBe('12345678901234567890.00');
    // net = gross − fee, by hand in minor units with BigInt: the fee is whatever the gateway booked.
    const feeMinor = BigInt(breakdown.paypal_fee.value.replace('.', ''));
    expect(breakdown.net_amount.value.replace('.', '')).toBe(String(1234567890123456789000n - feeMinor));
  });
});
