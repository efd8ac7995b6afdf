/**
 * What a provider refuses before it executes anything: a malformed, zero, negative or out-of-range
 * order quantity or payment amount, answered with the status, code and message the real API uses.
 * executeProviderRequest applies it, so sim mode and the HTTP mocks (msw and proxy modes) refuse
 * the same requests the same way. Syntax that only exists on the wire (Stripe's integer minor units,
 * a missing parameter) is checked by the mock that parses it (mocks/stripe.ts, mocks/paypal.ts).
 *
 * Sources: Binance spot API "Error codes" (-1100 ILLEGAL_CHARS with the quantity pattern; -1013
 * "Filter failure: LOT_SIZE" for a quantity below minQty or off the step); Stripe "Error codes"
 * (`parameter_invalid_integer` "This value must be greater than or equal to 1.", `amount_too_small`,
 * `amount_too_large` "Amount must be no more than $999,999.99": at most 8 digits in minor units);
 * PayPal Orders v2 errors (422 UNPROCESSABLE_ENTITY, issues CANNOT_BE_ZERO_OR_NEGATIVE and
 * DECIMAL_PRECISION). docs/msw.md lists what the mocks model and where they deviate.
 */
import { dec, minorUnits } from '../finance/decimal.js';
import type { Archetype, Instrument } from '../scenario/model.js';
import type { ProviderRejection } from './answers.js';

/** Binance's pattern for `quantity` (digits, an optional fraction; no sign, exponent or "Infinity"). */
export const BINANCE_QUANTITY_PATTERN = '^([0-9]{1,20})(\\.[0-9]{1,20})?$';
const BINANCE_QUANTITY = new RegExp(BINANCE_QUANTITY_PATTERN);

function rejection(status: number, code: string, message: string, param?: string): ProviderRejection {
  return { kind: 'rejection', status, code, message, ...(param === undefined ? {} : { param }) };
}

/**
 * A market order's quantity at a Binance-like venue: the parameter pattern first (-1100), then the
 * LOT_SIZE filter the venue's exchangeInfo advertises (minQty = stepSize = the instrument's lot).
 */
export function orderQuantityRejection(qty: string, instrument: Pick<Instrument, 'lotSize'>): ProviderRejection | undefined {
  if (!BINANCE_QUANTITY.test(qty)) return rejection(400, '-1100', `Illegal characters found in parameter 'quantity'; legal range is '${BINANCE_QUANTITY_PATTERN}'.`);
  const q = dec(qty);
  const step = dec(instrument.lotSize);
  if (q.lt(step) || !q.mod(step).isZero()) return rejection(400, '-1013', 'Filter failure: LOT_SIZE');
  return undefined;
}

/** Stripe's largest amount: 8 digits in minor units ($999,999.99). */
const STRIPE_MAX_MINOR = 99_999_999n;
/**
 * Stripe's minimum charge per presentment currency, in minor units (Stripe "Supported currencies",
 * minimum charge amounts). Stripe checks the minimum after converting to the settlement currency;
 * the mock checks it in the charge's own currency. Currencies not listed have no minimum here.
 */
const STRIPE_MIN_MINOR: Readonly<Record<string, bigint>> = {
  USD: 50n, AUD: 50n, NZD: 50n, CAD: 50n, EUR: 50n, CHF: 50n, SGD: 50n, GBP: 30n, HKD: 400n, JPY: 50n, DKK: 250n, NOK: 300n, SEK: 300n, MXN: 1000n,
};
const SYMBOL: Readonly<Record<string, string>> = { USD: '$', AUD: '$', NZD: '$', CAD: '$', SGD: '$', HKD: '$', MXN: '$', EUR: '€', GBP: '£', JPY: '¥' };

/** `amount` (a decimal string in the currency's major unit) in minor units, or undefined when it is not a whole number of them. */
function toMinorUnits(amount: string, ccy: string): bigint | undefined {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount);
  if (m === null) return undefined;
  const units = minorUnits(ccy);
  const frac = (m[3] ?? '').replace(/0+$/, '');
  if (frac.length > units) return undefined;
  const minor = BigInt(`${m[2]}${frac.padEnd(units, '0')}`);
  return m[1] === '-' ? -minor : minor;
}

/** Minor units as Stripe prints them in its messages: `$0.50` (`grouped`: `$999,999.99`). */
function stripeMoney(minor: bigint, ccy: string, grouped = false): string {
  const units = minorUnits(ccy);
  const digits = minor.toString().padStart(units + 1, '0');
  const int = units === 0 ? digits : digits.slice(0, -units);
  const whole = grouped ? int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : int;
  return `${SYMBOL[ccy] ?? ''}${units === 0 ? whole : `${whole}.${digits.slice(-units)}`}`;
}

/** A payment amount at a gateway of `archetype` (stripe or paypal), in the currency's major unit. */
export function paymentAmountRejection(archetype: Archetype, amount: string, ccy: string): ProviderRejection | undefined {
  const minor = toMinorUnits(amount, ccy);
  if (archetype === 'paypal') {
    if (minor === undefined) {
      return /^-?\d+(\.\d+)?$/.test(amount)
        ? rejection(422, 'DECIMAL_PRECISION', `If the currency supports decimals, only ${minorUnits(ccy)} decimal place precision is supported.`, 'amount')
        : rejection(400, 'INVALID_PARAMETER_SYNTAX', 'The value of a field does not conform to the expected format.', 'amount');
    }
    if (minor <= 0n) return rejection(422, 'CANNOT_BE_ZERO_OR_NEGATIVE', 'Must be greater than zero. If the currency supports decimals, only two decimal place precision is supported.', 'amount');
    return undefined;
  }
  if (archetype !== 'stripe') return undefined;
  // The wire amount is an integer of minor units; a major-unit amount that is not a whole number of
  // them could not be sent (the client has to round first).
  if (minor === undefined) return rejection(400, 'parameter_invalid_integer', `Invalid integer: ${amount}`, 'amount');
  if (minor < 1n) return rejection(400, 'parameter_invalid_integer', 'This value must be greater than or equal to 1.', 'amount');
  if (minor > STRIPE_MAX_MINOR) return rejection(400, 'amount_too_large', `Amount must be no more than ${stripeMoney(STRIPE_MAX_MINOR, ccy, true)}`, 'amount');
  const min = STRIPE_MIN_MINOR[ccy];
  if (min !== undefined && minor < min) return rejection(400, 'amount_too_small', `Amount must be at least ${stripeMoney(min, ccy)} ${ccy.toLowerCase()}`, 'amount');
  return undefined;
}
