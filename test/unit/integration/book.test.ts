import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { dec, plain } from '../../../src/finance/decimal.js';
import { PositionBook } from '../../../src/integration/book.js';

const decimalText = fc.tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.integer({ min: 0, max: 20 }))
  .map(([neg, digits, scale]) => {
    const s = digits.toString().padStart(scale + 1, '0');
    const text = scale === 0 ? s : `${s.slice(0, -scale)}.${s.slice(-scale)}`;
    return neg ? `-${text}` : text;
  });

describe('PositionBook', () => {
  test('applyOpposite(q) is apply(q.neg()), to the digit', () => {
    fc.assert(fc.property(decimalText, fc.array(decimalText, { maxLength: 6 }), (start, qtys) => {
      const a = new PositionBook({ X: start });
      const b = new PositionBook({ X: start });
      for (const q of qtys) {
        a.apply('X', dec(q).neg());
        b.applyOpposite('X', dec(q));
      }
      expect(plain(b.position('X'))).toBe(plain(a.position('X')));
      expect(b.snapshot()).toEqual(a.snapshot());
    }), { numRuns: 300 });
  });
});

describe('client fee products (ReferenceGateway.handleTrade)', () => {
  test('(price × rate) × qty is (price × qty) × rate when the three have ≤ 50 significant digits', () => {
    fc.assert(fc.property(decimalText, decimalText, decimalText, (p, q, r) => {
      const [price, qty, rate] = [dec(p), dec(q), dec(r)];
      fc.pre(price.sd(true) + rate.sd(true) + qty.sd(true) <= 50);
      expect(plain(price.times(rate).times(qty))).toBe(plain(price.times(qty).times(rate)));
    }), { numRuns: 500 });
  });
});
