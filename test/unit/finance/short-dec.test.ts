import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decimalText } from '../../helpers/decimal-text.js';
import { Dec, dec, plain, roundTo, type RoundingMode } from '../../../src/finance/decimal.js';
import { decOfParts, plainShort, roundShort, ShortDec } from '../../../src/finance/short-dec.js';

// ShortDec must give, for every operation, the Dec decimal.js gives: the same value (compared as
// text at full precision) and the same sign (decimal.js keeps the sign of a zero, and
// isPositive/isNegative read it). Values range from short (the fast path) to 60 digits (the
// fallback), with the mantissas near 2^53 where the fast path has to hand over.
const nearSafe = fc.tuple(fc.bigInt({ min: 2n ** 52n, max: 2n ** 54n }), fc.boolean(), fc.integer({ min: 0, max: 8 })).map(([m, neg, scale]) => {
  const digits = m.toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  return `${neg ? '-' : ''}${text}`;
});
const anyText = fc.oneof(
  { weight: 5, arbitrary: decimalText(6, 6) },
  { weight: 3, arbitrary: decimalText(15, 10) },
  { weight: 1, arbitrary: decimalText(60, 40) },
  { weight: 1, arbitrary: nearSafe },
  { weight: 1, arbitrary: fc.constantFrom('0', '-0', '1', '-1', '0.1', '1e3', '-2.5e-3', '.5', '5.', '+7', '00012.3400', '9007199254740991', '9007199254740992', '123456789012345', '1234567890123456') },
);
/** A ShortDec made either by parsing or from a Dec (the two entry points). */
const anyShort = fc.tuple(anyText, fc.boolean()).map(([t, viaDec]) => ({ text: t, x: viaDec ? ShortDec.of(dec(t)) : ShortDec.parse(t) }));

function same(got: ShortDec, want: Dec): void {
  const d = got.toDec();
  expect(d.toFixed()).toBe(want.toFixed());
  expect(d.isNegative()).toBe(want.isNegative());
  expect(got.isNegative()).toBe(want.isNegative());
  expect(got.isPositive()).toBe(want.isPositive());
  expect(got.isZero()).toBe(want.isZero());
}

