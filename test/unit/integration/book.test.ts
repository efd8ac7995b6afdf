import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { dec, plain, roundTo, type Dec } from '../../../src/finance/decimal.js';
import { plainShort, roundShort, ShortDec } from '../../../src/finance/short-dec.js';
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

describe('PositionBook on ShortDec', () => {
  test('positions are the Dec sums a Dec book would hold (value, sign of zero, snapshot text)', () => {
    const op = fc.tuple(fc.constantFrom('apply', 'applyOpposite', 'applyShort', 'applyOppositeShort'), fc.oneof(decimalText, fc.constantFrom('0', '-0', '0.0000')));
    fc.assert(fc.property(fc.option(fc.oneof(decimalText, fc.constantFrom('-0')), { nil: undefined }), fc.array(op, { maxLength: 12 }), (start, ops) => {
      const book = new PositionBook(start === undefined ? {} : { X: start });
      let want: Dec = start === undefined ? dec('0') : dec(start);
      for (const [name, q] of ops) {
        if (name === 'apply') book.apply('X', dec(q));
        else if (name === 'applyOpposite') book.applyOpposite('X', dec(q));
        else if (name === 'applyShort') book.applyShort('X', ShortDec.parse(q));
        else book.applyOppositeShort('X', ShortDec.parse(q));
        want = name === 'apply' || name === 'applyShort' ? want.plus(dec(q)) : want.minus(dec(q));
        const got = book.position('X');
        expect(plain(got)).toBe(plain(want));
        expect(got.isNegative()).toBe(want.isNegative());
      }
      if (start !== undefined || ops.length > 0) expect(book.snapshot()).toEqual({ X: plain(want) });
    }), { numRuns: 2000 });
  });
});

describe('client fee on ShortDec (ReferenceGateway.handleTrade)', () => {
  test('round((price × rate) × qty) on ShortDec is the Dec route\'s fee, to the journal text, when all three are short', () => {
    const short = fc.tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 2n ** 53n - 1n }), fc.integer({ min: 0, max: 12 })).map(([neg, digits, scale]) => {
      const s = digits.toString().padStart(scale + 1, '0');
      const text = scale === 0 ? s : `${s.slice(0, -scale)}.${s.slice(-scale)}`;
      return neg ? `-${text}` : text;
    });
    fc.assert(fc.property(short, short, short, (p, q, r) => {
      const [price, qty, rate] = [ShortDec.parse(p), ShortDec.parse(q), ShortDec.parse(r)];
      fc.pre(price.isShort && qty.isShort && rate.isShort);
      for (const dp of [0, 2, 8]) {
        const want = roundTo(dec(p).times(dec(q)).times(dec(r)), dp, 'half_even');
        const got = roundShort(price.times(rate).times(qty), dp, 'half_even');
        expect(plainShort(got)).toBe(plain(want));
        expect(got.isNegative()).toBe(want.isNegative());
      }
    }), { numRuns: 5000 });
  });
});
