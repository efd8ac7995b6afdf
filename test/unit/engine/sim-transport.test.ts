import { describe, expect, test } from 'vitest';
import { dec, plain } from '../../../src/finance/decimal.js';
import type { ProviderRequestBody } from '../../../src/providers/answers.js';
import type { PriceAnswer } from '../../../src/providers/answers.js';
import { MIN, SEC, T0, fault, linearMarket, provider, transportHarness } from '../../helpers/sim.js';

const FEED = provider('feed', 'price_feed');
const LP = provider('lp', 'liquidity_provider');
const PAY = provider('pay', 'payment_gateway');
const ALL = [FEED, LP, PAY];

const price: ProviderRequestBody = { op: 'get_price', instrument: 'BTC-USD' };
const order = (ref = 'H000001', coid = ref): ProviderRequestBody => ({ op: 'place_order', instrument: 'BTC-USD', side: 'buy', qty: '0.5', clientOrderId: coid, reference: ref, purpose: 'hedge' });
const payment = (ref = 'P000001', key?: string): ProviderRequestBody => ({ op: 'create_payment', amount: '100.00', currency: 'USD', international: false, reference: ref, ...(key === undefined ? {} : { idempotencyKey: key }) });

describe('SimTransport without faults', () => {
  test('answers after the provider latency; a price is the mid at the instant the request executes (half the round trip)', async () => {
    const h = transportHarness(ALL);
    const { response, sentAt, answeredAt } = await h.call({ provider: 'feed', body: price, at: T0 + 10 * SEC });
    expect(answeredAt - sentAt).toBe(100);
    expect(response.ok).toBe(true);
    if (!response.ok) return;
    const a = response.answer as PriceAnswer;
    expect(a.ts).toBe(sentAt + 50);
    expect(a.price).toBe(plain(linearMarket.midAt('BTC-USD', sentAt + 50)));
    expect(h.attempts()).toMatchObject([{ outcome: 'ok', status: 200, latencyMs: 100, op: 'get_price' }]);
  });

  test('an order executes once, at the touch rounded to the tick, with a per-fill taker fee', async () => {
    const h = transportHarness(ALL);
    const { response } = await h.call({ provider: 'lp', body: order() });
    expect(response.ok).toBe(true);
    const [x] = h.executions();
    // mid at T0+50ms = 100.05; spread 10 bps → half = 0.050025; buy → ceil to 0.01 → 100.11
    expect(x).toMatchObject({ op: 'place_order', occurrence: 1, price: '100.11', qty: '0.5', side: 'buy' });
    // notional 50.055 × 10 bps = 0.050055 → 0.05 USD
    expect(x!.fee).toBe('0.05');
  });

  test('the same request (id, attempt) sees the same baseline latency whatever faults other providers have', async () => {
    const jittery = provider('feed', 'price_feed', { latency: { distribution: 'lognormal', medianMs: 100, p99Ms: 900, minMs: 1, maxMs: 5000 } });
    const clean = transportHarness([jittery, LP, PAY]);
    const faulted = transportHarness([jittery, LP, PAY], [fault({ kind: 'outage', target: 'lp' }), fault({ kind: 'latency', target: 'feed', latencyMs: 0, jitterMs: 0 })]);
    const specs = Array.from({ length: 20 }, (_, i) => ({ provider: 'feed', body: price, at: T0 + i * SEC, timeoutMs: 60_000 }));
    const a = await clean.callMany(specs);
    const b = await faulted.callMany(specs);
    expect(b.map((r) => r.answeredAt - r.sentAt)).toEqual(a.map((r) => r.answeredAt - r.sentAt));
    expect(new Set(a.map((r) => r.answeredAt - r.sentAt)).size).toBeGreaterThan(5);
  });
});