describe('ShortDec', () => {
  it('parses and converts every value exactly, keeping the sign of zero', () => {
    fc.assert(fc.property(anyText, (t) => {
      same(ShortDec.parse(t), dec(t));
      same(ShortDec.of(dec(t)), dec(t));
    }), { numRuns: 20_000 });
  });

  it('is short for plain decimals of up to 15 digits', () => {
    for (const t of ['0', '-0', '0.0618', '-101400', '37.41', '123456789012345', '0.000000000000001']) expect(ShortDec.parse(t).isShort).toBe(true);
    // Other forms go through decimal.js and are made short when their digits fit.
    for (const t of ['1e3', '1234567890123456', '.5', '9007199254740991']) expect(ShortDec.parse(t).isShort).toBe(true);
    for (const t of ['9007199254740992', '12345678901234567890', '1e-30']) expect(ShortDec.parse(t).isShort).toBe(t === '1e-30');
    expect(ShortDec.of(dec('0.1')).isShort).toBe(true);
    expect(ShortDec.of(dec('1').div(3)).isShort).toBe(false);
    // An exact quotient is short again; an inexact one is long.
    expect(ShortDec.parse('10').div(ShortDec.parse('4')).isShort).toBe(true);
    expect(ShortDec.parse('211.4').times(ShortDec.parse('1.5')).div(ShortDec.parse('0.0005')).isShort).toBe(true);
    expect(ShortDec.parse('1').div(ShortDec.parse('3')).isShort).toBe(false);
  });

  it('throws on a non-decimal as dec does', () => {
    for (const t of ['', 'abc', '1.2.3', 'NaN', 'Infinity']) expect(() => ShortDec.parse(t)).toThrow();
  });

  it('gives decimal.js results for + − × ÷, neg, abs and comparisons', () => {
    fc.assert(fc.property(anyShort, anyShort, ({ text: a, x }, { text: b, x: y }) => {
      const da = dec(a);
      const db = dec(b);
      same(x.plus(y), da.plus(db));
      same(x.minus(y), da.minus(db));
      same(x.times(y), da.times(db));
      if (!db.isZero()) same(x.div(y), da.div(db));
      same(x.neg(), da.neg());
      same(x.abs(), da.abs());
      expect(x.cmp(y)).toBe(da.cmp(db));
      expect(x.gt(y)).toBe(da.gt(db));
      expect(x.lt(y)).toBe(da.lt(db));
      expect(x.lte(y)).toBe(da.lte(db));
      expect(x.eq(y)).toBe(da.eq(db));
    }), { numRuns: 10_000 });
  });

  it('follows decimal.js through long chains (sums that outgrow a safe mantissa, products, divisions)', () => {
    const op = fc.tuple(fc.constantFrom('plus', 'minus', 'times', 'div', 'neg', 'abs'), anyText);
    fc.assert(fc.property(anyText, fc.array(op, { maxLength: 40 }), (start, ops) => {
      let x = ShortDec.parse(start);
      let d = dec(start);
      for (const [name, t] of ops) {
        const y = ShortDec.parse(t);
        const e = dec(t);
        if (name === 'plus') [x, d] = [x.plus(y), d.plus(e)];
        else if (name === 'minus') [x, d] = [x.minus(y), d.minus(e)];
        else if (name === 'times') [x, d] = [x.times(y), d.times(e)];
        else if (name === 'div') {
          if (!e.isZero()) [x, d] = [x.div(y), d.div(e)];
        } else if (name === 'neg') [x, d] = [x.neg(), d.neg()];
        else [x, d] = [x.abs(), d.abs()];
        same(x, d);
      }
    }), { numRuns: 5_000 });
  });

  it('keeps the sign of zero results as decimal.js does', () => {
    const zeros = ['0', '-0', '0.00', '-0.000'];
    const others = ['0', '-0', '1.5', '-1.5', '0.001'];
    for (const a of zeros) {
      for (const b of [...zeros, ...others]) {
        same(ShortDec.parse(a).plus(ShortDec.parse(b)), dec(a).plus(dec(b)));
        same(ShortDec.parse(a).minus(ShortDec.parse(b)), dec(a).minus(dec(b)));
        same(ShortDec.parse(a).times(ShortDec.parse(b)), dec(a).times(dec(b)));
        same(ShortDec.parse(b).times(ShortDec.parse(a)), dec(b).times(dec(a)));
        same(ShortDec.parse(a).neg(), dec(a).neg());
      }
    }
    same(ShortDec.parse('1.5').minus(ShortDec.parse('1.5')), dec('1.5').minus(dec('1.5')));
    same(ShortDec.parse('-1.5').plus(ShortDec.parse('1.5')), dec('-1.5').plus(dec('1.5')));
  });
});

describe('decOfParts', () => {
  // The Dec of m × 10^−s built from digit words must be the parser's Dec: same value, sign, and
  // internal words and exponent (so every later operation treats it alike).
  const parts = fc.tuple(
    fc.oneof(fc.integer({ min: -9_999_999, max: 9_999_999 }), fc.bigInt({ min: -(2n ** 53n - 1n), max: 2n ** 53n - 1n }).map(Number), fc.constantFrom(0, -0, 1, -1, 10, 1e7, 1e14, 9007199254740991, -9007199254740991, 1234567000, 10000000000000)),
    fc.integer({ min: 0, max: 40 }),
  );
  it('is new Dec of the same value in text', () => {
    fc.assert(fc.property(parts, ([m, s]) => {
      const text = m === 0 ? (Object.is(m, -0) ? '-0' : '0') : `${String(m)}e-${s}`;
      const want = new Dec(text);
      const got = decOfParts(m, s);
      expect([got.toFixed(), got.isNegative(), got.e, [...got.d]]).toEqual([want.toFixed(), want.isNegative(), want.e, [...want.d]]);
      expect(got.constructor).toBe(Dec);
      expect(got.plus(want).eq(want.times(2))).toBe(true);
    }), { numRuns: 20_000 });
  });
});

