/**
 * A payment gateway (Stripe-/PayPal-like). Each create call charges the customer unless it carries an
 * idempotency key (Stripe `Idempotency-Key`, PayPal `PayPal-Request-Id`) seen before, in which case
 * the first response is replayed and nobody is charged twice (finance-reference.md §2.5).
 */
import { dec, plain } from '../finance/decimal.js';
import type { FeeModel } from '../scenario/model.js';
import type { PaymentAnswer, PaymentStatusAnswer } from './answers.js';
import { computePaymentFee } from './fees.js';

export class PaymentGatewayModel {
  private readonly byKey = new Map<string, PaymentAnswer>();
  private sequence = 0;

  constructor(private readonly providerId: string, private readonly fees: FeeModel) {}

  createPayment(amount: string, currency: string, reference: string, idempotencyKey: string | undefined): PaymentAnswer {
    if (idempotencyKey !== undefined) {
      const first = this.byKey.get(idempotencyKey);
      if (first !== undefined) return { ...first, replayed: true };
    }
    this.sequence += 1;
    const fee = computePaymentFee(dec(amount), this.fees);
    const answer: PaymentAnswer = {
      kind: 'payment',
      paymentId: `${this.providerId}_${String(this.sequence).padStart(7, '0')}`,
      status: 'succeeded',
      amount,
      currency,
      fee: plain(fee),
      feeCcy: this.fees.currency,
      replayed: false,
    };
    // Charges are not kept per reference: the ground truth for duplicates is the execution record
    // (journal), and a 100k-item drill would hold every answer in a list per payment until the end.
    if (idempotencyKey !== undefined) this.byKey.set(idempotencyKey, answer);
    return answer;
  }

  paymentStatus(idempotencyKey: string): PaymentStatusAnswer {
    const p = this.byKey.get(idempotencyKey);
    return p === undefined ? { kind: 'payment_status', found: false } : { kind: 'payment_status', found: true, payment: p };
  }
}