describe('SimTransport: fault kinds at the HTTP level', () => {
  test('outage → connection refused; nothing reaches the provider', async () => {
    const h = transportHarness(ALL, [fault({ kind: 'outage', target: 'lp', id: 'dark' })]);
    const { response, sentAt, answeredAt } = await h.call({ provider: 'lp', body: order() });
    expect(response).toMatchObject({ ok: false, failure: 'connection', phase: 'connect', faultId: 'dark' });
    expect(answeredAt - sentAt).toBeLessThan(100);
    expect(h.executions()).toEqual([]);
    expect(h.attempts()).toMatchObject([{ outcome: 'refused', faultId: 'dark' }]);
    expect(h.transport.hits.get('dark')?.get('refused')).toBe(1);
  });

  test('outage outside its window does nothing', async () => {
    const h = transportHarness(ALL, [fault({ kind: 'outage', target: 'lp', startMs: T0 + MIN, endMs: T0 + 2 * MIN })]);
    const [before, during, atEnd] = await h.callMany([
      { provider: 'lp', body: order('A'), at: T0 },
      { provider: 'lp', body: order('B'), at: T0 + MIN },
      { provider: 'lp', body: order('C'), at: T0 + 2 * MIN }, // window is [start, end)
    ]);
    expect([before!.response.ok, during!.response.ok, atEnd!.response.ok]).toEqual([true, false, true]);
  });

  test('latency beyond the timeout → timeout at the timeout; the write still executes upstream', async () => {
    const h = transportHarness(ALL, [fault({ kind: 'latency', target: 'lp', id: 'slow', latencyMs: 5000, jitterMs: 0 })]);
    const { response, sentAt, answeredAt } = await h.call({ provider: 'lp', body: order(), timeoutMs: 2000 });
    expect(response).toMatchObject({ ok: false, failure: 'timeout', faultId: 'slow' });
    expect(answeredAt - sentAt).toBe(2000);
    const x = h.executions();
    expect(x).toHaveLength(1);
    expect(x[0]).toMatchObject({ op: 'place_order', reference: 'H000001', occurrence: 1 });
    // Executed halfway through the (5100 ms) round trip: after the client gave up.
    expect(h.times[h.events.indexOf(x[0]!)]! - sentAt).toBe(2550);
    expect(h.attempts()).toMatchObject([{ outcome: 'lost', faultId: 'slow' }]);
  });

  test('latency beyond the timeout on a read is a plain timeout', async () => {
    const h = transportHarness(ALL, [fault({ kind: 'latency', target: 'feed', latencyMs: 5000, jitterMs: 0 })]);
    const { response } = await h.call({ provider: 'feed', body: price, timeoutMs: 2000 });
    expect(response).toMatchObject({ ok: false, failure: 'timeout' });
    expect(h.attempts()).toMatchObject([{ outcome: 'timeout' }]);
  });

  test('latency within the timeout just delays the answer (jitter within ±jitter)', async () => {
    const h = transportHarness(ALL, [fault({ kind: 'latency', target: 'feed', latencyMs: 500, jitterMs: 200 })]);
    const rs = await h.callMany(Array.from({ length: 30 }, (_, i) => ({ provider: 'feed', body: price, at: T0 + i * SEC })));
    for (const r of rs) {
      expect(r.response.ok).toBe(true);
      expect(r.answeredAt - r.sentAt).toBeGreaterThanOrEqual(100 + 300);
      expect(r.answeredAt - r.sentAt).toBeLessThanOrEqual(100 + 700);
    }
  });

  test('error 429 with Retry-After → rate_limited with retryAfterMs, nothing executed', async () => {
    const h = transportHarness(ALL, [fault({ kind: 'error', target: 'lp', id: 'limit', status: 429, retryAfterMs: 20_000 })]);
    const { response, sentAt, answeredAt } = await h.call({ provider: 'lp', body: order() });
    expect(response).toMatchObject({ ok: false, failure: 'http', status: 429, retryAfterMs: 20_000, faultId: 'limit' });
    expect(answeredAt - sentAt).toBe(100);
    expect(h.executions()).toEqual([]);
    expect(h.attempts()).toMatchObject([{ outcome: 'rate_limited', status: 429 }]);
  });

  test('error 503 → http_error without Retry-After', async () => {
    const h = transportHarness(ALL, [fault({ kind: 'error', target: 'pay', status: 503 })]);
    const { response } = await h.call({ provider: 'pay', body: payment() });
    expect(response).toMatchObject({ ok: false, failure: 'http', status: 503 });
    expect('retryAfterMs' in response).toBe(false);
    expect(h.attempts()).toMatchObject([{ outcome: 'http_error', status: 503 }]);
  });

  test('error with fail_first N fails only the first N calls of the window', async () => {
    const h = transportHarness(ALL, [fault({ kind: 'error', target: 'feed', status: 502, failFirst: 3 })]);
    const rs = await h.callMany(Array.from({ length: 6 }, (_, i) => ({ provider: 'feed', body: price, at: T0 + i * SEC })));
    expect(rs.map((r) => r.response.ok)).toEqual([false, false, false, true, true, true]);
  });

  test.each(['504', '502'] as const)('partial (lost as %s) on a payment → lost, and the charge is recorded', async (lostAs) => {
    const h = transportHarness(ALL, [fault({ kind: 'partial', target: 'pay', id: 'lost', lostAs })]);
    const { response } = await h.call({ provider: 'pay', body: payment('P1', 'idem-P1') });
    expect(response).toMatchObject({ ok: false, failure: 'http', status: Number(lostAs), faultId: 'lost' });
    expect(h.executions()).toMatchObject([{ op: 'create_payment', reference: 'P1', occurrence: 1, idempotencyKey: 'idem-P1', amount: '100.00' }]);
    expect(h.attempts()).toMatchObject([{ outcome: 'lost' }]);
  });

  test('partial (lost as timeout) on an order → timeout after the timeout, executed upstream', async () => {
    const h = transportHarness(ALL, [fault({ kind: 'partial', target: 'lp', lostAs: 'timeout' })]);
    const { response, sentAt, answeredAt } = await h.call({ provider: 'lp', body: order(), timeoutMs: 1500 });
    expect(response).toMatchObject({ ok: false, failure: 'timeout' });
    expect(answeredAt - sentAt).toBe(1500);
    expect(h.executions()).toHaveLength(1);
  });

  test('partial (lost as reset) → connection reset after executing', async () => {
    const h = transportHarness(ALL, [fault({ kind: 'partial', target: 'lp', lostAs: 'reset' })]);
    const { response } = await h.call({ provider: 'lp', body: order() });
    expect(response).toMatchObject({ ok: false, failure: 'connection', phase: 'reset' });
    expect(h.executions()).toHaveLength(1);
  });

  test('partial leaves reads alone', async () => {
    const h = transportHarness(ALL, [fault({ kind: 'partial', target: 'feed' })]);
    expect((await h.call({ provider: 'feed', body: price })).response.ok).toBe(true);
  });

  test('stale (frozen) → the price at the fault start, with its old timestamp', async () => {
    const start = T0 + MIN;
    const h = transportHarness(ALL, [fault({ kind: 'stale', target: 'feed', startMs: start, timestamps: 'frozen' })]);
    const rs = await h.callMany([T0 + 5 * MIN, T0 + 20 * MIN].map((at) => ({ provider: 'feed', body: price, at })));
    for (const r of rs) {
      expect(r.response.ok).toBe(true);
      if (!r.response.ok) continue;
      expect(r.response.answer).toMatchObject({ kind: 'price', ts: start, price: plain(linearMarket.midAt('BTC-USD', start)) });
    }
  });

  test('stale (current timestamps) → the frozen price restamped as fresh', async () => {
    const start = T0 + MIN;
    const h = transportHarness(ALL, [fault({ kind: 'stale', target: 'feed', startMs: start, timestamps: 'current' })]);
    const { response, sentAt } = await h.call({ provider: 'feed', body: price, at: T0 + 5 * MIN });
    if (!response.ok) throw new Error('expected an answer');
    expect(response.answer).toMatchObject({ ts: sentAt + 50, price: plain(linearMarket.midAt('BTC-USD', start)) });
  });

  test.each([
    [1, '10'],
    [2, '100'],
    [-2, '0.01'],
  ])('corrupt decimal_shift %i → price × %s, HTTP 200, fresh timestamp', async (shift, factor) => {
    const h = transportHarness(ALL, [fault({ kind: 'corrupt', target: 'feed', mode: 'decimal_shift', shift })]);
    const { response } = await h.call({ provider: 'feed', body: price, at: T0 + 3 * SEC });
    expect(response).toMatchObject({ ok: true, status: 200 });
    if (!response.ok) return;
    const a = response.answer as PriceAnswer;
    expect(a.ts).toBe(T0 + 3 * SEC + 50);
    expect(dec(a.price).eq(linearMarket.midAt('BTC-USD', a.ts).times(dec(factor)))).toBe(true);
  });

  test('corrupt truncated → malformed body (invalid on reads, lost on writes that executed)', async () => {
    const h = transportHarness(ALL, [fault({ kind: 'corrupt', target: 'feed', mode: 'truncated', shift: 1 }), fault({ kind: 'corrupt', target: 'pay', mode: 'garbage', shift: 1 })]);
    const [read, write] = await h.callMany([{ provider: 'feed', body: price }, { provider: 'pay', body: payment() }]);
    expect(read!.response).toMatchObject({ ok: false, failure: 'malformed' });
    expect(write!.response).toMatchObject({ ok: false, failure: 'malformed' });
    expect(h.attempts().map((a) => [a.provider, a.outcome]).sort()).toEqual([['feed', 'invalid'], ['pay', 'lost']]);
    expect(h.executions()).toHaveLength(1);
  });

  test('schema-drift removed_endpoint → 410 Gone, nothing executed', async () => {
    const h = transportHarness(ALL, [fault({ kind: 'schema-drift', target: 'pay', mode: 'removed_endpoint', apiVersion: 'v3' })]);
    const { response } = await h.call({ provider: 'pay', body: payment() });
    expect(response).toMatchObject({ ok: false, failure: 'http', status: 410 });
    expect(h.executions()).toEqual([]);
  });

  test('schema-drift rename_fields → malformed; a write behind it still executed', async () => {
    const h = transportHarness(ALL, [fault({ kind: 'schema-drift', target: 'lp', mode: 'rename_fields', apiVersion: 'v3' })]);
    const { response } = await h.call({ provider: 'lp', body: order() });
    expect(response).toMatchObject({ ok: false, failure: 'malformed' });
    if (response.ok || response.failure !== 'malformed') return;
    expect(response.detail).toContain('v3');
    expect(h.executions()).toHaveLength(1);
  });

  test('schema-drift leaves health probes alone', async () => {
    const h = transportHarness(ALL, [fault({ kind: 'schema-drift', target: 'pay', mode: 'removed_endpoint', apiVersion: 'v3' })]);
    expect((await h.call({ provider: 'pay', body: { op: 'probe' } })).response.ok).toBe(true);
  });

  test('probability 0 never hits, probability 1 always hits, 0.3 hits about 30 %', async () => {
    const n = 300;
    const specs = Array.from({ length: n }, (_, i) => ({ provider: 'feed', body: price, at: T0 + i * 100 }));
    const never = transportHarness(ALL, [fault({ kind: 'error', target: 'feed', id: 'f', status: 500, probability: 0 })]);
    const always = transportHarness(ALL, [fault({ kind: 'error', target: 'feed', id: 'f', status: 500, probability: 1 })]);
    const some = transportHarness(ALL, [fault({ kind: 'error', target: 'feed', id: 'f', status: 500, probability: 0.3 })]);
    expect((await never.callMany(specs)).filter((r) => !r.response.ok)).toHaveLength(0);
    expect(never.transport.hits.has('f')).toBe(false);
    expect((await always.callMany(specs)).filter((r) => r.response.ok)).toHaveLength(0);
    expect(always.transport.hits.get('f')?.get('http_error')).toBe(n);
    const failed = (await some.callMany(specs)).filter((r) => !r.response.ok).length;
    expect(failed / n).toBeGreaterThan(0.3 - 5 * Math.sqrt((0.3 * 0.7) / n));
    expect(failed / n).toBeLessThan(0.3 + 5 * Math.sqrt((0.3 * 0.7) / n));
  });

  test('a fault on one provider leaves the others alone', async () => {
    const h = transportHarness(ALL, [fault({ kind: 'outage', target: 'lp' })]);
    const rs = await h.callMany([{ provider: 'feed', body: price }, { provider: 'pay', body: payment() }]);
    expect(rs.every((r) => r.response.ok)).toBe(true);
  });
});

