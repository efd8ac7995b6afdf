/**
 * The reference gateway's policies, observed the way a reviewer would: through the event stream of
 * small in-process drills (the engine's own wiring), counting what the providers actually executed.
 */
import { describe, expect, test } from 'vitest';
import type { RunEvent } from '../../../src/engine/events.js';
import { dec } from '../../../src/finance/decimal.js';
import { compileYaml, ofType, runDrill } from '../../helpers/sim.js';

const START = Date.parse('2025-04-07T22:00:00Z');
const MIN = 60_000;

/** 30-minute drill; `integration`, `faults`, `workload` and extra providers are filled in per test. */
function drill(parts: { providers?: string; integration: string; workload: string; faults: string; monitoring?: string; hedging?: string }): string {
  return `faultline: 1
id: gw-test
title: gateway test
seed: 99
start: "2025-04-07T22:00:00Z"
duration: 30m
reporting: { currency: USD, calendar: AU-NSW, timezone: Australia/Sydney }
market:
  instruments:
    BTC-USD: { mid: "60000", volatility: 0.5, tick_size: "0.01", lot_size: "0.0001" }
providers:
  feed_a: { role: price_feed, archetype: coingecko, latency: { distribution: fixed, median: 50ms } }
  feed_b: { role: price_feed, archetype: coinmarketcap, latency: { distribution: fixed, median: 80ms } }
  lp_a: { role: liquidity_provider, archetype: binance, latency: { distribution: fixed, median: 40ms }, spread_bps: "4", fees: { taker_bps: "10" } }
  lp_b: { role: liquidity_provider, archetype: binance, latency: { distribution: fixed, median: 60ms }, spread_bps: "12", fees: { taker_bps: "20" } }
  stripe: { role: payment_gateway, archetype: stripe, latency: { distribution: fixed, median: 300ms }, fees: { percent: "1.7", fixed: "0.30" } }
  paypal: { role: payment_gateway, archetype: paypal, latency: { distribution: fixed, median: 400ms }, fees: { percent: "2.6", fixed: "0.30" } }
${parts.providers ?? ''}integration:
  type: reference
${parts.integration}
workload:
${parts.workload}
faults:
${parts.faults}
monitoring:
${parts.monitoring ?? '  probe_interval: 30s\n  failures_to_alert: 3\n  time_to_acknowledge: 2m\n'}${parts.hedging ?? ''}`;
}

const duplicates = (events: RunEvent[], op: 'place_order' | 'create_payment') =>
  ofType(events, 'execution').filter((x) => x.op === op && x.occurrence > 1);
const executions = (events: RunEvent[], op: 'place_order' | 'create_payment') => ofType(events, 'execution').filter((x) => x.op === op);

const PAYMENTS = `  payments: { rate_per_minute: 20, amount: { distribution: fixed, median: "100.00" }, currency: USD }`;
const TRADES = `  trades: { rate_per_minute: 30, size: { distribution: fixed, median: "0.2" }, buy_ratio: 1 }`;
const HEDGING = `hedging: { instrument: BTC-USD, threshold: "0.5", limit: 10m USD, check_interval: 10s }\n`;

