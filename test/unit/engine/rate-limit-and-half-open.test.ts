import { expect, test } from 'vitest';
import { MIN, SEC, T0, fault, provider, transportHarness, compileYaml, ofType, runDrill } from '../../helpers/sim.js';

test('refused connections do not use up the provider rate limit', async () => {
  const feed = provider('feed', 'price_feed', { rateLimit: { requests: 2, perMs: MIN, retryAfterMs: 10_000 } });
  const h = transportHarness([feed], [fault({ kind: 'outage', target: 'feed', startMs: T0, endMs: T0 + 10 * SEC })]);
  const rs = await h.callMany([0, 1, 20, 21].map((s) => ({ provider: 'feed', body: { op: 'get_price', instrument: 'BTC-USD' } as const, at: T0 + s * SEC })));
  expect(rs.map((r) => (r.response.ok ? 'ok' : r.response.failure === 'http' ? r.response.status : r.response.failure))).toEqual(['connection', 'connection', 'ok', 'ok']);
});

test('half-open lets one trial call through', async () => {
  const s = compileYaml(`faultline: 1
id: ho
title: half-open
start: "2025-04-07T22:00:00Z"
duration: 10m
reporting: { currency: USD }
market:
  instruments:
    BTC-USD: { mid: "60000" }
providers:
  feed: { role: price_feed, archetype: coingecko }
  stripe: { role: payment_gateway, archetype: stripe, latency: { distribution: fixed, median: 100ms } }
  paypal: { role: payment_gateway, archetype: paypal, latency: { distribution: fixed, median: 100ms } }
integration:
  type: reference
  retries: { max: 0 }
  circuit_breaker: { failure_threshold: 3, cooldown: 30s }
  failover: { payment_gateway: [stripe, paypal] }
workload:
  payments: { rate_per_minute: 600, amount: { distribution: fixed, median: "10.00" }, currency: USD }
faults:
  - { id: slow, kind: latency, target: stripe, at: 1m, for: 8m, latency: 1500ms }
  - { id: down, kind: error, target: stripe, at: 1m, for: 8m, status: 503 }
`);
  const { faulted } = await runDrill(s);
  const opened = ofType(faulted, 'circuit.opened').filter((c) => c.provider === 'stripe');
  expect(opened.length).toBeGreaterThan(1);
  const attempts = ofType(faulted, 'attempt').filter((a) => a.provider === 'stripe' && a.op === 'create_payment');
  // Trials: payment attempts sent to stripe while its breaker is past a cooldown, before the next opened.
  const sent = attempts.map((a) => a.t - a.latencyMs);
  const perOpening = opened.slice(0, -1).map((o, i) => sent.filter((t) => t >= o.t + 30_000 && t < opened[i + 1]!.t).length);
  console.log(perOpening);
  expect(perOpening.every((n) => n === 1)).toBe(true);
});
