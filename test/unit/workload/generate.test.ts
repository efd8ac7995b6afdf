import { describe, expect, test } from 'vitest';
import { createRng } from '../../../src/engine/rng.js';
import { FaultlineError } from '../../../src/errors.js';
import { Dec } from '../../../src/finance/decimal.js';
import type { PaymentWorkloadModel, TradeWorkloadModel, WorkloadModel } from '../../../src/scenario/model.js';
import { compareItems, generateWorkload, resolveSegments, type PaymentItem, type TradeItem } from '../../../src/workload/index.js';
import { HOUR, START, market } from '../market/models.js';
import { withCpuTime } from '../../helpers/cpu-time.js';

const MINUTE = 60_000;

function trades(overrides: Partial<TradeWorkloadModel> = {}): TradeWorkloadModel {
  return {
    ratePerMinute: 100,
    profile: [],
    size: { distribution: 'lognormal', median: '0.05', sigma: 0.8 },
    instruments: [],
    buyRatio: 0.5,
    clients: { count: 200, tiers: [{ name: 'retail', weight: 0.85 }, { name: 'vip', weight: 0.15 }] },
    ...overrides,
  };
}

function payments(overrides: Partial<PaymentWorkloadModel> = {}): PaymentWorkloadModel {
  return { ratePerMinute: 50, profile: [], amount: { distribution: 'lognormal', median: '120', sigma: 0.9 }, currency: 'AUD', internationalRatio: 0.1, customers: 1000, ...overrides };
}

const run = (workload: WorkloadModel, seed = 42, hours = 2) => generateWorkload(workload, market(), START, START + hours * HOUR, createRng(seed).fork('workload'));
const tradesOf = (items: ReturnType<typeof run>) => items.filter((i): i is TradeItem => i.kind === 'trade');
const paymentsOf = (items: ReturnType<typeof run>) => items.filter((i): i is PaymentItem => i.kind === 'payment');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('generateWorkload: determinism', () => {
  test('same seed ⇒ identical items; another seed ⇒ different items', () => {
    const w = { trades: trades(), payments: payments() };
    expect(run(w, 42)).toEqual(run(w, 42));
    expect(run(w, 43)).not.toEqual(run(w, 42));
  });

  test('adding payments does not change the trades, and vice versa', () => {
    const onlyTrades = run({ trades: trades() });
    const both = run({ trades: trades(), payments: payments() });
    const onlyPayments = run({ payments: payments() });
    expect(tradesOf(both)).toEqual(onlyTrades);
    expect(paymentsOf(both)).toEqual(onlyPayments);
  });

  test('changing one field’s distribution leaves the others where they were', () => {
    const base = tradesOf(run({ trades: trades() }));
    const moreBuys = tradesOf(run({ trades: trades({ buyRatio: 0.9 }) }));
    expect(moreBuys.map((t) => [t.t, t.qty, t.instrument, t.clientId])).toEqual(base.map((t) => [t.t, t.qty, t.instrument, t.clientId]));
    expect(moreBuys.map((t) => t.side)).not.toEqual(base.map((t) => t.side));
  });

  test('items are sorted by time then id, with sequential ids per kind', () => {
    const items = run({ trades: trades({ ratePerMinute: 2000 }), payments: payments({ ratePerMinute: 2000 }) }, 1, 0.25);
    expect([...items].sort(compareItems)).toEqual(items);
    const ids = (kind: string) => items.filter((i) => i.kind === kind).map((i) => i.id);
    expect(ids('trade').slice(0, 3)).toEqual(['T000001', 'T000002', 'T000003']);
    expect(ids('payment').at(-1)).toBe(`P${String(ids('payment').length).padStart(6, '0')}`);
    expect(items.every((i) => Number.isInteger(i.t) && i.t >= START && i.t < START + HOUR / 4)).toBe(true);
  });
});

