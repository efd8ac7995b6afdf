import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Dec, fixed, roundTo } from '../../../src/finance/decimal.js';
import { compareItemVsAggregateRounding, computeTolerance, roundHalfEven, roundHalfUp, withinTolerance } from '../../../src/finance/rounding.js';

describe('half-even vs half-up (finance-reference.md §1.1.5)', () => {
  it.each([
    ['0.125', '0.12', '0.13'],
    ['-0.125', '-0.12', '-0.13'],
    ['0.135', '0.14', '0.14'],
    ['2.675', '2.68', '2.68'],
    ['1.005', '1.00', '1.01'],
  ])('%s → half-even %s, half-up %s', (x, even, up) => {
    expect(fixed(roundHalfEven(x, 2), 2)).toBe(even);
    expect(fixed(roundHalfUp(x, 2), 2)).toBe(up);
  });
});

describe('per-item vs aggregate rounding (§1.1.6)', () => {
  it('12 × AUD 249.95 at 1.7% + 0.30: 54.60 per charge, 54.59 aggregate, residual 0.01', () => {
    const raw = Array.from({ length: 12 }, () => new Dec('249.95').times('0.017').plus('0.30'));
    const r = compareItemVsAggregateRounding(raw, 2);
    expect(fixed(r.perItem[0]!, 2)).toBe('4.55');
    expect(fixed(r.perItemTotal, 2)).toBe('54.60');
    expect(fixed(r.aggregateTotal, 2)).toBe('54.59');
    expect(fixed(r.residual, 2)).toBe('0.01');
    expect(r.rawTotal.toFixed()).toBe('54.5898');
  });

  it('property: |residual| ≤ n × ½ minor unit for any items and round-to-nearest mode', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), { minLength: 1, maxLength: 50 }),
        fc.constantFrom('half_even' as const, 'half_up' as const),
        (ints, mode) => {
          const items = ints.map((i) => new Dec(i.toString()).div(10_000)); // 4 dp raw amounts
          const r = compareItemVsAggregateRounding(items, 2, mode);
          expect(r.residual.abs().lte(computeTolerance(2, items.length))).toBe(true);
          expect(withinTolerance(r.perItemTotal, r.aggregateTotal, 2, items.length)).toBe(true);
        },
      ),
    );
  });
});

describe('reconciliation tolerance (§1.1.7)', () => {
  it.each([
    ['100.00', '100.005', 2, 1, true],
    ['100.00', '100.0051', 2, 1, false],
    ['54.60', '54.59', 2, 1, false],
    ['54.60', '54.59', 2, 2, true],
    ['1000', '1001', 0, 2, true],
    ['1000', '1001.01', 0, 2, false],
  ] as const)('withinTolerance(%s, %s, dp=%i, n=%i) = %s', (a, b, dp, n, ok) => {
    expect(withinTolerance(a, b, dp, n)).toBe(ok);
  });

  it('tolerance figures', () => {
    expect(computeTolerance(2).toFixed()).toBe('0.005');
    expect(computeTolerance(2, 12).toFixed()).toBe('0.06');
    expect(() => computeTolerance(-1)).toThrow(RangeError);
  });

  it('configured Dec rounds ties to even by default', () => {
    expect(roundTo(new Dec('0.125'), 2).toFixed()).toBe('0.12');
  });
});
