/**
 * A payment gateway (Stripe-/PayPal-like). Each create call charges the customer unless it carries an
 * idempotency key (Stripe `Idempotency-Key`, PayPal `PayPal-Request-Id`) seen before, in which case
 * the first response is replayed and nobody is charged twice (finance-reference.md §2.5).
 */
import { dec, plain } from '../finance/decimal.js';
import type { FxTable } from '../finance/fx.js';
import { plainShort, ShortDec } from '../finance/short-dec.js';
import type { FeeModel } from '../scenario/model.js';
import type { PaymentAnswer, PaymentStatusAnswer } from './answers.js';
import { computeConvertedPaymentFee, computePaymentFeeShort, type FeeConversion } from './fees.js';
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
    /** Set when the charge was converted into the fee schedule's currency. */
    readonly conversion?: FeeConversion,
  ) {}
}

export class PaymentGatewayModel {
  /** By idempotency key (`idem-<payment id>` in the reference gateway: an IdMap, not a hash table). */
  private readonly byKey = new IdMap<Charge>();
  private sequence = 0;

  /** `fx`: the drill's rates, for charges in another currency than the fee schedule's (§1.3). */
  constructor(private readonly providerId: string, private readonly fees: FeeModel, private readonly fx?: FxTable) {}

  createPayment(amount: string, currency: string, reference: string, idempotencyKey: string | undefined): PaymentAnswer {
    if (idempotencyKey !== undefined) {
      const first = this.byKey.get(idempotencyKey);
      if (first !== undefined) return this.answer(first, true);
    }
    this.sequence += 1;
    const charge = this.charge(amount, currency);
    // Charges are not kept per reference: the ground truth for duplicates is the execution record
    // (journal), and a 100k-item drill would hold every answer in a list per payment until the end.
    if (idempotencyKey !== undefined) this.byKey.set(idempotencyKey, charge);
    return this.answer(charge, false);
  }

  private charge(amount: string, currency: string): Charge {
    if (currency.toUpperCase() === this.fees.currency.toUpperCase()) {
      return new Charge(this.sequence, amount, currency, plainShort(computePaymentFeeShort(ShortDec.parse(amount), this.fees)));
    }
    if (this.fx === undefined) throw new RangeError(`${this.providerId}: a ${currency} charge against a ${this.fees.currency} fee schedule needs FX rates`);
    const { fee, conversion } = computeConvertedPaymentFee(dec(amount), currency, this.fees, this.fx);
    return new Charge(this.sequence, amount, currency, plain(fee), conversion);
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
      ...(charge.conversion === undefined ? {} : { conversion: charge.conversion }),
      replayed,
    };
  }
}
