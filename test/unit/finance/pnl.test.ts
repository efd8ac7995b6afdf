import { describe, expect, it } from 'vitest';
import { fixed, plain } from '../../../src/finance/decimal.js';
import {
  computeCardFee, computeDeferredIntentCost, computeDuplicateOrderPnl, computeDuplicatePaymentCost, computeExpectedAdverseMoveBps,
  computeImplementationShortfall, computeLostPaymentRevenue, computeMissedFeeRevenue, computeStaleSlippage, estimatePickOffCost, quoteFreshPrice, sumStaleSlippage,
} from '../../../src/finance/pnl.js';

describe('stale-price slippage (finance-reference.md §2.2)', () => {
  it('client buys 2.5 BTC at 100,500 vs true mid 101,200: stale cost 3,015.00 AUD = 119.17 bps', () => {
    const freshPx = quoteFreshPrice('101200', '0.005', 'sell');
    expect(plain(freshPx)).toBe('101706');
    expect(plain(quoteFreshPrice('100000', '0.005', 'sell'))).toBe('100500');
    const s = computeStaleSlippage({ firmSide: 'sell', qty: '2.5', execPx: '100500.00', trueMid: '101200.00', freshPx });
    expect(fixed(s.pnlVsMid, 2)).toBe('-1750.00');
    expect(fixed(s.expectedMarkup, 2)).toBe('1265.00');
    expect(fixed(s.staleCost, 2)).toBe('3015.00');
    expect(fixed(s.referenceNotional, 2)).toBe('253000.00');
    expect(fixed(s.staleCostBps, 2)).toBe('119.17');
    expect(fixed(s.slippageBps, 2)).toBe('-69.17');
  });

  it('client sells: firm buys, a fill above the true mid is a loss', () => {
    const s = computeStaleSlippage({ firmSide: 'buy', qty: '1', execPx: '99500', trueMid: '99000', freshPx: quoteFreshPrice('99000', '0.005', 'buy') });
    expect(plain(s.pnlVsMid)).toBe('-500');
    expect(plain(s.expectedMarkup)).toBe('495');
    expect(plain(s.staleCost)).toBe('995');
  });

  it('sums fills into one STALE_SLIPPAGE line with bps on the summed notional', () => {
    const a = computeStaleSlippage({ firmSide: 'sell', qty: '2.5', execPx: '100500', trueMid: '101200', freshPx: '101706' });
    const b = computeStaleSlippage({ firmSide: 'buy', qty: '1', execPx: '99500', trueMid: '99000', freshPx: '98505' });
    const t = sumStaleSlippage([a, b]);
    expect(t.fills).toBe(2);
    expect(fixed(t.staleCost, 2)).toBe('4010.00');
    expect(fixed(t.referenceNotional, 2)).toBe('352000.00');
    expect(fixed(t.staleCostBps, 2)).toBe('113.92');
    expect(fixed(t.pnlVsMid, 2)).toBe('-2250.00');
  });

  it.each([
    [2, '1.1'],
    [30, '4.3'],
    [90, '7.4'],
    [300, '13.5'],
  ])('adverse move at σ = 55%%/yr over %i s = %s bps (√(2/π), 365-day year)', (ageSeconds, bps) => {
    expect(fixed(computeExpectedAdverseMoveBps({ sigmaAnnual: 0.55, ageSeconds }), 1)).toBe(bps);
  });

  it('pick-off cost = notional × σ√age × √(2/π) × p_informed', () => {
    const c = estimatePickOffCost({ notional: '1000000', sigmaAnnual: '0.55', ageSeconds: 300, pInformed: '0.2' });
    const move = computeExpectedAdverseMoveBps({ sigmaAnnual: '0.55', ageSeconds: 300 });
    expect(c.toFixed(20)).toBe(move.div(10_000).times(1_000_000).times('0.2').toFixed(20));
    expect(fixed(c, 2)).toBe('270.70');
    expect(() => estimatePickOffCost({ notional: '1', sigmaAnnual: 0.5, ageSeconds: 1, pInformed: 2 })).toThrow(RangeError);
  });
});