describe('idempotency under a partial fault (executed upstream, response lost)', () => {
  const paymentDrill = (idempotency: boolean) => compileYaml(drill({
    integration: `  idempotency: ${idempotency}\n  retries: { max: 2, base_delay: 100ms, max_delay: 1s }\n  failover: { payment_gateway: [stripe, paypal] }\n`,
    workload: PAYMENTS,
    faults: '  - { id: lost, kind: partial, target: stripe, at: 5m, for: 10m, lost_as: "504", probability: 0.5 }',
  }));

  test('payments, idempotency on ⇒ every charge executes exactly once', async () => {
    const { faulted } = await runDrill(paymentDrill(true));
    const lost = ofType(faulted, 'attempt').filter((a) => a.outcome === 'lost' && a.op === 'create_payment');
    expect(lost.length).toBeGreaterThan(20); // the fault really hit
    expect(duplicates(faulted, 'create_payment')).toEqual([]);
    // …and no payment was charged at both gateways.
    const refs = executions(faulted, 'create_payment').map((x) => x.reference);
    expect(new Set(refs).size).toBe(refs.length);
    // Every payment the firm marked SUCCEEDED was really charged, once.
    const succeeded = ofType(faulted, 'payment').filter((p) => p.outcome === 'SUCCEEDED').map((p) => p.paymentId);
    expect(succeeded.every((id) => refs.includes(id))).toBe(true);
    expect(ofType(faulted, 'payment').every((p) => p.unsafeRetries === 0)).toBe(true);
  });

  test('payments, idempotency off ⇒ duplicate charges (retries and blind failover charge again)', async () => {
    const { faulted, baseline } = await runDrill(paymentDrill(false));
    const dups = duplicates(faulted, 'create_payment');
    expect(dups.length).toBeGreaterThan(5);
    expect(dups.every((x) => x.idempotencyKey === undefined)).toBe(true);
    expect(ofType(faulted, 'payment').some((p) => p.unsafeRetries > 0)).toBe(true);
    // The baseline has no faults: no duplicates there.
    expect(duplicates(baseline, 'create_payment')).toEqual([]);
  });

  const orderDrill = (idempotency: boolean) => compileYaml(drill({
    integration: `  idempotency: ${idempotency}\n  retries: { max: 2, base_delay: 100ms, max_delay: 1s }\n  failover: { liquidity_provider: [lp_a] }\n`,
    workload: TRADES,
    faults: '  - { id: lost, kind: partial, target: lp_a, at: 5m, for: 10m, lost_as: timeout, probability: 0.5 }',
    hedging: HEDGING,
  }));

  test('LP orders, idempotency on ⇒ no order executes twice (client order id dedup + status query)', async () => {
    const { faulted } = await runDrill(orderDrill(true));
    const lost = ofType(faulted, 'attempt').filter((a) => a.outcome === 'lost' && a.op === 'place_order');
    expect(lost.length).toBeGreaterThan(5);
    expect(duplicates(faulted, 'place_order')).toEqual([]);
    const refs = executions(faulted, 'place_order').map((x) => x.reference);
    expect(new Set(refs).size).toBe(refs.length);
    expect(ofType(faulted, 'order').filter((o) => o.outcome === 'FILLED').length).toBeGreaterThan(10);
  });

  test('LP orders, idempotency off ⇒ duplicate executions, each with its own client order id', async () => {
    const { faulted, baseline } = await runDrill(orderDrill(false));
    const dups = duplicates(faulted, 'place_order');
    expect(dups.length).toBeGreaterThan(2);
    for (const d of dups) {
      const first = executions(faulted, 'place_order').find((x) => x.reference === d.reference && x.occurrence === 1)!;
      expect(d.clientOrderId).not.toBe(first.clientOrderId);
    }
    expect(duplicates(baseline, 'place_order')).toEqual([]);
  });
});

