/**
 * The msw transport (real fetch → MSW mocks → the archetype's wire format → parsed back by a
 * fault-agnostic client) answers every call exactly as sim mode's transport does, under every
 * fault kind, for every archetype: same responses, same attempt events, same executions.
 */
import { describe, expect, test } from 'vitest';
import type { RunEventBody } from '../../../src/engine/events.js';
import type { ProviderResponse } from '../../../src/engine/ports.js';
import type { ProviderAnswer } from '../../../src/providers/answers.js';
import type { Archetype, Fault, Provider } from '../../../src/scenario/model.js';
import { fault, provider, transportHarness, T0, type CallSpec } from '../../helpers/sim.js';
import { mswTransportHarness } from './harness.js';

const FEEDS: Archetype[] = ['coingecko', 'coinmarketcap'];
const GATEWAYS: Archetype[] = ['stripe', 'paypal'];

function callsFor(p: Provider): CallSpec[] {
  const at = (s: number): number => T0 + s * 1000;
  if (p.role === 'price_feed') {
    const reads: CallSpec[] = [0, 1, 2, 3, 4, 5].map((i) => ({ provider: p.id, body: { op: 'get_price', instrument: 'BTC-USD' }, at: at(10 + i * 7) }));
    return [...reads, { provider: p.id, body: { op: 'probe' }, at: at(61) }];
  }
  if (p.role === 'liquidity_provider') {
    const order = (id: string, qty: string) => ({ op: 'place_order' as const, instrument: 'BTC-USD', side: 'buy' as const, qty, clientOrderId: id, reference: id.slice(0, 7), purpose: 'hedge' as const });
    return [
      { provider: p.id, body: order('H000001', '0.5'), at: at(5) },
      { provider: p.id, body: order('H000001', '0.5'), at: at(15), attempt: 2 }, // duplicate client order id
      { provider: p.id, body: { op: 'order_status', clientOrderId: 'H000001' }, at: at(25) },
      { provider: p.id, body: order('H000002-1', '0.0125'), at: at(35), idempotent: false },
      { provider: p.id, body: { op: 'order_status', clientOrderId: 'H000009' }, at: at(65) },
      { provider: p.id, body: { op: 'probe' }, at: at(55) },
    ];
  }
  const pay = (key: string | undefined, ref: string) => ({ op: 'create_payment' as const, amount: '149.9', currency: 'USD', international: false, reference: ref, ...(key === undefined ? {} : { idempotencyKey: key }) });
  return [
    { provider: p.id, body: pay('k1', 'P1'), at: at(5) },
    { provider: p.id, body: pay('k1', 'P1'), at: at(15), attempt: 2 }, // replay
    { provider: p.id, body: { op: 'payment_status', idempotencyKey: 'k1' }, at: at(25) },
    { provider: p.id, body: pay(undefined, 'P2'), at: at(35), idempotent: false },
    { provider: p.id, body: { op: 'payment_status', idempotencyKey: 'nope' }, at: at(45) },
    { provider: p.id, body: pay('k3', 'P3'), at: at(50) },
    { provider: p.id, body: { op: 'probe' }, at: at(55) },
  ];
}

/**
 * Sim mode answers 200 for every answer; some real APIs use other codes (201 Created, Binance
 * 400/-2013). A removed endpoint's `code` is the API's own (410, ENDPOINT_REMOVED, -1), not sim's.
 */
const normalized = (r: ProviderResponse): ProviderResponse => {
  if (r.ok) return { ...r, status: 200, answer: withoutIds(r.answer) };
  if (r.failure === 'http' && r.status === 410) return { ...r, code: 'endpoint_removed' };
  return r;
};

/** Payment ids are the provider's own (`pi_…`, PayPal order ids); sim mode's are internal. */
function withoutIds(a: ProviderAnswer): ProviderAnswer {
  if (a.kind === 'payment') return { ...a, paymentId: '-' };
  if (a.kind === 'payment_status' && a.payment !== undefined) return { ...a, payment: { ...a.payment, paymentId: '-' } };
  return a;
}

