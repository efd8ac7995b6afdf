import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PositionFold } from '../../../src/finance/position-fold.js';
import { Dec } from '../../../src/finance/decimal.js';
import { applyFill, buildPosition, getTotalRealizedPnl, openPositionLedger } from '../../../src/finance/positions.js';
import type { PositionCycle, PositionFill } from '../../../src/finance/position-types.js';

// The cost-method self-check reads the fee-free realized P&L off the commissioned fold
// (grossRealized): it must be exactly what folding the same fills without commissions realizes.
const fill = fc.record({
  qty: fc.integer({ min: -5000, max: 5000 }).filter((q) => q !== 0).map((q) => (q / 100).toString()),
  px: fc.integer({ min: 1, max: 2_000_000 }).map((p) => (p / 100).toString()),
  commission: fc.integer({ min: 0, max: 500 }).map((c) => (c / 7).toFixed(6)),
  ccy: fc.constantFrom('USD', 'AUD'),
});

describe('PositionFold.grossRealized', () => {
  for (const method of ['fifo', 'average'] as const) {
    it(`equals the commission-free fold's total realized P&L (${method})`, () => {
      fc.assert(fc.property(fc.array(fill, { maxLength: 60 }), (raw) => {
        const withFees: PositionFill[] = raw.map((f, i) => ({ qty: f.qty, px: f.px, ts: i, commission: f.commission, commissionCcy: f.ccy }));
        const fold = new PositionFold('X-USD', 'USD', method);
        for (const f of withFees) fold.apply(f);
        const bare = buildPosition('X-USD', 'X', method, raw.map((f, i) => ({ qty: f.qty, px: f.px, ts: i })));
        expect(fold.grossRealized().toFixed()).toBe(getTotalRealizedPnl(bare).toFixed());
      }), { numRuns: 500 });
    });
  }
});

// The fold runs on ShortDec (exact for short figures, decimal.js for the rest): every figure of
// every cycle must be applyFill's Dec, value and sign (a zero's sign included), for short and long
// quantities, prices and commissions, flips and commissions split across them.
describe('PositionFold on ShortDec', () => {
  const figure = (max: number, scale: number): fc.Arbitrary<string> =>
    fc.oneof(
      fc.integer({ min: 1, max }).map((u) => (u / 10 ** scale).toFixed(scale)),
      // A long figure (a 50-digit quotient) takes decimal.js's route.
      fc.integer({ min: 1, max }).map((u) => new Dec(u).div(7).toFixed()),
    );
  const fillArb = fc.record({
    qty: figure(5000, 4),
    sell: fc.boolean(),
    px: figure(20_000_000, 2),
    commission: fc.option(fc.oneof(figure(5000, 2), fc.constantFrom('0', '-0')), { nil: undefined }),
    ccy: fc.constantFrom(undefined, 'usd', 'EUR'),
  });
  const figures = (c: PositionCycle): [string, string, boolean][] => {
    const out: [string, string, boolean][] = [];
    for (const k of ['netQty', 'peakQty', 'realizedPnl', 'commissions', 'openQty', 'openNotional', 'closeQty', 'closeNotional'] as const) out.push([k, c[k].toFixed(), c[k].isNegative()]);
    for (const [ccy, v] of Object.entries(c.otherCommissions)) out.push([ccy, v.toFixed(), v.isNegative()]);
    c.lots.forEach((l, i) => out.push([`lot${i}`, `${l.qty.toFixed()}@${l.px.toFixed()}@${l.ts}`, l.qty.isNegative()]));
    return out;
  };
  for (const method of ['fifo', 'average'] as const) {
    it(`gives applyFill's figures, signs included (${method})`, () => {
      fc.assert(fc.property(fc.array(fillArb, { minLength: 1, maxLength: 50 }), (raw) => {
        const fills: PositionFill[] = raw.map((f, i) => ({
          qty: f.sell ? `-${f.qty}` : f.qty, px: f.px, ts: 1000 + i,
          ...(f.commission === undefined ? {} : { commission: f.commission }), ...(f.ccy === undefined ? {} : { commissionCcy: f.ccy }),
        }));
        const want = fills.reduce(applyFill, openPositionLedger('X-USD', 'usd', method));
        const got = buildPosition('X-USD', 'usd', method, fills);
        expect(got.snapshots.length).toBe(want.snapshots.length);
        got.snapshots.forEach((c, i) => expect(figures(c)).toEqual(figures(want.snapshots[i]!)));
        expect(got.current === null).toBe(want.current === null);
        if (got.current !== null) expect(figures(got.current)).toEqual(figures(want.current!));
        expect(JSON.stringify(got)).toBe(JSON.stringify(want));
      }), { numRuns: 1500 });
    });
  }
});