describe('implementation shortfall (§2.3)', () => {
  it('buy: delay, execution, opportunity, fees add up', () => {
    const is = computeImplementationShortfall({
      side: 'buy', intendedQty: '10', decisionPx: '100', arrivalPx: '101', endPx: '104',
      fills: [{ qty: '4', px: '101.5', fee: '0.40' }, { qty: '4', px: '102', fee: '0.41' }],
    });
    expect(plain(is.filledQty)).toBe('8');
    expect(plain(is.delayCost)).toBe('8');
    expect(plain(is.executionCost)).toBe('6');
    expect(plain(is.opportunityCost)).toBe('8');
    expect(fixed(is.fees, 2)).toBe('0.81');
    expect(fixed(is.totalCost, 2)).toBe('22.81');
    expect(fixed(is.totalBps, 2)).toBe('228.10');
  });

  it('sell: signs flip so that a falling market is still a cost', () => {
    const is = computeImplementationShortfall({
      side: 'sell', intendedQty: '2', decisionPx: '100', arrivalPx: '98', endPx: '95', fills: [{ qty: '1', px: '97' }],
    });
    expect(plain(is.delayCost)).toBe('2');
    expect(plain(is.executionCost)).toBe('1');
    expect(plain(is.opportunityCost)).toBe('5');
    expect(plain(is.totalCost)).toBe('8');
  });

  it('rejects overfills', () => {
    expect(() => computeImplementationShortfall({ side: 'buy', intendedQty: '1', decisionPx: '1', arrivalPx: '1', endPx: '1', fills: [{ qty: '2', px: '1' }] })).toThrow(RangeError);
  });
});

describe('missed and lost revenue (§2.4)', () => {
  it('40 orders, AUD 1,200,000 at 0.6% → 7,200.00 gross, 4,680.00 net at 35% recapture', () => {
    const orders = Array.from({ length: 40 }, () => ({ notional: '30000.00', rate: '0.006' }));
    const m = computeMissedFeeRevenue(orders, '0.35');
    expect(m.count).toBe(40);
    expect(fixed(m.notional, 2)).toBe('1200000.00');
    expect(fixed(m.gross, 2)).toBe('7200.00');
    expect(fixed(m.net, 2)).toBe('4680.00');
    expect(fixed(m.recaptured, 2)).toBe('2520.00');
  });

  it('lost payment revenue net of retry success', () => {
    const l = computeLostPaymentRevenue([{ notional: '249.95', rate: '0.012' }, { notional: '100.05', rate: '0.012' }], '0.5');
    expect(fixed(l.gross, 2)).toBe('4.20');
    expect(fixed(l.net, 2)).toBe('2.10');
  });

  it('deferred own-account intent: a late buy into a rising market is a cost', () => {
    expect(plain(computeDeferredIntentCost({ side: 'buy', qty: '6.8', midIntended: '101000', midExecuted: '101800' }))).toBe('5440');
    expect(plain(computeDeferredIntentCost({ side: 'sell', qty: '1', midIntended: '101000', midExecuted: '101800' }))).toBe('-800');
  });
});

describe('duplicates (§2.5)', () => {
  it('duplicate buy unwound lower loses money plus both fees', () => {
    expect(plain(computeDuplicateOrderPnl({ side: 'buy', qty: '0.5', fillPx: '101200', unwindPx: '100900', feeFill: '50.60', feeUnwind: '50.45' }))).toBe('-251.05');
    expect(plain(computeDuplicateOrderPnl({ side: 'sell', qty: '0.5', fillPx: '101200', unwindPx: '100900' }))).toBe('150');
  });

  it('card fee: AUD 249.95 at 1.7% + 0.30 → 4.55 per charge', () => {
    expect(plain(computeCardFee('249.95', { rate: '0.017', fixed: '0.30' }))).toBe('4.55');
  });

  it('12 duplicate charges × AUD 249.95: 2,999.40 funds to refund, 54.60 fees, residual 0.01 shown', () => {
    const d = computeDuplicatePaymentCost({ amounts: Array.from({ length: 12 }, () => '249.95'), fee: { rate: '0.017', fixed: '0.30' }, feesRefundable: false });
    expect(fixed(d.customerFundsToRefund, 2)).toBe('2999.40');
    expect(fixed(d.processingFees, 2)).toBe('54.60');
    expect(fixed(d.processingFeesAggregate, 2)).toBe('54.59');
    expect(fixed(d.roundingResidual, 2)).toBe('0.01');
    expect(fixed(d.cost, 2)).toBe('54.60');
  });

  it('refundable fees leave only dispute and handling costs', () => {
    const d = computeDuplicatePaymentCost({ amounts: ['249.95', '249.95'], fee: { rate: '0.017', fixed: '0.30' }, feesRefundable: true, disputeFees: '25.00', opsHandlingCost: '40.00' });
    expect(fixed(d.nonRefundedFees, 2)).toBe('0.00');
    expect(fixed(d.cost, 2)).toBe('65.00');
    expect(fixed(d.customerFundsToRefund, 2)).toBe('499.90');
  });
});
