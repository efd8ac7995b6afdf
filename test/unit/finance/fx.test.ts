import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Dec, fixed, plain } from '../../../src/finance/decimal.js';
import { buildFxTable, computeFxTranslationDelta, lookupFxRate, translateAmount } from '../../../src/finance/fx.js';

const TS = Date.parse('2025-04-05T06:00:00.000Z');
const table = buildFxTable([
  { pair: 'AUDUSD', rate: '0.6550', source: 'RBA 4pm fix', ts: TS },
  { pair: 'NZDUSD', rate: '0.5900', source: 'RBNZ B1', ts: TS - 60_000 },
  { pair: 'USDJPY', rate: '150.00', source: 'drill mid feed', ts: '2025-04-05T06:00:00.000Z' },
]);

describe('FX translation (finance-reference.md §1.3)', () => {
  it('USD 1,000.00 at AUDUSD 0.6550 → AUD 1,526.72 (1,526.7175572…), rounded only when asked', () => {
    const t = translateAmount(table, '1000.00', 'USD', 'AUD');
    expect(t.amount.toFixed(10)).toBe('1526.7175572519');
    expect(fixed(t.amount, 2)).toBe('1526.72');
    expect(plain(translateAmount(table, '1000.00', 'USD', 'AUD', { round: true }).amount)).toBe('1526.72');
    expect(t.fx.rate.toFixed(6)).toBe('1.526718');
    expect(t.fx.source).toBe('RBA 4pm fix');
    expect(t.fx.ts).toBe(TS);
  });

  it('direct pair reproduces the market-convention quote', () => {
    expect(plain(lookupFxRate(table, 'AUD', 'USD').rate)).toBe('0.655');
    expect(fixed(translateAmount(table, '1526.72', 'AUD', 'USD').amount, 2)).toBe('1000.00');
  });

  it('crosses go via USD and carry both sources and the older leg time', () => {
    const r = lookupFxRate(table, 'NZD', 'AUD');
    expect(r.rate.toFixed(8)).toBe('0.90076336'); // 0.59 / 0.655
    expect(r.source).toBe('RBNZ B1 + RBA 4pm fix');
    expect(r.ts).toBe(TS - 60_000);
    const jpy = translateAmount(table, '15000', 'JPY', 'AUD', { round: 2 });
    expect(plain(jpy.amount)).toBe('152.67'); // 15000/150 = USD 100 → AUD 152.6717…
    expect(plain(translateAmount(table, '100', 'AUD', 'JPY', { round: true }).amount)).toBe('9825'); // JPY has 0 minor units
  });

  it('identity conversion', () => {
    const t = translateAmount(table, '12.345', 'aud', 'AUD');
    expect(plain(t.amount)).toBe('12.345');
    expect(t.fx.source).toBe('identity');
  });

  it('rejects pairs without the pivot, duplicate legs, unknown currencies and non-positive rates', () => {
    expect(() => buildFxTable([{ pair: 'AUDNZD', rate: '1.1', source: 'x', ts: 0 }])).toThrow(/pivot/);
    expect(() => buildFxTable([{ pair: 'AUDUSD', rate: '0.65', source: 'x', ts: 0 }, { pair: 'USDAUD', rate: '1.5', source: 'y', ts: 0 }])).toThrow(/second rate/);
    expect(() => buildFxTable([{ pair: 'AUDUSD', rate: '0', source: 'x', ts: 0 }])).toThrow(/positive/);
    expect(() => lookupFxRate(table, 'EUR', 'AUD')).toThrow(/EUR/);
  });

  it('FX_TRANSLATION delta between event-time and closing rates', () => {
    const closing = buildFxTable([{ pair: 'AUDUSD', rate: '0.6500', source: 'close', ts: TS + 3_600_000 }]);
    const d = computeFxTranslationDelta('1000.00', lookupFxRate(table, 'USD', 'AUD'), lookupFxRate(closing, 'USD', 'AUD'));
    expect(fixed(d, 2)).toBe('11.74'); // 1538.461538 − 1526.717557
  });
});

describe('property: translation round-trips through the pivot', () => {
  it('A → B → A returns the amount to within 1e-40 for any pair and rates', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 10_000_000 }), fc.bigInt({ min: 1n, max: 10n ** 15n }), (ra, rb, cents) => {
        const t = buildFxTable([
          { pair: 'AUDUSD', rate: new Dec(ra).div(1e6), source: 'a', ts: 0 },
          { pair: 'USDJPY', rate: new Dec(rb).div(1e4), source: 'b', ts: 0 },
        ]);
        const amount = new Dec(cents.toString()).div(100);
        const there = translateAmount(t, amount, 'AUD', 'JPY').amount;
        const back = translateAmount(t, there, 'JPY', 'AUD').amount;
        expect(back.minus(amount).abs().div(amount).lt('1e-40')).toBe(true);
      }),
    );
  });
});
