import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dec, minorUnits, roundTo } from '../../../src/finance/decimal.js';
import { computePaymentFee, computePaymentFeeShort, computeTakerFee } from '../../../src/providers/fees.js';
import { plainShort, ShortDec } from '../../../src/finance/short-dec.js';
import type { FeeModel } from '../../../src/scenario/model.js';

// The fee functions multiply by a pre-scaled rate; they must give the Dec the plain formula
// (x × rate ÷ 10^k, parsed per call) gives, for any amount and fee text.
const decimalText = (maxDigits: number): fc.Arbitrary<string> =>
  fc.tuple(fc.bigInt({ min: 0n, max: 10n ** BigInt(maxDigits) }), fc.integer({ min: 0, max: 20 })).map(([units, scale]) => {
    const digits = units.toString().padStart(scale + 1, '0');
    return scale === 0 ? digits : `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  });

const model = (percent: string, takerBps: string, rounding: FeeModel['rounding']): FeeModel => ({
  percent, fixed: '0.30', makerBps: '0', takerBps, currency: 'AUD', disputeFee: '15', refundable: false, rounding,
});

describe('fees', () => {
  it('computePaymentFee and computeTakerFee equal the unscaled formula', () => {
    const rounding = fc.constantFrom<FeeModel['rounding']>('half_up', 'half_even', 'down', 'up');
    fc.assert(fc.property(decimalText(30), decimalText(60), decimalText(60), rounding, (amount, percent, bps, mode) => {
      const fees = model(percent, bps, mode);
      const a = dec(amount);
      const payment = roundTo(a.times(dec(percent)).div(100), minorUnits('AUD'), mode).plus(dec('0.30'));
      const taker = roundTo(a.times(dec(bps)).div(10_000), minorUnits('BTC'), mode);
      expect(computePaymentFee(a, fees).toFixed()).toBe(payment.toFixed());
      expect(computeTakerFee(a, fees, 'BTC').toFixed()).toBe(taker.toFixed());
    }), { numRuns: 5000 });
  });

  it('computePaymentFeeShort is computePaymentFee on ShortDec: value, sign and journal text', () => {
    const rounding = fc.constantFrom<FeeModel['rounding']>('half_up', 'half_even', 'down', 'up');
    const shortText = fc.tuple(fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 0, max: 4 })).map(([units, scale]) => {
      const digits = String(units).padStart(scale + 1, '0');
      return scale === 0 ? digits : `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
    });
    const amounts = fc.oneof(shortText, decimalText(30), fc.constantFrom('0', '-0', '0.01', '120.00', '-5.5'));
    const percents = fc.oneof(shortText, decimalText(60), fc.constantFrom('1.7', '2.6', '0', '2.9'));
    const fixeds = fc.oneof(shortText, fc.constantFrom('0.30', '0', '-0.05'));
    const currencies = fc.constantFrom('AUD', 'JPY', 'BTC', 'usd');
    fc.assert(fc.property(amounts, percents, fixeds, currencies, rounding, (amount, percent, fixed, currency, mode) => {
      const fees = { ...model(percent, '0', mode), fixed, currency };
      const want = computePaymentFee(dec(amount), fees);
      const got = computePaymentFeeShort(ShortDec.parse(amount), fees);
      expect(plainShort(got)).toBe(want.toFixed());
      expect(got.toDec().toFixed()).toBe(want.toFixed());
      expect(got.isNegative()).toBe(want.isNegative());
    }), { numRuns: 10_000 });
  });
});
