import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dec, fixed, quotientFixed } from '../../../src/finance/decimal.js';

// quotientFixed divides at 20 digits unless a tie (or a huge quotient) needs the 50-digit
// division: its text must be fixed(n.div(d), dp) for every operand.
const decText = fc.tuple(fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }), fc.integer({ min: 0, max: 18 }))
  .map(([units, scale]) => {
    const neg = units < 0n;
    const digits = (neg ? -units : units).toString().padStart(scale + 1, '0');
    const text = scale === 0 ? digits : `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
    return `${neg ? '-' : ''}${text}`;
  });

describe('quotientFixed', () => {
  it('is fixed(n / d) half-even for any operands', () => {
    fc.assert(fc.property(decText, decText, fc.integer({ min: 0, max: 8 }), (a, b, dp) => {
      const n = dec(a);
      const d = dec(b);
      fc.pre(!d.isZero());
      expect(quotientFixed(n, d, dp)).toBe(fixed(n.div(d), dp, 'half_even'));
    }), { numRuns: 20_000 });
  });

  it('is fixed(n / d) on ties, exact quotients and huge quotients', () => {
    const cases: [string, string, number][] = [
      ['1', '8', 2], ['-1', '8', 2], ['3', '8', 2], ['1', '400', 2], ['5', '1000', 2], ['-25', '10000', 3], ['1', '3', 2], ['2', '3', 2],
      ['123456789012345678901234567890', '7', 2], ['1e30', '3', 2], ['10000.125', '1', 2], ['0.015', '1', 2], ['0.025', '1', 2],
      ['100000000000000005', '1000', 2], ['1', '0.00000000000000000001', 2],
    ];
    for (const [a, b, dp] of cases) expect(quotientFixed(dec(a), dec(b), dp)).toBe(fixed(dec(a).div(dec(b)), dp, 'half_even'));
  });

  it('is fixed(n / d) for a zero divisor', () => {
    expect(quotientFixed(dec('1'), dec('0'), 2)).toBe(fixed(dec('1').div(dec('0')), 2, 'half_even'));
  });
});
