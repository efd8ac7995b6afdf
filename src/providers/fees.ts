/** Fees as each counterparty computes them: per charge / per fill, rounded by its own rule (§1.1.3). */
import { dec, minorUnits, roundTo, type Dec } from '../finance/decimal.js';
import type { FeeModel } from '../scenario/model.js';

/** Card/payment fee: percent of amount + fixed, rounded per charge to the fee currency's minor unit. */
export function computePaymentFee(amount: Dec, fees: FeeModel): Dec {
  const raw = amount.times(dec(fees.percent)).div(100);
  return roundTo(raw, minorUnits(fees.currency), fees.rounding).plus(dec(fees.fixed));
}

/** Liquidity-provider taker fee on a fill's notional, rounded per fill in the quote currency. */
export function computeTakerFee(notional: Dec, fees: FeeModel, quoteCcy: string): Dec {
  return roundTo(notional.times(dec(fees.takerBps)).div(10_000), minorUnits(quoteCcy), fees.rounding);
}
