import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { createRng, type Rng } from '../../../src/engine/rng.js';

const draws = (rng: Rng, n: number): number[] => Array.from({ length: n }, () => rng.next());

describe('createRng: named streams', () => {
  test('same seed and path ⇒ the same numbers', () => {
    fc.assert(fc.property(fc.nat(), fc.array(fc.string({ minLength: 1, maxLength: 8 }), { maxLength: 4 }), (seed, path) => {
      const a = path.reduce((r, k) => r.fork(k), createRng(seed));
      const b = path.reduce((r, k) => r.fork(k), createRng(seed));
      expect(a.path).toBe(b.path);
      expect(draws(a, 20)).toEqual(draws(b, 20));
    }), { numRuns: 50 });
  });

  test('different seeds or different keys ⇒ different numbers', () => {
    expect(draws(createRng(1), 5)).not.toEqual(draws(createRng(2), 5));
    expect(draws(createRng(1).fork('market'), 5)).not.toEqual(draws(createRng(1).fork('workload'), 5));
    expect(draws(createRng(1).fork('market'), 5)).not.toEqual(draws(createRng(1), 5));
  });

  test('a fork does not depend on what was drawn from its parent or its siblings', () => {
    const fresh = draws(createRng(42).fork('faults').fork('order-17'), 10);
    const root = createRng(42);
    draws(root, 1000);
    const faults = root.fork('faults');
    draws(faults, 37);
    draws(faults.fork('order-16'), 99);
    faults.normal();
    expect(draws(faults.fork('order-17'), 10)).toEqual(fresh);
  });

  test('drawing from a fork does not move its parent', () => {
    const a = createRng(9);
    const b = createRng(9);
    draws(a.fork('x'), 500);
    expect(draws(a, 10)).toEqual(draws(b, 10));
  });

  test('streams are sfc32 seeded by cyrb128 of the whole path (forks hash incrementally, same draws)', () => {
    // The original, string-building derivation: the seed of a stream is cyrb128(path).
    const reference = (path: string): number[] => {
      let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
      for (let i = 0; i < path.length; i++) {
        const k = path.charCodeAt(i);
        h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
        h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
        h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
        h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
      }
      h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
      h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
      h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
      h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
      h1 ^= h2 ^ h3 ^ h4;
      h2 ^= h1;
      h3 ^= h1;
      h4 ^= h1;
      let a = h1 >>> 0, b = h2 >>> 0, c = h3 >>> 0, d = h4 >>> 0;
      const out: number[] = [];
      for (let i = 0; i < 17; i++) {
        a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
        let t = (a + b) | 0;
        a = b ^ (b >>> 9);
        b = (c + (c << 3)) | 0;
        c = (c << 21) | (c >>> 11);
        d = (d + 1) | 0;
        t = (t + d) | 0;
        c = (c + t) | 0;
        if (i >= 12) out.push((t >>> 0) / 4294967296);
      }
      return out;
    };
    fc.assert(fc.property(fc.oneof(fc.nat(), fc.string()), fc.array(fc.tuple(fc.string({ maxLength: 10 }), fc.option(fc.nat(), { nil: undefined })), { maxLength: 4 }), (seed, steps) => {
      let rng = createRng(seed);
      let path = String(seed);
      for (const [key, n] of steps) {
        rng = n === undefined ? rng.fork(key) : rng.fork(key, n);
        path = n === undefined ? `${path}/${key}` : `${path}/${key}:${n}`;
      }
      expect(rng.path).toBe(path);
      expect(draws(rng, 5)).toEqual(reference(path));
    }), { numRuns: 200 });
    expect(draws(createRng(7).fork('run').fork('transport').fork('P000001', 2), 5)).toEqual(draws(createRng(7).fork('run').fork('transport').fork('P000001:2'), 5));
  });

  test('path names the stream for the journal', () => {
    expect(createRng(42).fork('faults').fork('order-17').path).toBe('42/faults/order-17');
  });

  test('next() is in [0, 1) and roughly uniform (10-bin chi-square)', () => {
    const r = createRng('uniform');
    const bins = new Array<number>(10).fill(0);
    const n = 100_000;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const x = r.next();
      if (!(x >= 0 && x < 1)) outside += 1;
      else bins[Math.floor(x * 10)]! += 1;
    }
    expect(outside).toBe(0);
    const expected = n / 10;
    const chi2 = bins.reduce((s, o) => s + (o - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(27.9); // 9 dof, p = 0.001
  });

  test('int(n) covers [0, n) and rejects non-positive or non-integer bounds', () => {
    const r = createRng(3);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(r.int(7));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(() => r.int(0)).toThrow(RangeError);
    expect(() => r.int(-1)).toThrow(RangeError);
    expect(() => r.int(2.5)).toThrow(RangeError);
  });
});

describe('chance', () => {
  test('p = 0 never, p = 1 always, out-of-range p clamps; none of them consume a draw', () => {
    const r = createRng(5);
    const control = createRng(5);
    for (let i = 0; i < 1000; i++) {
      expect(r.chance(0)).toBe(false);
      expect(r.chance(1)).toBe(true);
      expect(r.chance(-0.5)).toBe(false);
      expect(r.chance(1.5)).toBe(true);
    }
    expect(draws(r, 5)).toEqual(draws(control, 5));
  });

  test('tiny and near-one probabilities behave', () => {
    const r = createRng(6);
    let tiny = 0;
    let nearOne = 0;
    for (let i = 0; i < 10_000; i++) {
      if (r.chance(1e-9)) tiny += 1;
      if (r.chance(1 - 1e-9)) nearOne += 1;
    }
    expect(tiny).toBe(0);
    expect(nearOne).toBe(10_000);
  });

  test('frequency matches p on a large sample', () => {
    const r = createRng(7);
    const n = 100_000;
    for (const p of [0.05, 0.3, 0.85]) {
      let hits = 0;
      for (let i = 0; i < n; i++) if (r.chance(p)) hits += 1;
      const se = Math.sqrt((p * (1 - p)) / n);
      expect(Math.abs(hits / n - p)).toBeLessThan(5 * se);
    }
  });
});

describe('normal', () => {
  test('mean ≈ 0, variance ≈ 1, 95 % inside ±1.96 on 200k draws', () => {
    const r = createRng('normal');
    const n = 200_000;
    let sum = 0;
    let sumSq = 0;
    let inside = 0;
    let nonFinite = 0;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      if (!Number.isFinite(z)) nonFinite += 1;
      sum += z;
      sumSq += z * z;
      if (Math.abs(z) < 1.959964) inside += 1;
    }
    expect(nonFinite).toBe(0);
    const mean = sum / n;
    const variance = sumSq / n - mean * mean;
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n)); // 5 standard errors
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    expect(Math.abs(inside / n - 0.95)).toBeLessThan(5 * Math.sqrt((0.95 * 0.05) / n));
  });

  test('consecutive draws (the Box–Muller pair) are uncorrelated', () => {
    const r = createRng('pairs');
    const n = 100_000;
    let sxy = 0;
    for (let i = 0; i < n; i++) sxy += r.normal() * r.normal();
    expect(Math.abs(sxy / n)).toBeLessThan(5 / Math.sqrt(n));
  });

  test('is reproducible across streams with the same path', () => {
    const a = createRng(11).fork('market');
    const b = createRng(11).fork('market');
    expect(Array.from({ length: 9 }, () => a.normal())).toEqual(Array.from({ length: 9 }, () => b.normal()));
  });
});
