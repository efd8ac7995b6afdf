/** Fault overlays as seen on the wire (what a firm's own client would receive). */
import { afterEach, describe, expect, test } from 'vitest';
import type { Fault } from '../../../src/scenario/model.js';
import { fault, provider } from '../../helpers/sim.js';
import { mockHarness, T0 } from './harness.js';

type H = ReturnType<typeof mockHarness>;
let h: H | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});
const feed = (faults: Fault[]) => (h = mockHarness([provider('cg', 'price_feed', { archetype: 'coingecko' })], faults));
const PRICE = 'https://cg.faultline.test/api/v3/simple/price?ids=bitcoin&vs_currencies=usd&include_last_updated_at=true';
const stripe = (faults: Fault[]) => (h = mockHarness([provider('st', 'payment_gateway', { archetype: 'stripe' })], faults));
const charge = (key: string): RequestInit => ({
  method: 'POST', headers: { authorization: 'Bearer sk_test_x', 'idempotency-key': key }, body: new URLSearchParams({ amount: '1000', currency: 'usd', 'metadata[reference]': key }).toString(),
});

describe('HTTP-level overlays', () => {
  test('error status: a 503 from the edge (HTML, not the API\'s JSON)', async () => {
    const r = await feed([fault({ kind: 'error', target: 'cg', status: 503 })]).fetchAt(PRICE, undefined, T0 + 1000);
    expect(r.status).toBe(503);
    expect(r.headers.get('content-type')).toBe('text/html');
    expect(r.text).toContain('503 Service Temporarily Unavailable');
  });

  test('429 with Retry-After (whole seconds) and retry-after-ms, in the API\'s error shape', async () => {
    const r = await feed([fault({ kind: 'error', target: 'cg', status: 429, retryAfterMs: 20_500 })]).fetchAt(PRICE, undefined, T0 + 1000);
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('21');
    expect(r.headers.get('retry-after-ms')).toBe('20500');
    expect(r.json().status.error_code).toBe(429);
  });

  test('fail the first N calls, then succeed', async () => {
    const m = feed([fault({ kind: 'error', target: 'cg', status: 500, failFirst: 2 })]);
    const rs = await m.fetchMany([1, 2, 3, 4].map((i) => ({ url: PRICE, at: T0 + i * 1000 }))) as any[];
    expect(rs.map((r) => r.status)).toEqual([500, 500, 200, 200]);
  });

  test('stale: frozen values and timestamps from the fault start', async () => {
    const m = feed([fault({ kind: 'stale', target: 'cg', timestamps: 'frozen', startMs: T0 + 5000 })]);
    const body = (await m.fetchAt(PRICE, undefined, T0 + 65_000)).json();
    expect(body.bitcoin).toEqual({ usd: 105, usd_last_updated_at: (T0 + 5000) / 1000 });
  });

  test.each([
    ['decimal_shift', (b: any) => expect(b.bitcoin.usd).toBe(10105)],
    ['wrong_currency', (b: any) => expect(Object.keys(b.bitcoin)).toEqual(['eur', 'eur_last_updated_at'])],
    ['truncated', (_b: any, raw: string) => expect(() => JSON.parse(raw)).toThrow()],
    ['garbage', (_b: any, raw: string) => expect(raw).toContain('\u0000')],
    ['empty', (_b: any, raw: string) => expect(raw).toBe('')],
  ] as const)('corrupt body: %s', async (mode, check) => {
    const r = await feed([fault({ kind: 'corrupt', target: 'cg', mode, shift: 2 })]).fetchAt(PRICE, undefined, T0 + 1000);
    expect(r.status).toBe(200);
    let body: unknown;
    try {
      body = JSON.parse(r.text);
    } catch {
      body = undefined;
    }
    check(body as any, r.text);
  });

  test('schema drift: renamed fields with Deprecation and Sunset headers; a removed endpoint is 410', async () => {
    const renamed = await feed([fault({ kind: 'schema-drift', target: 'cg', mode: 'rename_fields', apiVersion: 'v4' })]).fetchAt(PRICE, undefined, T0 + 1000);
    expect(Object.keys(renamed.json().bitcoin)).toEqual(['price_usd', 'last_updated_usd']);
    expect(renamed.headers.get('deprecation')).toMatch(/^@\d+$/);
    expect(renamed.headers.get('sunset')).toMatch(/GMT$/);
    h!.close();
    const gone = await feed([fault({ kind: 'schema-drift', target: 'cg', mode: 'removed_endpoint', apiVersion: 'v4' })]).fetchAt(PRICE, undefined, T0 + 1000);
    expect(gone.status).toBe(410);
    expect(gone.json().status.error_message).toBe('v4: endpoint removed');
  });

  test('latency with jitter, on the virtual clock', async () => {
    const m = feed([fault({ kind: 'latency', target: 'cg', latencyMs: 60_000, jitterMs: 5000 })]);
    const t = performance.now();
    const rs = await m.fetchMany([1, 2, 3, 4, 5].map((i) => ({ url: PRICE, at: T0 + i * 1000 }))) as any[];
    const lat = rs.map((r) => r.answeredAt - r.sentAt);
    for (const l of lat) {
      expect(l).toBeGreaterThanOrEqual(100 + 55_000);
      expect(l).toBeLessThan(100 + 65_000);
    }
    expect(new Set(lat).size).toBeGreaterThan(1);
    expect(performance.now() - t).toBeLessThan(5000); // two minutes of scenario time, not of wall time
  });

  test('probability per request: some calls hit, some do not (seeded by request id and attempt)', async () => {
    const m = feed([fault({ kind: 'error', target: 'cg', status: 503, probability: 0.5 })]);
    const rs = await m.fetchMany(Array.from({ length: 20 }, (_, i) => ({ url: PRICE, at: T0 + i * 1000, requestId: `px:${i}` }))) as any[];
    const statuses = rs.map((r) => r.status);
    expect(statuses).toContain(503);
    expect(statuses).toContain(200);
  });

  test('outage: the connection fails (fetch rejects), nothing executes', async () => {
    const m = stripe([fault({ kind: 'outage', target: 'st' })]);
    const [r] = await m.fetchMany([{ url: 'https://st.faultline.test/v1/payment_intents', init: charge('k1'), at: T0 + 1000 }]);
    expect(r).toHaveProperty('error');
    expect(m.executions()).toHaveLength(0);
  });

  test.each(['502', '504'] as const)('partial: charged upstream, then a %s from the edge; the replay with the same key shows the charge', async (as) => {
    const m = stripe([fault({ kind: 'partial', target: 'st', lostAs: as, endMs: T0 + 10_000 })]);
    const [lost, replay] = await m.fetchMany([
      { url: 'https://st.faultline.test/v1/payment_intents', init: charge('k1'), at: T0 + 1000 },
      { url: 'https://st.faultline.test/v1/payment_intents', init: charge('k1'), at: T0 + 20_000, attempt: 2 },
    ]) as any[];
    expect(lost.status).toBe(Number(as));
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(m.executions()).toHaveLength(1);
  });

  test('partial lost as reset: headers arrive, the body read fails', async () => {
    const m = stripe([fault({ kind: 'partial', target: 'st', lostAs: 'reset' })]);
    const [r] = await m.fetchMany([{ url: 'https://st.faultline.test/v1/payment_intents', init: charge('k1'), at: T0 + 1000 }]);
    expect(r).toHaveProperty('error');
    expect(m.executions()).toHaveLength(1);
  });

  test('partial lost as timeout: the mock never answers; the client gives up on its own timer', async () => {
    const m = stripe([fault({ kind: 'partial', target: 'st', lostAs: 'timeout' })]);
    const [r] = await m.fetchMany([{ url: 'https://st.faultline.test/v1/payment_intents', init: charge('k1'), at: T0 + 1000, abortAfterMs: 3000 }]);
    expect(r).toHaveProperty('error');
    expect((r as { error: Error }).error.name).toBe('AbortError');
    expect(r!.answeredAt).toBe(T0 + 4000);
    expect(m.executions()).toHaveLength(1);
  });
});