describe('SimTransport: provider rate limits', () => {
  test('over the window\'s budget → 429 with Retry-After (configured); a new window serves again', async () => {
    const limited = provider('feed', 'price_feed', { rateLimit: { requests: 3, perMs: MIN, retryAfterMs: 10_000 } });
    const h = transportHarness([limited, LP, PAY]);
    const rs = await h.callMany([
      ...Array.from({ length: 5 }, (_, i) => ({ provider: 'feed', body: price, at: T0 + i * SEC })),
      { provider: 'feed', body: price, at: T0 + MIN },
    ]);
    expect(rs.map((r) => r.response.ok)).toEqual([true, true, true, false, false, true]);
    expect(rs[3]!.response).toMatchObject({ ok: false, failure: 'http', status: 429, retryAfterMs: 10_000 });
    expect(h.attempts().map((a) => a.outcome)).toEqual(['ok', 'ok', 'ok', 'rate_limited', 'rate_limited', 'ok']);
  });

  test('without a configured Retry-After, it says when the window resets', async () => {
    const limited = provider('feed', 'price_feed', { rateLimit: { requests: 1, perMs: MIN, retryAfterMs: 0 } });
    const h = transportHarness([limited, LP, PAY]);
    const rs = await h.callMany([{ provider: 'feed', body: price, at: T0 }, { provider: 'feed', body: price, at: T0 + 15 * SEC }]);
    expect(rs[1]!.response).toMatchObject({ ok: false, status: 429, retryAfterMs: 45_000 });
  });
});