describe('ShortDec long values (BigInt, rounded as decimal.js rounds)', () => {
  // Results past 50 significant digits are rounded half to even: ties are where a rounding rule
  // shows, so values are built to land on them (a 50-digit integer plus one half, odd numbers
  // over powers of two), next to random long values of any exponent.
  const fifty = fc.bigInt({ min: 10n ** 49n, max: 10n ** 50n - 1n });
  const tie = fc.tuple(fifty, fc.integer({ min: -30, max: 30 }), fc.boolean()).map(([a, e, neg]) => `${neg ? '-' : ''}${a}5e${e}`);
  const long = fc.tuple(fc.bigInt({ min: 1n, max: 10n ** 70n }), fc.integer({ min: -90, max: 90 }), fc.boolean()).map(([a, e, neg]) => `${neg ? '-' : ''}${a}e${e}`);
  const any = fc.oneof(tie, long, decimalText(15, 10), decimalText(55, 40), fc.constantFrom('0', '-0', '1', '2', '8', '0.5', '-3', '1e-60', '1e60'));
  const pair = fc.tuple(any, any, fc.boolean(), fc.boolean()).map(([a, b, va, vb]) => ({ a, b, x: va ? ShortDec.of(dec(a)) : ShortDec.parse(a), y: vb ? ShortDec.of(dec(b)) : ShortDec.parse(b) }));

  it('+ − × ÷, neg, abs and comparisons give decimal.js results', () => {
    fc.assert(fc.property(pair, ({ a, b, x, y }) => {
      const da = dec(a);
      const db = dec(b);
      same(x.plus(y), da.plus(db));
      same(x.minus(y), da.minus(db));
      same(x.times(y), da.times(db));
      if (!db.isZero()) same(x.div(y), da.div(db));
      same(x.neg(), da.neg());
      same(x.abs(), da.abs());
      expect(x.cmp(y)).toBe(da.cmp(db));
    }), { numRuns: 8_000 });
  });

  it('ties at the 51st digit round to even, in sums, products and quotients', () => {
    fc.assert(fc.property(fifty, fc.integer({ min: -20, max: 20 }), (a, e) => {
      const odd = a % 2n === 0n ? a + 1n : a;
      for (const t of [`${a}5e${e}`, `${odd}5e${e}`, `-${odd}5e${e}`]) {
        const x = ShortDec.parse(t);
        same(x.plus(ShortDec.parse('0')), dec(t).plus(0));
        same(x.minus(ShortDec.parse('-0')), dec(t).minus(dec('-0')));
        same(x.times(ShortDec.parse('1')), dec(t).times(1));
        same(x.div(ShortDec.parse('1')), dec(t).div(1));
      }
      // An odd 51-digit integer over 2 ends in .5; over 8, in .125/.375/...: ties and near-ties.
      for (const divisor of ['2', '8', '-16', '0.2']) same(ShortDec.parse(`${odd}0`).div(ShortDec.parse(divisor)), dec(`${odd}0`).div(dec(divisor)));
    }), { numRuns: 3000 });
  });

  it('chains through long averages as the average-cost fold does', () => {
    fc.assert(fc.property(fc.array(fc.tuple(decimalText(6, 4), decimalText(8, 2)), { minLength: 1, maxLength: 30 }), (fills) => {
      let qty = ShortDec.parse('0');
      let px = ShortDec.parse('0');
      let dq = dec('0');
      let dp = dec('0');
      for (const [q, p] of fills) {
        const nq = qty.plus(ShortDec.parse(q));
        const ndq = dq.plus(dec(q));
        if (ndq.isZero()) continue;
        px = qty.times(px).plus(ShortDec.parse(q).times(ShortDec.parse(p))).div(nq);
        dp = dq.times(dp).plus(dec(q).times(dec(p))).div(ndq);
        qty = nq;
        dq = ndq;
        same(px, dp);
        same(px.minus(ShortDec.parse(p)).times(ShortDec.parse(q)), dp.minus(dec(p)).times(dec(q)));
      }
    }), { numRuns: 3000 });
  });
});

