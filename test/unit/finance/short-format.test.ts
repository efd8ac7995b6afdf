import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decimalText } from '../../helpers/decimal-text.js';
import { dec, fixed, plain, quotientFixed } from '../../../src/finance/decimal.js';
import { plainShort, ShortDec } from '../../../src/finance/short-dec.js';
import { fixedShort, quotientFixedShort } from '../../../src/finance/short-format.js';

// fixedShort and quotientFixedShort must print exactly what fixed / quotientFixed print for the
// same Dec: the integer route for short values, the Dec route for the rest. Values run from short
// to 40 digits, with ties at the printed place made likely (scales just past dp, mantissas ending 5).
const tie = fc.tuple(fc.integer({ min: -99_999, max: 99_999 }), fc.integer({ min: 1, max: 6 })).map(([u, scale]) => {
  const units = BigInt(u) * 10n + 5n * (u < 0 ? -1n : 1n);
  const neg = units < 0n;
  const digits = (neg ? -units : units).toString().padStart(scale + 1, '0');
  return `${neg ? '-' : ''}${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
});
const anyText = fc.oneof(
  { weight: 5, arbitrary: decimalText(7, 8) },
  { weight: 2, arbitrary: decimalText(15, 12) },
  { weight: 2, arbitrary: tie },
  { weight: 1, arbitrary: decimalText(40, 30) },
  { weight: 1, arbitrary: fc.constantFrom('0', '-0', '-0.001', '0.005', '-0.005', '0.015', '9007199254740991', '-9007199254740991', '0.0000000000000001') },
);
const parsed = fc.tuple(anyText, fc.boolean()).map(([t, viaDec]) => ({ t, x: viaDec ? ShortDec.of(dec(t)) : ShortDec.parse(t) }));
const places = fc.integer({ min: 0, max: 10 });

describe('fixedShort', () => {
  it('prints what fixed(…, half_even) prints', () => {
    fc.assert(fc.property(parsed, places, ({ t, x }, dp) => {
      expect(fixedShort(x, dp)).toBe(fixed(dec(t), dp, 'half_even'));
    }), { numRuns: 30_000 });
  });

  it('rounds ties to even and keeps the sign of a negative value that rounds to zero, as decimal.js does', () => {
    expect(fixedShort(ShortDec.parse('0.125'), 2)).toBe('0.12');
    expect(fixedShort(ShortDec.parse('0.135'), 2)).toBe('0.14');
    expect(fixedShort(ShortDec.parse('-0.001'), 2)).toBe('-0.00');
    expect(fixedShort(ShortDec.parse('-0'), 2)).toBe('0.00');
    expect(fixedShort(ShortDec.parse('6235.1874'), 2)).toBe('6235.19');
  });
});

describe('quotientFixedShort', () => {
  it('prints what quotientFixed prints', () => {
    fc.assert(fc.property(parsed, parsed, fc.integer({ min: 0, max: 6 }), ({ t: nt, x: n }, { t: dt, x: d }, dp) => {
      fc.pre(!dec(dt).isZero());
      expect(quotientFixedShort(n, d, dp)).toBe(quotientFixed(dec(nt), dec(dt), dp));
    }), { numRuns: 30_000 });
  });

  it('on products as events.csv forms them (P&L × 10000 over mid × qty), ties included', () => {
    fc.assert(fc.property(decimalText(8, 2), decimalText(6, 4), decimalText(5, 2), (midT, qtyT, edgeT) => {
      fc.pre(!dec(midT).isZero() && !dec(qtyT).isZero());
      const n = ShortDec.parse(edgeT).times(ShortDec.parse(qtyT)).times(ShortDec.parse('10000'));
      const d = ShortDec.parse(midT).times(ShortDec.parse(qtyT));
      expect(quotientFixedShort(n, d, 2)).toBe(quotientFixed(n.toDec(), d.toDec(), 2));
    }), { numRuns: 20_000 });
    expect(quotientFixedShort(ShortDec.parse('1.25'), ShortDec.parse('100'), 3)).toBe('0.012');
    expect(quotientFixedShort(ShortDec.parse('1.35'), ShortDec.parse('100'), 3)).toBe('0.014');
    expect(quotientFixedShort(ShortDec.parse('-1'), ShortDec.parse('100000'), 2)).toBe('-0.00');
  });
});

describe('plainShort', () => {
  it('prints what plain (toFixed with no places) prints', () => {
    fc.assert(fc.property(parsed, ({ t, x }) => {
      expect(plainShort(x)).toBe(plain(dec(t)));
    }), { numRuns: 30_000 });
    expect(plainShort(ShortDec.fromParts(150, 2))).toBe('1.5');
    expect(plainShort(ShortDec.fromParts(-100, 2))).toBe('-1');
    expect(plainShort(ShortDec.fromParts(5, 3))).toBe('0.005');
    expect(plainShort(ShortDec.parse('-0.000'))).toBe('0');
  });
});