describe('generateWorkload: arrivals', () => {
  test('Poisson count over 2 h at 100/min is 12,000 ± 4 % and gaps are exponential (CV ≈ 1)', () => {
    const items = run({ trades: trades() }, 9);
    expect(items.length).toBeGreaterThan(12_000 * 0.96);
    expect(items.length).toBeLessThan(12_000 * 1.04);
    const gaps = items.slice(1).map((x, k) => x.t - items[k]!.t);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length);
    expect(mean).toBeGreaterThan(600 * 0.96);
    expect(mean).toBeLessThan(600 * 1.04);
    expect(sd / mean).toBeGreaterThan(0.95);
    expect(sd / mean).toBeLessThan(1.05);
  });

  test('the intraday profile multiplies the rate piecewise; a zero multiplier silences its segment', () => {
    const profile = [{ fromMs: 0, multiplier: 1 }, { fromMs: 40 * MINUTE, multiplier: 0 }, { fromMs: 80 * MINUTE, multiplier: 3 }];
    const items = run({ trades: trades({ profile }) }, 5);
    const count = (from: number, to: number) => items.filter((i) => i.t >= START + from * MINUTE && i.t < START + to * MINUTE).length;
    expect(count(40, 80)).toBe(0);
    expect(count(80, 120) / count(0, 40)).toBeGreaterThan(2.7);
    expect(count(80, 120) / count(0, 40)).toBeLessThan(3.3);
  });

  test('resolveSegments: multiplier 1 before the first profile point, clipped to the drill', () => {
    expect(resolveSegments(10, [{ fromMs: 30, multiplier: 2 }, { fromMs: 500, multiplier: 5 }], 100)).toEqual([
      { fromMs: 0, toMs: 30, ratePerMinute: 10 },
      { fromMs: 30, toMs: 100, ratePerMinute: 20 },
    ]);
  });
});

describe('generateWorkload: trade fields', () => {
  const big = tradesOf(run({ trades: trades({ ratePerMinute: 1000, buyRatio: 0.3, instruments: [{ symbol: 'BTCAUD', weight: 3 }, { symbol: 'ETHAUD', weight: 1 }] }) }, 3));

  test('buy ratio and instrument weights hold on a large sample', () => {
    expect(big.length).toBeGreaterThan(100_000);
    const buys = big.filter((t) => t.side === 'buy').length / big.length;
    expect(Math.abs(buys - 0.3)).toBeLessThan(0.01);
    const btc = big.filter((t) => t.instrument === 'BTCAUD').length / big.length;
    expect(Math.abs(btc - 0.75)).toBeLessThan(0.01);
  });

  test('lognormal sizes have the configured median (±3 %)', () => {
    const m = median(big.filter((t) => t.instrument === 'BTCAUD').map((t) => Number(t.qty)));
    expect(m).toBeGreaterThan(0.05 * 0.97);
    expect(m).toBeLessThan(0.05 * 1.03);
  });

  test('every quantity is a positive whole number of lots, as an exact decimal string', () => {
    const lots = { BTCAUD: new Dec('0.00001'), ETHAUD: new Dec('0.0001') };
    for (const t of big.slice(0, 20_000)) {
      const qty = new Dec(t.qty);
      expect(qty.gt(0) && qty.mod(lots[t.instrument as keyof typeof lots]).isZero()).toBe(true);
      expect(t.qty).toBe(qty.toFixed());
    }
  });

  test('a draw below one lot is bumped to one lot, never zero', () => {
    const tiny = tradesOf(run({ trades: trades({ size: { distribution: 'lognormal', median: '0.0000001', sigma: 0.5 }, instruments: [{ symbol: 'BTCAUD', weight: 1 }] }) }, 2, 0.25));
    expect(new Set(tiny.map((t) => t.qty))).toEqual(new Set(['0.00001']));
  });

  test('min and max clip in whole lots that stay inside the bounds', () => {
    const clipped = tradesOf(run({ trades: trades({ size: { distribution: 'lognormal', median: '0.05', sigma: 2, min: '0.010005', max: '0.2' }, instruments: [{ symbol: 'ETHAUD', weight: 1 }] }) }, 2));
    const qtys = clipped.map((t) => new Dec(t.qty));
    expect(qtys.every((q) => q.gte('0.010005') && q.lte('0.2'))).toBe(true);
    expect(clipped.some((t) => t.qty === '0.0101')).toBe(true);
    expect(clipped.some((t) => t.qty === '0.2')).toBe(true);
  });

  test('fixed and uniform size distributions', () => {
    const fixed = tradesOf(run({ trades: trades({ size: { distribution: 'fixed', median: '0.3', sigma: 0 }, instruments: [{ symbol: 'ETHAUD', weight: 1 }] }) }, 1, 0.1));
    expect(new Set(fixed.map((t) => t.qty))).toEqual(new Set(['0.3']));
    const uniform = tradesOf(run({ trades: trades({ size: { distribution: 'uniform', median: '1', sigma: 0, min: '1', max: '2' }, instruments: [{ symbol: 'ETHAUD', weight: 1 }] }) }, 1));
    const xs = uniform.map((t) => Number(t.qty));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...xs)).toBeLessThanOrEqual(2);
    expect(Math.abs(median(xs) - 1.5)).toBeLessThan(0.03);
  });

  test('clients come from a seeded faker pool with tiers by weight', () => {
    const ids = new Set(big.map((t) => t.clientId));
    expect(ids.size).toBeLessThanOrEqual(200);
    expect(ids.size).toBeGreaterThan(190);
    expect([...ids].every((id) => /^CL-[0-9A-Z]{8}$/.test(id))).toBe(true);
    const byClient = new Map(big.map((t) => [t.clientId, t]));
    const vip = [...byClient.values()].filter((t) => t.tier === 'vip').length / byClient.size;
    expect(vip).toBeGreaterThan(0.07);
    expect(vip).toBeLessThan(0.25);
    expect([...byClient.values()].every((t) => /\S+ \S+/.test(t.clientName))).toBe(true);
    // Each client keeps one name and tier across all their trades.
    expect(big.every((t) => byClient.get(t.clientId)!.clientName === t.clientName && byClient.get(t.clientId)!.tier === t.tier)).toBe(true);
  });

  test('an instrument the market does not have is a user error', () => {
    expect(() => run({ trades: trades({ instruments: [{ symbol: 'DOGEAUD', weight: 1 }] }) })).toThrow(FaultlineError);
  });
});