describe('roundShort and plainShort', () => {
  // roundShort must be roundTo (value and sign of zero) in every mode, and plainShort must be plain
  // (decimal.js toFixed(): no trailing zeros, no exponent, −0 as 0), for short and long values;
  // ties (…5 at the first dropped digit) and values one unit either side of them are where a
  // rounding rule shows, so they are built on purpose.
  const modes = fc.constantFrom<RoundingMode>('half_even', 'half_up', 'down', 'up', 'floor', 'ceil');
  const tieText = fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 14n }), fc.integer({ min: 0, max: 8 }), fc.integer({ min: -1, max: 1 }), fc.boolean()).map(([units, dp, nudge, neg]) => {
    // units.5 × 10^−dp, nudged by one unit in the next place: a tie and its two neighbours.
    const m = units * 100n + 50n + BigInt(nudge);
    const digits = m.toString().padStart(dp + 3, '0');
    const scale = dp + 2;
    return `${neg ? '-' : ''}${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  });
  const values = fc.oneof(anyText, tieText, nearSafe);
  const dps = fc.oneof(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 30 }));
  it('roundShort is roundTo, every mode, value and sign', () => {
    fc.assert(fc.property(values, fc.boolean(), dps, modes, (t, viaDec, dp, mode) => {
      const x = viaDec ? ShortDec.of(dec(t)) : ShortDec.parse(t);
      same(roundShort(x, dp, mode), roundTo(dec(t), dp, mode));
    }), { numRuns: 30_000 });
  });
  it('roundShort is roundTo on ties and their neighbours at the rounding place', () => {
    const ties = fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 13n }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: -1, max: 1 }), fc.boolean(), fc.integer({ min: 0, max: 2 }));
    fc.assert(fc.property(ties, modes, ([units, dp, nudge, neg, extra], mode) => {
      // units + 0.5 units (± one unit further down) at dp places, with `extra` more digits below.
      const m = (units * 10n + 5n) * 10n ** BigInt(extra) + BigInt(nudge);
      const scale = dp + 1 + extra;
      const digits = m.toString().padStart(scale + 1, '0');
      const t = `${neg ? '-' : ''}${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
      same(roundShort(ShortDec.parse(t), dp, mode), roundTo(dec(t), dp, mode));
    }), { numRuns: 20_000 });
  });
  it('roundShort at the edges: zeros, negative values rounding to zero, safe-integer bounds, far scales', () => {
    const texts = ['0', '-0', '0.000', '-0.000', '-0.001', '0.001', '-0.005', '0.005', '-0.015', '0.025', '9007199254740991', '-9007199254740991',
      '0.9007199254740991', '-9.007199254740991', '0.000000000000000000009', '-0.0000000000000000000009', '123.4500', '-123.4550', '1e-22', '5e-23'];
    for (const t of texts) {
      for (const mode of ['half_even', 'half_up', 'down', 'up', 'floor', 'ceil'] as const) {
        for (const dp of [0, 1, 2, 3, 8, 15, 16, 22, 25]) same(roundShort(ShortDec.parse(t), dp, mode), roundTo(dec(t), dp, mode));
      }
    }
  });
  it('plainShort is plain', () => {
    fc.assert(fc.property(values, fc.boolean(), (t, viaDec) => {
      const x = viaDec ? ShortDec.of(dec(t)) : ShortDec.parse(t);
      expect(plainShort(x)).toBe(plain(dec(t)));
    }), { numRuns: 20_000 });
    for (const t of ['0', '-0', '0.000', '-0.00', '120.00', '-0.0100', '9007199254740991', '0.000000000000001', '1e-30', '1e45', '-1e45']) {
      expect(plainShort(ShortDec.parse(t))).toBe(plain(dec(t)));
    }
  });
  it('plainShort prints the results of operations as plain prints their Dec', () => {
    fc.assert(fc.property(anyShort, anyShort, ({ text: a, x }, { text: b, x: y }) => {
      expect(plainShort(x.times(y))).toBe(plain(dec(a).times(dec(b))));
      expect(plainShort(x.minus(y))).toBe(plain(dec(a).minus(dec(b))));
    }), { numRuns: 10_000 });
  });
});
