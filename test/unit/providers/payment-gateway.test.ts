import { describe, expect, test } from 'vitest';
import { PaymentGatewayModel } from '../../../src/providers/payment-gateway.js';
import type { FeeModel } from '../../../src/scenario/model.js';
import { buildFxTable } from '../../../src/finance/fx.js';

const fees = { percent: '1.7', fixed: '0.30', currency: 'AUD', rounding: 'half_even' } as unknown as FeeModel;

describe('PaymentGatewayModel', () => {
  test('a charge answers with a sequential payment id and its rounded fee', () => {
    const gw = new PaymentGatewayModel('stripe', fees);
    const a = gw.createPayment('120.00', 'AUD', 'P000001', 'idem-P000001');
    expect(a).toEqual({ kind: 'payment', paymentId: 'stripe_0000001', status: 'succeeded', amount: '120.00', currency: 'AUD', fee: '2.34', feeCcy: 'AUD', replayed: false });
    expect(Object.keys(a)).toEqual(['kind', 'paymentId', 'status', 'amount', 'currency', 'fee', 'feeCcy', 'replayed']);
    expect(gw.createPayment('10.00', 'AUD', 'P000002', undefined).paymentId).toBe('stripe_0000002');
  });

  test('a seen idempotency key replays the first answer (nobody is charged twice); status finds it', () => {
    const gw = new PaymentGatewayModel('stripe', fees);
    const first = gw.createPayment('120.00', 'AUD', 'P000001', 'idem-P000001');
    const again = gw.createPayment('999.00', 'AUD', 'P000001', 'idem-P000001');
    expect(again).toEqual({ ...first, replayed: true });
    expect(Object.keys(again)).toEqual(Object.keys(first));
    expect(gw.createPayment('5.00', 'AUD', 'P000002', 'idem-P000002').paymentId).toBe('stripe_0000002');
    expect(gw.paymentStatus('idem-P000001')).toEqual({ kind: 'payment_status', found: true, payment: first });
    expect(gw.paymentStatus('idem-P000009')).toEqual({ kind: 'payment_status', found: false });
  });
});

describe('a fee schedule in another currency than the charge (finance-reference.md §1.3)', () => {
  const fx = buildFxTable([{ pair: 'AUDUSD', rate: '0.6550', source: 'RBA 4pm fix', ts: Date.UTC(2025, 3, 7) }]);

  test('USD 100.00 against an AUD 1.7% + 0.30 schedule: converted at 1/0.6550 rounded to 6 dp, the fee charged in AUD', () => {
    const gw = new PaymentGatewayModel('stripe', fees, fx);
    const a = gw.createPayment('100.00', 'USD', 'P000001', 'idem-P000001');
    // By hand: 1 / 0.6550 = 1.526717557…, quoted 1.526718; 100.00 × 1.526718 = 152.6718 → AUD 152.67;
    // 152.67 × 1.7% = 2.59539 → 2.60; + 0.30 = AUD 2.90. Never USD: the schedule's currency is AUD.
    expect(a.fee).toBe('2.9');
    expect(a.feeCcy).toBe('AUD');
    expect(a.conversion).toEqual({ rate: '1.526718', source: 'RBA 4pm fix', ts: Date.UTC(2025, 3, 7), settledAmount: '152.67' });
  });

  test('the same currency needs no conversion and carries none', () => {
    const a = new PaymentGatewayModel('stripe', fees, fx).createPayment('100.00', 'AUD', 'P000001', undefined);
    expect(a.fee).toBe('2');
    expect(a.conversion).toBeUndefined();
  });

  test('without FX rates a foreign charge is a bug, not a silently mislabelled fee', () => {
    expect(() => new PaymentGatewayModel('stripe', fees).createPayment('100.00', 'USD', 'P000001', undefined)).toThrow(/needs FX rates/);
  });
});
