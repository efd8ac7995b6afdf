import { expect, test } from 'vitest';
import { compileYaml, ofType, runDrill } from '../../helpers/sim.js';

test('a blind failover after an unknown outcome counts as an unsafe retry', async () => {
  const s = compileYaml(`faultline: 1
id: blind
title: blind failover
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
  idempotency: false
  retries: { max: 0 }
  failover: { payment_gateway: [stripe, paypal] }
workload:
  payments: { rate_per_minute: 30, amount: { distribution: fixed, median: "10.00" }, currency: USD }
faults:
  - { id: lost, kind: partial, target: stripe, at: 1m, for: 8m, lost_as: "504" }
`);
  const { faulted } = await runDrill(s);
  const dupRefs = new Set(ofType(faulted, 'execution').filter((x) => x.occurrence > 1).map((x) => x.reference));
  expect(dupRefs.size).toBeGreaterThan(100);
  const dupPayments = ofType(faulted, 'payment').filter((p) => dupRefs.has(p.paymentId));
  console.log(dupPayments.slice(0, 2));
  expect(dupPayments.every((p) => p.unsafeRetries > 0)).toBe(true);
});