describe('generateWorkload: payment fields', () => {
  const items = paymentsOf(run({ payments: payments({ ratePerMinute: 500 }) }, 8));

  test('amounts are whole cents, positive, with the configured median; currency and international share', () => {
    expect(items.every((p) => /^\d+(\.\d{1,2})?$/.test(p.amount) && Number(p.amount) > 0)).toBe(true);
    const m = median(items.map((p) => Number(p.amount)));
    expect(m).toBeGreaterThan(120 * 0.97);
    expect(m).toBeLessThan(120 * 1.03);
    expect(items.every((p) => p.currency === 'AUD')).toBe(true);
    const intl = items.filter((p) => p.international).length / items.length;
    expect(Math.abs(intl - 0.1)).toBeLessThan(0.01);
    expect(items.every((p) => /^cus_[0-9A-Za-z]{14}$/.test(p.customerId))).toBe(true);
    expect(new Set(items.map((p) => p.customerId)).size).toBeLessThanOrEqual(1000);
  });

  test('countries: a domestic payment runs within the firm\'s country; an international one comes from a payer abroad', () => {
    for (const p of items) {
      expect(p.destinationCountry).toBe('AU');
      expect(p.international).toBe(p.originCountry !== 'AU');
      expect(p.originCountry).toMatch(/^[A-Z]{2}$/);
    }
    expect(new Set(items.filter((p) => p.international).map((p) => p.originCountry)).size).toBeGreaterThan(3);
  });

  test('the firm\'s country moves no other draw: same times, amounts, customers and international flags', () => {
    const nz = paymentsOf(generateWorkload({ payments: payments({ ratePerMinute: 500 }) }, market(), START, START + 2 * HOUR, createRng(8).fork('workload'), 'NZ'));
    expect(nz.map((p) => [p.id, p.t, p.amount, p.customerId, p.international])).toEqual(items.map((p) => [p.id, p.t, p.amount, p.customerId, p.international]));
    expect(nz.every((p) => p.destinationCountry === 'NZ' && (p.international ? p.originCountry !== 'NZ' : p.originCountry === 'NZ'))).toBe(true);
  });

  test('zero-decimal currencies get whole units; a fixed amount is exact', () => {
    const jpy = paymentsOf(run({ payments: payments({ currency: 'JPY', amount: { distribution: 'lognormal', median: '15000', sigma: 0.5 } }) }, 1, 0.25));
    expect(jpy.every((p) => /^\d+$/.test(p.amount))).toBe(true);
    const fixed = paymentsOf(run({ payments: payments({ amount: { distribution: 'fixed', median: '249.95', sigma: 0 } }) }, 1, 0.25));
    expect(new Set(fixed.map((p) => p.amount))).toEqual(new Set(['249.95']));
  });
});

describe('generateWorkload: performance', () => {
  test('100,000 items in well under a second of CPU', () => {
    const w = { trades: trades({ ratePerMinute: 500 }), payments: payments({ ratePerMinute: 333 }) };
    run(w, 1, 0.1); // warm up the JIT
    // CPU time, not wall time: other work on a busy machine's cores must not fail this (helpers/cpu-time.ts).
    const { result: items, cpuMs } = withCpuTime(() => run(w, 2, 2));
    expect(items.length).toBeGreaterThan(95_000);
    expect(cpuMs).toBeLessThan(1000);
  });
});