describe('failover', () => {
  test('503 on the primary gateway ⇒ charges go to the second listed gateway; nothing executes at the primary', async () => {
    const scenario = compileYaml(drill({
      integration: '  retries: { max: 1, base_delay: 100ms, max_delay: 1s }\n  failover: { payment_gateway: [stripe, paypal] }\n',
      workload: PAYMENTS,
      faults: '  - { id: storm, kind: error, target: stripe, at: 5m, for: 10m, status: 503 }',
    }));
    const { faulted } = await runDrill(scenario);
    const inWindow = (t: number) => t >= START + 5 * MIN && t < START + 15 * MIN;
    const windowPayments = ofType(faulted, 'payment').filter((p) => inWindow(p.t));
    expect(windowPayments.length).toBeGreaterThan(50);
    // A payment decided in the window started in it (it takes well under a minute): all at PayPal.
    const startedInWindow = windowPayments.filter((p) => inWindow(p.t - 30_000));
    expect(startedInWindow.every((p) => p.outcome === 'SUCCEEDED' && p.provider === 'paypal')).toBe(true);
    expect(executions(faulted, 'create_payment').filter((x) => x.provider === 'stripe' && inWindow(x.t))).toEqual([]);
    const failovers = ofType(faulted, 'failover');
    expect(failovers[0]).toMatchObject({ role: 'payment_gateway', from: 'stripe', to: 'paypal', reason: 'automatic' });
    expect(failovers[0]!.t).toBeGreaterThanOrEqual(START + 5 * MIN);
    // Back to the primary once it recovers.
    expect(failovers.some((f) => f.from === 'paypal' && f.to === 'stripe' && f.t >= START + 15 * MIN)).toBe(true);
  });

  const manualDrill = () => compileYaml(drill({
    integration: '  retries: { max: 1, base_delay: 100ms, max_delay: 1s }\n  circuit_breaker: { failure_threshold: 3, cooldown: 30s }\n  failover: { liquidity_provider: [lp_a] }\n',
    workload: TRADES,
    faults: '  - { id: dark, kind: outage, target: lp_a, at: 5m, for: 20m }',
    monitoring: '  probe_interval: 30s\n  failures_to_alert: 3\n  time_to_acknowledge: 3m\n  manual_failover_after: 4m\n',
    hedging: HEDGING,
  }));

  test('an unlisted (manual-only) backup is reached only after alert + acknowledgement + manual_failover_after', async () => {
    const { faulted } = await runDrill(manualDrill());
    const fired = ofType(faulted, 'alert.fired').find((a) => a.provider === 'lp_a')!;
    const acked = ofType(faulted, 'alert.acknowledged').find((a) => a.alertId === fired.alertId)!;
    expect(fired.t).toBeGreaterThanOrEqual(START + 5 * MIN);
    expect(acked.t).toBe(fired.t + 3 * MIN);
    const manual = ofType(faulted, 'failover').filter((f) => f.role === 'liquidity_provider' && f.reason === 'manual');
    expect(manual).toHaveLength(1);
    expect(manual[0]).toMatchObject({ from: 'lp_a', to: 'lp_b' });
    expect(manual[0]!.t).toBe(acked.t + 4 * MIN);
    // No order (or order status) reached lp_b before the operators moved the role; probes may.
    const toBackup = ofType(faulted, 'attempt').filter((a) => a.provider === 'lp_b' && a.op !== 'probe');
    expect(toBackup.length).toBeGreaterThan(0);
    expect(toBackup.every((a) => a.t >= manual[0]!.t)).toBe(true);
    expect(executions(faulted, 'place_order').some((x) => x.provider === 'lp_b')).toBe(true);
    // Orders during the outage before the manual failover were refused, not sent elsewhere.
    const early = ofType(faulted, 'order').filter((o) => o.t > START + 6 * MIN && o.t < manual[0]!.t);
    expect(early.length).toBeGreaterThan(0);
    expect(early.every((o) => o.outcome === 'REJECTED')).toBe(true);
  });

  test('without manual_failover_after, the manual-only backup is never used', async () => {
    const s = manualDrill();
    const scenario = { ...s, monitoring: { ...s.monitoring, manualFailoverAfterMs: undefined } };
    const { faulted } = await runDrill(scenario);
    expect(ofType(faulted, 'attempt').filter((a) => a.provider === 'lp_b' && a.op !== 'probe')).toEqual([]);
    expect(ofType(faulted, 'failover').filter((f) => f.role === 'liquidity_provider')).toEqual([]);
  });
});

describe('retries', () => {
  const rateLimited = (maxDelay: string, respect = true) => compileYaml(drill({
    integration: `  retries: { max: 2, base_delay: 100ms, max_delay: ${maxDelay}, jitter: full, respect_retry_after: ${respect} }\n  failover: { liquidity_provider: [lp_a] }\n`,
    workload: TRADES,
    faults: '  - { id: limit, kind: error, target: lp_a, at: 5m, for: 10m, status: 429, retry_after: 20s }',
    hedging: HEDGING,
  }));
  /** Waits between an answer and the next attempt of the same order, in the fault window. */
  const gaps = (events: RunEvent[]): number[] => {
    const byRequest = new Map<string, { sent: number; answered: number }[]>();
    for (const a of ofType(events, 'attempt').filter((x) => x.op === 'place_order' && x.t > START + 5 * MIN && x.t < START + 14 * MIN)) {
      const list = byRequest.get(a.requestId) ?? [];
      list.push({ sent: a.t - a.latencyMs, answered: a.t });
      byRequest.set(a.requestId, list);
    }
    return [...byRequest.values()].flatMap((l) => l.slice(1).map((x, i) => x.sent - l[i]!.answered));
  };

  test('429 Retry-After is honoured over our own (shorter) backoff', async () => {
    const g = gaps((await runDrill(rateLimited('8s'))).faulted);
    expect(g.length).toBeGreaterThan(10);
    expect(new Set(g)).toEqual(new Set([20_000]));
  });

  test('…but capped at 4 × max_delay', async () => {
    const g = gaps((await runDrill(rateLimited('2s'))).faulted);
    expect(g.length).toBeGreaterThan(10);
    expect(new Set(g)).toEqual(new Set([8000]));
  });

  test('…and ignored when respect_retry_after is off (full jitter within the exponential schedule)', async () => {
    const g = gaps((await runDrill(rateLimited('8s', false))).faulted);
    expect(g.length).toBeGreaterThan(10);
    expect(Math.max(...g)).toBeLessThanOrEqual(200);
  });
});

