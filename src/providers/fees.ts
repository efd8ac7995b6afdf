/** Fees as each counterparty computes them: per charge / per fill, rounded by its own rule (§1.1.3). */
import { dec, minorUnits, plain, roundTo, type Dec } from '../finance/decimal.js';
import { lookupFxRate, type FxTable } from '../finance/fx.js';
import { roundShort, ShortDec } from '../finance/short-dec.js';
import type { FeeModel } from '../scenario/model.js';

/**
 * Fee texts parsed once (a fee is computed per charge and per fill), rates already scaled by their
 * power of ten. x × (r / 10^k) is exactly (x × r) / 10^k: rounding to significant digits commutes
 * with a power-of-ten scale, and r / 10^k is exact while r has at most 50 digits (else undefined,
 * and the caller divides as before) — the same Dec either way, without a 50-digit long division.
 */
const parsed = new Map<string, Dec>();
/** By divisor, then rate text (no per-call key string to build and hash). */
const scaled = { 100: new Map<string, Dec | undefined>(), 10_000: new Map<string, Dec | undefined>() };

function parsedDec(text: string): Dec {
  let d = parsed.get(text);
  if (d === undefined) parsed.set(text, (d = dec(text)));
  return d;
}

function scaledRate(text: string, divisor: 100 | 10_000): Dec | undefined {
  const cache = scaled[divisor];
  const hit = cache.get(text);
  if (hit !== undefined || cache.has(text)) return hit;
  const r = parsedDec(text);
  const rate = r.sd(true) <= 50 ? r.div(divisor) : undefined;
  cache.set(text, rate);
  return rate;
}

/** Card/payment fee: percent of amount + fixed, rounded per charge to the fee currency's minor unit. */
export function computePaymentFee(amount: Dec, fees: FeeModel): Dec {
  const rate = scaledRate(fees.percent, 100);
  const raw = rate === undefined ? amount.times(parsedDec(fees.percent)).div(100) : amount.times(rate);
  return roundTo(raw, minorUnits(fees.currency), fees.rounding).plus(parsedDec(fees.fixed));
}

/** Liquidity-provider taker fee on a fill's notional, rounded per fill in the quote currency. */
export function computeTakerFee(notional: Dec, fees: FeeModel, quoteCcy: string): Dec {
  const rate = scaledRate(fees.takerBps, 10_000);
  const raw = rate === undefined ? notional.times(parsedDec(fees.takerBps)).div(10_000) : notional.times(rate);
  return roundTo(raw, minorUnits(quoteCcy), fees.rounding);
}

/** Rates and fixed fees as ShortDec, by text (the same values as the Dec caches above). */
const scaledShort = new Map<string, ShortDec | null>();
const parsedShort = new Map<string, ShortDec>();
const minorUnitsOf = new Map<string, number>();

/**
 * `computePaymentFee(amount.toDec(), fees)` as a ShortDec: the same operations in the same order on
 * ShortDec, each giving the Dec decimal.js would (short-dec.ts), so the same value and sign; a rate
 * that could not be pre-scaled takes the Dec route as computePaymentFee does.
 */
export function computePaymentFeeShort(amount: ShortDec, fees: FeeModel): ShortDec {
  let rate = scaledShort.get(fees.percent);
  if (rate === undefined) {
    const r = scaledRate(fees.percent, 100);
    rate = r === undefined ? null : ShortDec.of(r);
    scaledShort.set(fees.percent, rate);
  }
  if (rate === null) return ShortDec.of(computePaymentFee(amount.toDec(), fees));
  let fixed = parsedShort.get(fees.fixed);
  if (fixed === undefined) parsedShort.set(fees.fixed, (fixed = ShortDec.of(parsedDec(fees.fixed))));
  let dp = minorUnitsOf.get(fees.currency);
  if (dp === undefined) minorUnitsOf.set(fees.currency, (dp = minorUnits(fees.currency)));
  return roundShort(amount.times(rate), dp, fees.rounding).plus(fixed);
}

/** The conversion a processor applied to bring a charge into its fee schedule's currency (§1.3). */
export interface FeeConversion {
  /** Units of the fee currency per unit of the charge currency, as the processor applied it (6 dp). */
  rate: string;
  source: string;
  /** When the rate was fixed (epoch ms). */
  ts: number;
  /** The charge in the fee currency, rounded to its minor unit: what the schedule's percentage applies to. */
  settledAmount: string;
}

/** Decimal places of the conversion rate a processor applies (and prints): counterparties quote rates to ~6 dp. */
export const PROCESSOR_FX_DP = 6;

/**
 * A card fee when the schedule's currency is not the charge's (§1.3: a number is never labelled with
 * a currency it is not in): the charge is converted into the schedule's currency at the event-time
 * rate, rounded to 6 dp as a processor quotes it, the converted amount rounded to the fee currency's
 * minor unit by the processor's rule, and the schedule (percent + fixed) applied to that. A reviewer
 * recomputes fee = round(round(amount × fx_rate) × percent) + fixed from the CSV's own columns.
 */
export function computeConvertedPaymentFee(amount: Dec, amountCcy: string, fees: FeeModel, fx: FxTable): { fee: Dec; conversion: FeeConversion } {
  const record = lookupFxRate(fx, amountCcy, fees.currency);
  const rate = roundTo(record.rate, PROCESSOR_FX_DP, 'half_even');
  const settled = roundTo(amount.times(rate), minorUnits(fees.currency), fees.rounding);
  return {
    fee: computePaymentFee(settled, fees),
    conversion: { rate: rate.toFixed(PROCESSOR_FX_DP), source: record.source, ts: record.ts, settledAmount: plain(settled) },
  };
}
