import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dec } from '../../../src/finance/decimal.js';
import { TickGridSeries } from '../../../src/market/series.js';

// A grid mid is tick × tick count; made from its digits when the product is a safe integer, it must
// be the Dec the product gives (value, sign, and the parser's digit words and exponent).
describe('TickGridSeries.midAt', () => {
  it('is tick × count, the same Dec, for short and long ticks and any count', () => {
    const tick = fc.oneof(fc.constantFrom('0.01', '0.0001', '1', '5', '0.5', '0.25', '100', '0.000000001', '0.3333333333333333333333', '12345678901234567890.5'), fc.tuple(fc.integer({ min: 1, max: 99_999 }), fc.integer({ min: 0, max: 12 })).map(([u, s]) => `${u}e-${s}`));
    const count = fc.oneof(fc.integer({ min: 0, max: 20_000_000 }), fc.constantFrom(0, 1, 2 ** 53 - 1, 2 ** 53, 2 ** 60, 9_007_199_254), fc.double({ min: 0, max: 1e7, noNaN: true }));
    fc.assert(fc.property(tick, fc.array(count, { minLength: 1, maxLength: 20 }), (t, counts) => {
      const d = dec(t);
      const series = new TickGridSeries(0, 1000, Float64Array.from(counts), d);
      counts.forEach((n, i) => {
        const got = series.midAt(i);
        const want = d.times(n);
        expect(got.toFixed()).toBe(want.toFixed());
        expect([got.isNegative(), got.e, [...got.d]]).toEqual([want.isNegative(), want.e, [...want.d]]);
        expect(series.midAt(i)).toBe(got);
      });
    }), { numRuns: 3000 });
  });
});