describe('price validation', () => {
  const staleDrill = (validation: string) => compileYaml(drill({
    integration: `  failover: { price_feed: [feed_a] }\n${validation}`,
    workload: `  trades: { rate_per_minute: 30, size: { distribution: fixed, median: "0.01" } }`,
    faults: '  - { id: frozen, kind: stale, target: feed_a, at: 5m, for: 10m, timestamps: frozen }',
  }));
  const FAULT_START = START + 5 * MIN;
  const FAULT_END = START + 15 * MIN;

  test('max_price_age set ⇒ the frozen price is rejected once too old, and client trades are not filled off it', async () => {
    const { faulted } = await runDrill(staleDrill('  validation: { max_price_age: 30s }\n'));
    const rejected = ofType(faulted, 'price.rejected').filter((r) => r.provider === 'feed_a');
    expect(rejected.length).toBeGreaterThan(50);
    expect(rejected.every((r) => r.reason.startsWith('stale') && r.priceTs === FAULT_START)).toBe(true);
    // No fill priced off a quote older than 30 s.
    for (const tr of ofType(faulted, 'trade').filter((x) => x.outcome === 'FILLED')) {
      expect(tr.t - tr.priceUsedTs!).toBeLessThanOrEqual(30_000);
    }
    const rejectedTrades = ofType(faulted, 'trade').filter((x) => x.outcome === 'REJECTED' && x.t > FAULT_START + MIN && x.t < FAULT_END);
    expect(rejectedTrades.length).toBeGreaterThan(100);
  });

  test('no max_price_age ⇒ the frozen price is accepted and trades fill off it (stale fills)', async () => {
    const { faulted } = await runDrill(staleDrill(''));
    expect(ofType(faulted, 'price.rejected')).toEqual([]);
    const staleFills = ofType(faulted, 'trade').filter((x) => x.outcome === 'FILLED' && x.priceUsedTs === FAULT_START && x.t > FAULT_START + MIN);
    expect(staleFills.length).toBeGreaterThan(100);
    // The price used is the frozen one while the reference mid has moved on.
    expect(staleFills.some((x) => !dec(x.priceUsed!).eq(dec(x.refMid)))).toBe(true);
    expect(new Set(staleFills.map((x) => x.priceUsed)).size).toBe(1);
  });

  test('price band: a ×10 price is rejected and the same poll moves on to the next feed', async () => {
    const scenario = compileYaml(drill({
      integration: '  failover: { price_feed: [feed_a, feed_b] }\n  validation: { price_band_pct: 5 }\n',
      workload: `  trades: { rate_per_minute: 30, size: { distribution: fixed, median: "0.01" } }`,
      faults: '  - { id: shift, kind: corrupt, target: feed_a, at: 5m, for: 10m, mode: decimal_shift, shift: 1 }',
    }));
    const { faulted } = await runDrill(scenario);
    const rejected = ofType(faulted, 'price.rejected');
    expect(rejected.length).toBeGreaterThan(50);
    expect(rejected.every((r) => r.provider === 'feed_a' && r.reason.includes('band'))).toBe(true);
    // Nothing accepted was more than 5 % away from the true mid.
    for (const a of ofType(faulted, 'price.accepted')) {
      expect(dec(a.price).div(dec(a.refMid)).minus(1).abs().lte(dec('0.05'))).toBe(true);
    }
    // Each rejection is followed, at once, by an accepted price from feed_b.
    const accepted = ofType(faulted, 'price.accepted');
    for (const r of rejected) {
      const next = accepted.find((a) => a.seq > r.seq)!;
      expect(next.provider).toBe('feed_b');
      expect(next.t - r.t).toBeLessThan(1000);
    }
    expect(ofType(faulted, 'trade').filter((x) => x.outcome === 'REJECTED')).toEqual([]);
  });
});
