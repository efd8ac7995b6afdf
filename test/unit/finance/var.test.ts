import { describe, expect, it } from 'vitest';
import { fixed } from '../../../src/finance/decimal.js';
import { computeNormalCdf, computeNormalQuantile, computeParametricVar, simulateMonteCarloVar } from '../../../src/finance/var.js';

/** mulberry32: a tiny seeded PRNG standing in for the engine's Rng port. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('normal distribution helpers', () => {
  it.each([
    ['0.95', '1.6448536270'],
    ['0.99', '2.3263478740'],
    ['0.975', '1.9599639845'],
    ['0.5', '0.0000000000'],
    ['0.001', '-3.0902323062'],
  ])('Φ⁻¹(%s) = %s', (p, z) => {
    expect(fixed(computeNormalQuantile(p), 10)).toBe(z);
  });

  it('Φ(1.96) = 0.9750021049', () => {
    expect(fixed(computeNormalCdf('1.96'), 10)).toBe('0.9750021049');
  });
});

describe('parametric VaR/ES (finance-reference.md §3.3, §8.1)', () => {
  it('§3.3: 2.326 × 0.03 × √(42/1440) × 689,520 ≈ AUD 8,217', () => {
    const v = computeParametricVar({ value: '689520', sigma: { daily: '0.03' }, horizonSeconds: 42 * 60, confidence: '0.99' });
    expect(v.zSource).toBe('printed');
    expect(v.z.toFixed()).toBe('2.326');
    expect(fixed(v.var, 0)).toBe('8217');
    expect(fixed(v.var, 2)).toBe('8217.15');
  });

  it('§3.3: ≈ AUD 7,885 with σ = 55%/yr annualised over √365', () => {
    const v = computeParametricVar({ value: '-689520', sigma: { annual: '0.55' }, horizonSeconds: 42 * 60, confidence: '0.99' });
    expect(fixed(v.sigmaDaily, 4)).toBe('0.0288');
    expect(fixed(v.var, 0)).toBe('7885');
  });

  it.each([
    [3_600, '9425'],
    [6 * 3_600, '23086'],
    [24 * 3_600, '46171'],
  ])('§4.3 GBM param VaR99 of 6.8 BTC at 101,400 over %i s = %s', (horizonSeconds, expected) => {
    const v = computeParametricVar({ value: '689520', sigma: { annual: 0.55 }, horizonSeconds, confidence: '0.99' });
    expect(fixed(v.var, 0)).toBe(expected);
  });

  it('ES = σ√τ φ(z)/(1 − α) |V|; exact z on request', () => {
    const printed = computeParametricVar({ value: '1000000', sigma: { daily: '0.01' }, horizonSeconds: 86_400, confidence: '0.99' });
    expect(fixed(printed.es, 2)).toBe('26673.72');
    const exact = computeParametricVar({ value: '1000000', sigma: { daily: '0.01' }, horizonSeconds: 86_400, confidence: '0.99', z: 'exact' });
    expect(exact.zSource).toBe('exact');
    expect(fixed(exact.var, 2)).toBe('23263.48');
    expect(fixed(exact.es, 2)).toBe('26652.14');
    const odd = computeParametricVar({ value: '100', sigma: { daily: '0.01' }, horizonSeconds: 86_400, confidence: '0.9' });
    expect(odd.zSource).toBe('exact');
  });
});

describe('Monte Carlo VaR/ES (finance-reference.md §4.3 rules, §8.3)', () => {
  const base = { qty: '-6.8', spot: '101400', paths: 200_000 } as const;

  it('GBM: MC VaR99 agrees with the closed form within 4 standard errors and 1%', () => {
    const mc = simulateMonteCarloVar({ ...base, rng: seeded(20250101), horizonSeconds: 3_600, model: { kind: 'gbm', sigmaAnnual: 0.55 } });
    const param = computeParametricVar({ value: '689520', sigma: { annual: 0.55 }, horizonSeconds: 3_600, confidence: '0.99', z: 'exact' });
    expect(mc.paths).toBe(200_000);
    expect(mc.batches).toBe(40);
    expect(mc.stderrVar99.gt(0)).toBe(true);
    const diff = mc.var99.minus(param.var).abs();
    expect(diff.lte(mc.stderrVar99.times(4))).toBe(true);
    expect(diff.div(param.var).lt('0.01')).toBe(true);
    const p95 = computeParametricVar({ value: '689520', sigma: { annual: 0.55 }, horizonSeconds: 3_600, confidence: '0.95', z: 'exact' });
    expect(mc.var95.minus(p95.var).abs().div(p95.var).lt('0.01')).toBe(true);
    expect(mc.es99.gt(mc.var99)).toBe(true);
    expect(mc.es95.gt(mc.var95)).toBe(true);
  });

  it('Merton jump-diffusion VaR99 ≥ GBM VaR99 (λ = 20/yr, μ_J = 0, σ_J = 6%, 6 h)', () => {
    const gbm = simulateMonteCarloVar({ ...base, rng: seeded(7), horizonSeconds: 6 * 3_600, model: { kind: 'gbm', sigmaAnnual: 0.55 } });
    const jd = simulateMonteCarloVar({ ...base, rng: seeded(7), horizonSeconds: 6 * 3_600, model: { kind: 'merton', sigmaAnnual: 0.55, lambdaAnnual: 20, jumpMu: 0, jumpSigma: 0.06 } });
    expect(jd.var99.gte(gbm.var99)).toBe(true);
    expect(jd.es99.gt(gbm.es99)).toBe(true);
  });

  it('sanity: Merton JD over 1 h lands near the §4.3 numpy table (within 3%, not exact: different PRNG)', () => {
    const jd = simulateMonteCarloVar({ ...base, rng: seeded(20250101), horizonSeconds: 3_600, model: { kind: 'merton', sigmaAnnual: 0.55, lambdaAnnual: 20, jumpMu: 0, jumpSigma: 0.06 } });
    const near = (x: { minus(y: string): { abs(): { div(z: string): { lt(w: string): boolean } } } }, ref: string) => x.minus(ref).abs().div(ref).lt('0.03');
    expect(near(jd.var95, '6734')).toBe(true);
    expect(near(jd.es95, '9083')).toBe(true);
    expect(near(jd.var99, '9629')).toBe(true);
    expect(near(jd.es99, '13980')).toBe(true);
  });

  it('is deterministic for a given seed and rejects a bad rng', () => {
    const a = simulateMonteCarloVar({ ...base, paths: 8_000, rng: seeded(1), horizonSeconds: 60, model: { kind: 'gbm', sigmaAnnual: 0.55 } });
    const b = simulateMonteCarloVar({ ...base, paths: 8_000, rng: seeded(1), horizonSeconds: 60, model: { kind: 'gbm', sigmaAnnual: 0.55 } });
    expect(a.var99.toFixed()).toBe(b.var99.toFixed());
    expect(() => simulateMonteCarloVar({ ...base, paths: 8_000, rng: () => 1, horizonSeconds: 60, model: { kind: 'gbm', sigmaAnnual: 0.55 } })).toThrow(/rng/);
    expect(() => simulateMonteCarloVar({ ...base, paths: 100, rng: seeded(1), horizonSeconds: 60, model: { kind: 'gbm', sigmaAnnual: 0.55 } })).toThrow(/paths/);
  });
});