describe('providers behind the transport', () => {
  test('payment gateway: a repeated Idempotency-Key replays the first charge; no key charges again', async () => {
    const h = transportHarness(ALL);
    const rs = await h.callMany([
      { provider: 'pay', body: payment('P1', 'k1'), at: T0 },
      { provider: 'pay', body: payment('P1', 'k1'), at: T0 + SEC },
      { provider: 'pay', body: payment('P2'), at: T0 + 2 * SEC },
      { provider: 'pay', body: payment('P2'), at: T0 + 3 * SEC },
    ]);
    const ids = rs.map((r) => (r.response.ok && r.response.answer.kind === 'payment' ? r.response.answer.paymentId : undefined));
    expect(ids[1]).toBe(ids[0]);
    expect(ids[3]).not.toBe(ids[2]);
    expect(h.executions().map((x) => [x.reference, x.occurrence])).toEqual([['P1', 1], ['P2', 1], ['P2', 2]]);
    // 2 % of 100.00 + 0.30
    expect(dec(h.executions()[0]!.fee).eq(dec('2.30'))).toBe(true);
  });

  test('liquidity provider: a reused client order id is rejected as a duplicate and order_status finds the fill', async () => {
    const h = transportHarness(ALL);
    const rs = await h.callMany([
      { provider: 'lp', body: order('H1', 'H1'), at: T0 },
      { provider: 'lp', body: order('H1', 'H1'), at: T0 + SEC },
      { provider: 'lp', body: { op: 'order_status', clientOrderId: 'H1' }, at: T0 + 2 * SEC },
      { provider: 'lp', body: { op: 'order_status', clientOrderId: 'nope' }, at: T0 + 3 * SEC },
    ]);
    expect(rs[1]!.response).toMatchObject({ ok: false, failure: 'http', status: 400, code: '-2010' });
    expect(rs[2]!.response).toMatchObject({ ok: true, answer: { kind: 'order_status', found: true, fill: { clientOrderId: 'H1' } } });
    expect(rs[3]!.response).toMatchObject({ ok: true, answer: { kind: 'order_status', found: false } });
    expect(h.executions()).toHaveLength(1);
  });

  test('a sell fills at the bid, floored to the tick', async () => {
    const h = transportHarness(ALL);
    await h.call({ provider: 'lp', body: { ...order(), side: 'sell' } as ProviderRequestBody });
    // mid 100.05 − 0.050025 = 99.999975 → floor to 0.01 → 99.99
    expect(h.executions()[0]).toMatchObject({ side: 'sell', price: '99.99' });
  });
});
