import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as finance from '../../../src/finance/index.js';
import { Dec } from '../../../src/finance/decimal.js';

const TS = Date.parse('2025-04-05T00:00:00Z');

describe('no JS number for money, in or out (finance-reference.md §1.1.1)', () => {
  it('toDec rejects numbers, accepts strings and Dec', () => {
    // @ts-expect-error a JS number is not a DecInput
    expect(() => finance.toDec(2.675, 'amount')).toThrow(TypeError);
    expect(finance.toDec('2.675', 'amount').toFixed()).toBe('2.675');
    expect(() => finance.toDec('abc', 'amount')).toThrow(RangeError);
  });

  it('public functions reject numbers for money at runtime and at type level', () => {
    // @ts-expect-error qty/prices must be decimal strings or Dec
    expect(() => finance.computeStaleSlippage({ firmSide: 'sell', qty: 2.5, execPx: '100500', trueMid: '101200', freshPx: '101706' })).toThrow(TypeError);
    // @ts-expect-error amount must be a decimal string or Dec
    expect(() => finance.computeCardFee(249.95, { rate: '0.017', fixed: '0.30' })).toThrow(TypeError);
    // @ts-expect-error notional must be a decimal string or Dec
    expect(() => finance.computeMissedFeeRevenue([{ notional: 30000, rate: '0.006' }], '0.35')).toThrow(TypeError);
    // @ts-expect-error mid must be a decimal string or Dec
    expect(() => finance.computeHedgeSlippage({ fills: [{ qty: '1', mid: 100 }], hedgePx: '1', hedgeMid: '1' })).toThrow(TypeError);
    // @ts-expect-error value must be a decimal string or Dec
    expect(() => finance.computeParametricVar({ value: 689520, sigma: { daily: 0.03 }, horizonSeconds: 2520, confidence: 0.99 })).toThrow(TypeError);
    // @ts-expect-error monthly fee must be a decimal string or Dec
    expect(() => finance.computeSlaCredit({ uptimePct: '99', tiers: [], monthlyFee: 100, direction: 'payable' })).toThrow(TypeError);
    // @ts-expect-error amount must be a decimal string or Dec
    expect(() => finance.translateAmount(finance.buildFxTable([]), 1000, 'USD', 'USD')).toThrow(TypeError);
    // @ts-expect-error quantities must be decimal strings or Dec
    expect(() => finance.buildExposurePath({ start: 0, end: 1, flows: [{ ts: 0, kind: 'hedge', qty: 1 }], mids: [] })).toThrow(TypeError);
  });

  it('a Dec from another decimal.js clone is re-wrapped with the configured precision', () => {
    const Other = Dec.clone({ precision: 5 });
    const v = finance.toDec(new Other('1.23456789') as unknown as Dec, 'x');
    expect(v.constructor).toBe(Dec);
    expect(v.div(3).toFixed(10)).toBe('0.4115226300'); // the other clone would give 0.41152
  });

  it('rates and volatilities may be numbers (dimensionless model inputs)', () => {
    expect(finance.toRate(0.55, 'sigma').toFixed()).toBe('0.55');
    expect(() => finance.toRate(Number.NaN, 'sigma')).toThrow(RangeError);
  });

  it('property: money results are Dec, never number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 100 }), (cents, n) => {
        const amount = new Dec(cents).div(100);
        const d = finance.computeDuplicatePaymentCost({ amounts: Array.from({ length: n }, () => amount), fee: { rate: '0.017', fixed: '0.30' }, feesRefundable: false });
        for (const v of [d.customerFundsToRefund, d.processingFees, d.processingFeesAggregate, d.roundingResidual, d.cost]) expect(v).toBeInstanceOf(Dec);
        const pos = finance.buildPosition('X', 'AUD', 'fifo', [{ qty: amount, px: '10', ts: TS }]);
        expect(finance.markPosition(pos, { mid: '11' }).unrealizedPnl).toBeInstanceOf(Dec);
        expect(finance.computeExpectedAdverseMove({ sigmaAnnual: 0.55, ageSeconds: n })).toBeInstanceOf(Dec);
      }),
      { numRuns: 50 },
    );
  });
});