const FAULTS: Record<string, (target: string) => Fault[]> = {
  none: () => [],
  outage: (target) => [fault({ kind: 'outage', target })],
  // Refused calls never reach the provider, so they must not use up its rate limit (binance: 4/min).
  'outage for 30 s, then calls': (target) => [fault({ kind: 'outage', target, endMs: T0 + 30_000 })],
  'latency with jitter': (target) => [fault({ kind: 'latency', target, latencyMs: 700, jitterMs: 300 })],
  'latency past the timeout': (target) => [fault({ kind: 'latency', target, latencyMs: 2500, jitterMs: 0 })],
  'stale, frozen timestamps': (target) => [fault({ kind: 'stale', target, timestamps: 'frozen', startMs: T0 + 5000 })],
  'stale, current timestamps': (target) => [fault({ kind: 'stale', target, timestamps: 'current', startMs: T0 + 5000 })],
  'corrupt decimal shift': (target) => [fault({ kind: 'corrupt', target, mode: 'decimal_shift', shift: 1 })],
  'corrupt wrong currency': (target) => [fault({ kind: 'corrupt', target, mode: 'wrong_currency', shift: 0 })],
  'corrupt truncated': (target) => [fault({ kind: 'corrupt', target, mode: 'truncated', shift: 0 })],
  'corrupt garbage': (target) => [fault({ kind: 'corrupt', target, mode: 'garbage', shift: 0 })],
  'corrupt empty': (target) => [fault({ kind: 'corrupt', target, mode: 'empty', shift: 0 })],
  'error 503': (target) => [fault({ kind: 'error', target, status: 503 })],
  'error 429 with Retry-After': (target) => [fault({ kind: 'error', target, status: 429, retryAfterMs: 20_000 })],
  'error 418': (target) => [fault({ kind: 'error', target, status: 418, retryAfterMs: 1500 })],
  'error 500, fail 2 then succeed': (target) => [fault({ kind: 'error', target, status: 500, failFirst: 2 })],
  'error 503 with probability 0.5': (target) => [fault({ kind: 'error', target, status: 503, probability: 0.5 })],
  'partial lost as timeout': (target) => [fault({ kind: 'partial', target, lostAs: 'timeout' })],
  'partial lost as reset': (target) => [fault({ kind: 'partial', target, lostAs: 'reset' })],
  'partial lost as 502': (target) => [fault({ kind: 'partial', target, lostAs: '502' })],
  'partial lost as 504': (target) => [fault({ kind: 'partial', target, lostAs: '504' })],
  'schema drift, renamed fields': (target) => [fault({ kind: 'schema-drift', target, mode: 'rename_fields', apiVersion: 'v4' })],
  'schema drift, removed endpoint': (target) => [fault({ kind: 'schema-drift', target, mode: 'removed_endpoint', apiVersion: 'v4' })],
  'latency then error': (target) => [fault({ kind: 'latency', target, latencyMs: 300, jitterMs: 100, id: 'slow' }), fault({ kind: 'error', target, status: 503, probability: 0.5, id: 'err' })],
};

const PROVIDERS: Provider[] = [
  ...FEEDS.map((a) => provider(`feed-${a}`, 'price_feed', { archetype: a })),
  provider('lp-binance', 'liquidity_provider', { archetype: 'binance', rateLimit: { requests: 4, perMs: 60_000, retryAfterMs: 0 } }),
  ...GATEWAYS.map((a) => provider(`gw-${a}`, 'payment_gateway', { archetype: a, latency: { distribution: 'lognormal', medianMs: 300, p99Ms: 1500, minMs: 50, maxMs: 5000 } })),
];

describe.each(PROVIDERS.map((p) => [p.archetype, p] as const))('%s', (_name, p) => {
  test.each(Object.keys(FAULTS))('%s', async (name) => {
    const faults = FAULTS[name]!(p.id);
    const sim = transportHarness([p], faults);
    const msw = mswTransportHarness([p], faults);
    try {
      const calls = callsFor(p);
      const a = await sim.callMany(calls);
      const b = await msw.callMany(calls);
      expect(b.map((r) => ({ ...r, response: normalized(r.response) }))).toEqual(a.map((r) => ({ ...r, response: normalized(r.response) })));
      const attempts = (events: readonly RunEventBody[]) => events.map((e) => (e.type === 'attempt' && e.outcome === 'ok' ? { ...e, status: 200 } : e));
      expect(attempts(msw.events)).toEqual(attempts(sim.events));
      expect(msw.transport.hits).toEqual(sim.transport.hits);
    } finally {
      msw.close();
    }
  });
});
