import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dec } from '../../../src/finance/decimal.js';
import { outsideBand } from '../../../src/finance/price-band.js';
import { ShortDec } from '../../../src/finance/short-dec.js';

// outsideBand must answer as the reference gateway's Dec expression does, including prices that
// land exactly on a band edge and a hair either side of it (where a 50-digit quotient rounds).
const decRoute = (p: string, l: string, band: number): boolean => dec(p).div(dec(l)).minus(1).abs().times(100).gt(band);

const toText = (units: bigint, scale: number): string => {
  const neg = units < 0n;
  const digits = (neg ? -units : units).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  return `${neg ? '-' : ''}${text}`;
};
const price = fc.tuple(fc.bigInt({ min: 1n, max: 10n ** 15n }), fc.integer({ min: 0, max: 12 })).map(([u, s]) => toText(u, s));
const bands = fc.constantFrom(0, 5, 2.5, 0.1, 1, 10, 1e-7, 33.333, 89.99, 90, 95, 150, 0.30000000000000004, 12.5, -1, Number.NaN);

describe('outsideBand', () => {
  it('answers as the Dec route for any two prices', () => {
    fc.assert(fc.property(price, price, bands, (p, l, band) => {
      expect(outsideBand(ShortDec.parse(p), ShortDec.parse(l), band)).toBe(decRoute(p, l, band));
    }), { numRuns: 20_000 });
  });

  it('answers as the Dec route on and around the band edges', () => {
    // p = l × (1 ± B/100) exactly, then nudged by a few units in its last place or far below it.
    fc.assert(fc.property(fc.tuple(fc.bigInt({ min: 1n, max: 10n ** 10n }), fc.integer({ min: 0, max: 6 })), bands, fc.boolean(), fc.integer({ min: -2, max: 2 }), fc.integer({ min: 0, max: 30 }), ([lu, ls], band, above, nudge, extra) => {
      fc.pre(Number.isFinite(band));
      const l = dec(toText(lu, ls));
      const edge = l.times(dec('1').plus(dec(String(band)).div(100).times(above ? 1 : -1)));
      fc.pre(edge.gt(0));
      const p = edge.plus(dec(String(nudge)).times(dec('10').pow(-(edge.decimalPlaces() + extra))));
      fc.pre(p.gt(0));
      const pt = p.toFixed();
      const lt = l.toFixed();
      expect(outsideBand(ShortDec.parse(pt), ShortDec.parse(lt), band)).toBe(decRoute(pt, lt, band));
    }), { numRuns: 20_000 });
  });

  it('takes the Dec route for values it does not decide (zero, negative, long)', () => {
    const cases: [string, string, number][] = [['0', '100', 5], ['-5', '100', 5], ['100', '-5', 5], ['1e-30', '1', 5], ['123456789012345678901234', '1', 5], ['100', '100', 5], ['105', '100', 5], ['105.0000000001', '100', 5], ['95', '100', 5], ['94.9999999999', '100', 5]];
    for (const [p, l, band] of cases) expect(outsideBand(ShortDec.parse(p), ShortDec.parse(l), band)).toBe(decRoute(p, l, band));
  });
});
