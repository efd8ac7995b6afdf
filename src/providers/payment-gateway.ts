/**
 * A payment gateway (Stripe-/PayPal-like). Each create call charges the customer unless it carries an
 * idempotency key (Stripe `Idempotency-Key`, PayPal `PayPal-Request-Id`) seen before, in which case
 * the first response is replayed and nobody is charged twice (finance-reference.md §2.5).
 */
import { plainShort, ShortDec } from '../finance/short-dec.js';
import type { FeeModel } from '../scenario/model.js';
import type { PaymentAnswer, PaymentStatusAnswer } from './answers.js';
import { computePaymentFeeShort } from './fees.js';
import { IdMap } from '../finance/id-map.js';

/**
 * What the gateway keeps per idempotency key to answer again: the answer is rebuilt from it, so a
 * 100k-item drill holds four fields per charge instead of the answer and its payment id string.
 */
class Charge {
  constructor(
    readonly sequence: number,
    readonly amount: string,
    readonly currency: string,
    readonly fee: string,
  ) {}
}

export class PaymentGatewayModel {
  /** By idempotency key (`idem-<payment id>` in the reference gateway: an IdMap, not a hash table). */
  private readonly byKey = new IdMap<Charge>();
  private sequence = 0;

  constructor(private readonly providerId: string, private readonly fees: FeeModel) {}

  createPayment(amount: string, currency: string, reference: string, idempotencyKey: string | undefined): PaymentAnswer {
    if (idempotencyKey !== undefined) {
      const first = this.byKey.get(idempotencyKey);
      if (first !== undefined) return this.answer(first, true);
    }
    this.sequence += 1;
    const charge = new Charge(this.sequence, amount, currency, plainShort(computePaymentFeeShort(ShortDec.parse(amount), this.fees)));
    // Charges are not kept per reference: the ground truth for duplicates is the execution record
    // (journal), and a 100k-item drill would hold every answer in a list per payment until the end.
    if (idempotencyKey !== undefined) this.byKey.set(idempotencyKey, charge);
    return this.answer(charge, false);
  }

  paymentStatus(idempotencyKey: string): PaymentStatusAnswer {
    const p = this.byKey.get(idempotencyKey);
    return p === undefined ? { kind: 'payment_status', found: false } : { kind: 'payment_status', found: true, payment: this.answer(p, false) };
  }

  /** The charge's answer (a replay is the first answer with `replayed` set). */
  private answer(charge: Charge, replayed: boolean): PaymentAnswer {
    return {
      kind: 'payment',
      paymentId: `${this.providerId}_${String(charge.sequence).padStart(7, '0')}`,
      status: 'succeeded',
      amount: charge.amount,
      currency: charge.currency,
      fee: charge.fee,
      feeCcy: this.fees.currency,
      replayed,
    };
  }
}
