import { describe, expect, test } from 'vitest';
import { PaymentGatewayModel } from '../../../src/providers/payment-gateway.js';
import type { FeeModel } from '../../../src/scenario/model.js';

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
