/**
 * An exact fast path for the evaluation's hot sums and folds. Almost every figure of a drill is a
 * short decimal (a price with 2 places, a quantity with 4), and so is almost every intermediate
 * (a product, a running sum). decimal.js spends most of its time on the general case: every
 * operation copies its operand, allocates a digit array and normalises the result.
 *
 * A ShortDec is a faithful stand-in for the Dec the same operation would give (test/unit/finance/
 * short-dec.test.ts compares every operation with decimal.js):
 * - short: m × 10^−s with m a safe integer (|m| ≤ 2^53 − 1) in a double, so + − × are one or two
 *   machine operations. Such a value has at most 16 significant digits, well under the 50 of
 *   `Dec`, so decimal.js would not round it either; and a double operation whose exact result is
 *   a safe integer is exact, while one whose exact result is not gives a magnitude ≥ 2^53
 *   (rounding is monotonic), so `|r| ≤ 2^53 − 1` proves exactness.
 * - long: b × 10^−s with b a BigInt, for what does not fit (an average cost after a division, an
 *   FX rate). decimal.js rounds the exact result of + − × ÷ to 50 significant digits, half to even
 *   (Dec's configuration), and so does this: the exact BigInt result, rounded the same way.
 *   Negation and absolute value do not round, in either. A long value is never zero.
 * - the sign of a zero follows IEEE 754 in both (0 − 0 = +0, −0 + −0 = −0, −x × 0 = −0), and
 *   decimal.js's `isPositive`/`isNegative` read it, so it is kept, not normalised away;
 * - what neither covers (±Infinity, NaN, a division by zero, exponents far apart) is done by the
 *   Dec operation itself.
 */
import { Dec, dec, plain, roundTo, type RoundingMode } from './decimal.js';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const MAX_SAFE_N = BigInt(MAX_SAFE);
/** 10^k, exact as doubles for k ≤ 22; a shift by more than 15 places cannot stay safe unless m = 0. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const NEG_ZERO = new Dec('-0');
/** Dec's configuration, which the long route reproduces. */
const PRECISION = Dec.precision;
if (Dec.rounding !== Dec.ROUND_HALF_EVEN) throw new Error('short-dec.ts rounds half to even, as Dec is configured; update it with Dec');
/** 10^k as BigInt, k ≤ 200 (digit counts, alignment and rounding of long values). */
const POW10N: bigint[] = [1n];
for (let k = 1; k <= 200; k++) POW10N.push(POW10N[k - 1]! * 10n);
/** Exponents further apart than this are aligned by decimal.js instead (a BigInt of 10^gap digits). */
const MAX_GAP = 150;

/** m × 10^k when exact and safe (m ≥ 1 shifted by k > 15 never is); NaN otherwise. */
function shift(m: number, k: number): number {
  if (k > 15) return m === 0 ? m : Number.NaN;
  const r = m * POW10[k]!;
  return Math.abs(r) <= MAX_SAFE ? r : Number.NaN;
}

function pow10n(k: number): bigint {
  return k <= 200 ? POW10N[k]! : 10n ** BigInt(k);
}

/** Decimal digits of x > 0. */
function digitsOf(x: bigint): number {
  if (x >= POW10N[200]!) return x.toString().length;
  let lo = 0;
  let hi = 200;
  // The largest k with 10^k ≤ x.
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (POW10N[mid]! <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

export class ShortDec {
  /**
   * m: the mantissa when short (a safe integer), else NaN; b: the mantissa when long (never 0n);
   * s: the scale (places; ≥ 0 when short, any integer when long); d: the Dec, made once when
   * asked for, and the only form of ±Infinity and NaN.
   */
  private constructor(
    readonly m: number,
    readonly s: number,
    private readonly b: bigint | undefined,
    private d: Dec | undefined,
  ) {}

  /** A short value m × 10^−s (m a safe integer, s ≥ 0, both checked by the caller). */
  static fromParts(m: number, s: number): ShortDec {
    return new ShortDec(m, s, undefined, undefined);
  }

  /** The same value as `value` (not rounded): short when its digits fit a safe integer. */
  static of(value: Dec): ShortDec {
    const words = value.d;
    // decimal.js keeps finite digits in base-10^7 words, the first without leading zeros; e is the
    // decimal exponent of the leading digit. Three words (≤ 21 digits) bound a safe mantissa.
    if (words === null || words === undefined) return new ShortDec(Number.NaN, 0, undefined, value);
    if (words.length <= 3) {
      let m = words[0]!;
      let digits = m < 10 ? 1 : m < 100 ? 2 : m < 1e3 ? 3 : m < 1e4 ? 4 : m < 1e5 ? 5 : m < 1e6 ? 6 : 7;
      for (let i = 1; i < words.length; i++) {
        m = m * 1e7 + words[i]!;
        digits += 7;
      }
      if (m <= MAX_SAFE) {
        let s = digits - 1 - value.e;
        if (s < 0) {
          m = shift(m, -s);
          s = 0;
        }
        // Words are padded with zeros to 7 digits: drop them, or a product of two such values
        // would overflow a safe mantissa long before its value needs to.
        while (s > 0 && m !== 0 && m % 10 === 0) {
          m /= 10;
          s--;
        }
        // value.s is ±1 (also for a zero, whose sign decimal.js keeps).
        if (m === m) return new ShortDec(value.s < 0 ? -m : m, s, undefined, value);
      }
    }
    let text = String(words[0]);
    for (let i = 1; i < words.length; i++) text += String(words[i]).padStart(7, '0');
    const b = BigInt(text);
    const s = text.length - 1 - value.e;
    const long = ShortDec.fromBig(value.s < 0 ? -b : b, s, true);
    long.d = value;
    return long;
  }

  /**
   * Parse a journal decimal string. Plain forms (`-123.4500`) of up to 15 digits are read
   * directly; anything else goes through `Dec` (which throws on a non-decimal, as `dec` does).
   */
  static parse(text: string): ShortDec {
    const m = parseMantissa(text);
    if (m === m) return new ShortDec(m, parsedScale, undefined, undefined);
    return ShortDec.of(dec(text));
  }

  /** Short (+ − × on doubles). */
  get isShort(): boolean {
    return this.m === this.m;
  }

  /** The Dec of this value (made once, then kept). */
  toDec(): Dec {
    let d = this.d;
    if (d === undefined) {
      // A long value's Dec is parsed from its digits (exact: the constructor does not round).
      d = this.b === undefined ? decOfParts(this.m, this.s) : new Dec(`${this.b}e${-this.s}`);
      this.d = d;
    }
    return d;
  }

  plus(y: ShortDec): ShortDec {
    const a = this.m;
    const b = y.m;
    if (a === a && b === b) {
      const s = this.s >= y.s ? this.s : y.s;
      const r = (this.s === s ? a : shift(a, s - this.s)) + (y.s === s ? b : shift(b, s - y.s));
      if (Math.abs(r) <= MAX_SAFE) return new ShortDec(r, s, undefined, undefined);
    }
    return this.sum(y, false);
  }

  minus(y: ShortDec): ShortDec {
    const a = this.m;
    const b = y.m;
    if (a === a && b === b) {
      const s = this.s >= y.s ? this.s : y.s;
      const r = (this.s === s ? a : shift(a, s - this.s)) - (y.s === s ? b : shift(b, s - y.s));
      if (Math.abs(r) <= MAX_SAFE) return new ShortDec(r, s, undefined, undefined);
    }
    return this.sum(y, true);
  }

  times(y: ShortDec): ShortDec {
    const r = this.m * y.m;
    if (Math.abs(r) <= MAX_SAFE) return new ShortDec(r, this.s + y.s, undefined, undefined);
    if (!this.isFinite() || !y.isFinite()) return ShortDec.of(this.toDec().times(y.toDec()));
    // ±0 × a long value: a zero with the product of the signs (decimal.js and IEEE 754 agree).
    if (this.isZero() || y.isZero()) return this.isNegative() !== y.isNegative() ? SHORT_NEG_ZERO : SHORT_ZERO;
    return ShortDec.roundedOf(this.big() * y.big(), this.s + y.s, false);
  }

  /** decimal.js's quotient: the exact quotient rounded to 50 significant digits, half to even. */
  div(y: ShortDec): ShortDec {
    if (!this.isFinite() || !y.isFinite() || this.isZero() || y.isZero()) return ShortDec.of(this.toDec().div(y.toDec()));
    const x = this.big();
    const z = y.big();
    const neg = x < 0n !== z < 0n;
    const n = x < 0n ? -x : x;
    const d = z < 0n ? -z : z;
    // n × 10^t ÷ d with at least PRECISION + 2 digits, and whether a remainder is left (sticky).
    const t = Math.max(0, PRECISION + 2 + digitsOf(d) - digitsOf(n));
    const scaled = n * pow10n(t);
    const q = scaled / d;
    const sticky = q * d !== scaled;
    return ShortDec.roundedOf(neg ? -q : q, t + this.s - y.s, sticky, true);
  }

  neg(): ShortDec {
    const a = this.m;
    if (a === a) return new ShortDec(-a, this.s, undefined, undefined);
    return this.b === undefined ? ShortDec.of(this.toDec().neg()) : new ShortDec(Number.NaN, this.s, -this.b, undefined);
  }

  abs(): ShortDec {
    const a = this.m;
    if (a === a) return a > 0 || Object.is(a, 0) ? this : new ShortDec(-a, this.s, undefined, undefined);
    if (this.b === undefined) return ShortDec.of(this.toDec().abs());
    return this.b > 0n ? this : new ShortDec(Number.NaN, this.s, -this.b, undefined);
  }

  /** −1, 0 or 1 (decimal.js `cmp`; ±0 compare equal). */
  cmp(y: ShortDec): number {
    const a = this.m;
    const b = y.m;
    if (a === a && b === b) {
      const s = this.s >= y.s ? this.s : y.s;
      const x = this.s === s ? a : shift(a, s - this.s);
      const z = y.s === s ? b : shift(b, s - y.s);
      if (x === x && z === z) return x < z ? -1 : x > z ? 1 : 0;
    }
    if (!this.isFinite() || !y.isFinite() || Math.abs(this.s - y.s) > MAX_GAP) return this.toDec().cmp(y.toDec());
    const s = this.s >= y.s ? this.s : y.s;
    const x = this.big() * pow10n(s - this.s);
    const z = y.big() * pow10n(s - y.s);
    return x < z ? -1 : x > z ? 1 : 0;
  }

  isZero(): boolean {
    const a = this.m;
    if (a === a) return a === 0;
    return this.b === undefined ? this.toDec().isZero() : false;
  }

  /** decimal.js `isPositive`: true for +0, false for −0. */
  isPositive(): boolean {
    const a = this.m;
    if (a === a) return a > 0 || Object.is(a, 0);
    return this.b === undefined ? this.toDec().isPositive() : this.b > 0n;
  }

  /** decimal.js `isNegative`: true for −0. */
  isNegative(): boolean {
    const a = this.m;
    if (a === a) return a < 0 || Object.is(a, -0);
    return this.b === undefined ? this.toDec().isNegative() : this.b < 0n;
  }

  gt(y: ShortDec): boolean {
    return this.cmp(y) > 0;
  }

  lt(y: ShortDec): boolean {
    return this.cmp(y) < 0;
  }

  lte(y: ShortDec): boolean {
    return this.cmp(y) <= 0;
  }

  eq(y: ShortDec): boolean {
    return this.cmp(y) === 0;
  }

  /** Short or long (not ±Infinity or NaN). */
  private isFinite(): boolean {
    return this.m === this.m || this.b !== undefined;
  }

  /** The mantissa as a BigInt (finite values only; a short ±0 is 0n). */
  private big(): bigint {
    return this.b ?? BigInt(this.m);
  }

  /**
   * A long value b × 10^−s as it is (not rounded), made short when it fits; `strip`: drop trailing
   * zeros first (a Dec's padded digit words, an exact quotient), a remainder that other results
   * (which rarely end in a zero) need not pay for.
   */
  private static fromBig(b: bigint, s: number, strip: boolean): ShortDec {
    let abs = b < 0n ? -b : b;
    let scale = s;
    // An exact quotient (10 ÷ 4) comes out of the rounding with trailing zeros: drop them (a few
    // remainders, in halving steps) so that it can be short again.
    if (strip && abs > MAX_SAFE_N && abs % 10n === 0n) {
      for (let k = 32; k >= 1; k >>= 1) {
        const unit = POW10N[k]!;
        while (abs % unit === 0n) {
          abs /= unit;
          scale -= k;
        }
      }
    }
    if (abs <= MAX_SAFE_N) {
      let m = Number(abs);
      while (scale > 0 && m % 10 === 0) {
        m /= 10;
        scale--;
      }
      if (scale < 0) m = shift(m, -scale);
      if (m === m) return ShortDec.fromParts(b < 0n ? -m : m, Math.max(scale, 0));
    }
    return new ShortDec(Number.NaN, scale, b < 0n ? -abs : abs, undefined);
  }

  /**
   * b × 10^−s (b ≠ 0) rounded to PRECISION significant digits, half to even; `sticky`: the exact
   * value is a little more (in magnitude) than b × 10^−s (a division's remainder).
   */
  private static roundedOf(b: bigint, s: number, sticky: boolean, strip = false): ShortDec {
    const neg = b < 0n;
    let q = neg ? -b : b;
    const n = digitsOf(q);
    let scale = s;
    if (n > PRECISION) {
      const k = n - PRECISION;
      const unit = pow10n(k);
      const rest = q % unit;
      q /= unit;
      const half = unit / 2n;
      if (rest > half || (rest === half && (sticky || (q & 1n) === 1n))) q += 1n;
      scale -= k;
    } else if (sticky) {
      // Never: a quotient is computed to more than PRECISION digits.
      throw new Error('short-dec: a sticky remainder below the precision');
    }
    return ShortDec.fromBig(neg ? -q : q, scale, strip);
  }

  /** x ± y rounded as decimal.js rounds a sum, once the short route could not do it. */
  private sum(y: ShortDec, subtract: boolean): ShortDec {
    if (!this.isFinite() || !y.isFinite() || Math.abs(this.s - y.s) > MAX_GAP) {
      return ShortDec.of(subtract ? this.toDec().minus(y.toDec()) : this.toDec().plus(y.toDec()));
    }
    // Not both short (or the short sum overflowed), so neither is a zero plus a zero: an exact
    // zero here is a cancellation, +0 in decimal.js as in IEEE 754 (rounding half to even).
    const s = this.s >= y.s ? this.s : y.s;
    const x = this.big() * pow10n(s - this.s);
    const z = y.big() * pow10n(s - y.s);
    const r = subtract ? x - z : x + z;
    return r === 0n ? SHORT_ZERO : ShortDec.roundedOf(r, s, false);
  }
}

export const SHORT_ZERO = ShortDec.fromParts(0, 0);
const SHORT_NEG_ZERO = ShortDec.fromParts(-0, 0);

const POS_ZERO = new Dec(0);
/** decimal.js recognises another clone's instance by this tag and copies its sign, exponent and digits. */
const DECIMAL_TAG = '[object Decimal]';

/**
 * The Dec of m × 10^−s (m a safe integer) without formatting and parsing a string: its sign,
 * decimal exponent and base-10^7 digit words, laid out as decimal.js's parser lays them out (the
 * first word holds the digits down to a multiple of 7 places from the point, the last is padded
 * with zeros, no zero word at either end), handed to the constructor as a decimal.js instance
 * would be. test/unit/finance/short-dec.test.ts compares it with `new Dec(string)`.
 */
export function decOfParts(m: number, s: number): Dec {
  if (m === 0) return Object.is(m, -0) ? NEG_ZERO : POS_ZERO;
  let a = m < 0 ? -m : m;
  let scale = s;
  while (a % 10 === 0) {
    a /= 10;
    scale--;
  }
  let n = 1;
  while (n < 16 && a >= POW10[n]!) n++;
  const e = n - 1 - scale;
  // Digits in the first word: (e + 1) mod 7, counted as decimal.js counts it (7 when e = −1).
  let first = (e + 1) % 7;
  if (e < 0) first += 7;
  const total = first >= n ? first : first + 7 * Math.ceil((n - first) / 7);
  const z = total - n;
  // a × 10^z (z ≤ 6) in base 10^7 without leaving the safe integers: a = a2·10^14 + a1·10^7 + a0.
  const f = POW10[z]!;
  const a0 = a % 1e7;
  const a1 = Math.floor(a / 1e7) % 1e7;
  const a2 = Math.floor(a / 1e14);
  const t0 = a0 * f;
  const w0 = t0 % 1e7;
  const t1 = a1 * f + Math.floor(t0 / 1e7);
  const w1 = t1 % 1e7;
  const t2 = a2 * f + Math.floor(t1 / 1e7);
  const w2 = t2 % 1e7;
  const w3 = Math.floor(t2 / 1e7);
  const words = w3 !== 0 ? [w3, w2, w1, w0] : w2 !== 0 ? [w2, w1, w0] : w1 !== 0 ? [w1, w0] : [w0];
  while (words[words.length - 1] === 0) words.pop();
  return new Dec({ toStringTag: DECIMAL_TAG, s: m < 0 ? -1 : 1, e, d: words } as unknown as Dec);
}

/** The scale of the last `parseMantissa` that succeeded (a second return value without an allocation). */
let parsedScale = 0;

/**
 * The mantissa of a plain decimal string `-?\d+(\.\d+)?` with at most 15 digits (so a safe
 * integer), its scale left in `parsedScale`; NaN for any other form (exponents, a leading `+` or
 * `.`, more digits), which the caller parses with decimal.js.
 */
export function parseMantissa(text: string): number {
  const n = text.length;
  let i = 0;
  let neg = false;
  if (n > 0 && text.charCodeAt(0) === 45) {
    neg = true;
    i = 1;
  }
  if (i >= n || n - i > 16) return Number.NaN;
  let m = 0;
  let digits = 0;
  let point = -1;
  for (; i < n; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c >= 0 && c <= 9) {
      m = m * 10 + c;
      digits++;
    } else if (c === -2 && point < 0 && digits > 0) {
      point = digits;
    } else {
      return Number.NaN;
    }
  }
  if (digits > 15 || point === digits) return Number.NaN;
  parsedScale = point < 0 ? 0 : digits - point;
  return neg ? -m : m;
}

/** The scale that goes with the last successful `parseMantissa`. */
export function lastParsedScale(): number {
  return parsedScale;
}

/**
 * `ShortDec.of(roundTo(x.toDec(), dp, mode))`: the same value and sign of zero. A short value with
 * more than `dp` places is divided by 10^k (k = s − dp) with an integer quotient and remainder, and
 * the quotient moved one unit away from zero when the mode asks; a long value (or a fractional or
 * negative `dp`) goes through decimal.js.
 *
 * Exactness: |m| ≤ 2^53 − 1 and 10^k (k ≤ 22) are exact doubles. For k ≥ 16, 10^k > |m|, so the
 * quotient is 0 and the remainder |m|. For k ≤ 15, the floor of the double quotient is off by at
 * most one from the true one, and q × 10^k = (q × 5^k) × 2^k with q × 5^k < 2^53, so the remainder
 * |m| − q × 10^k is exact and corrects it. 2r (< 2^54, a power-of-two multiple) is exact too.
 * decimal.js rounds a negative value that rounds to zero to −0, as here (test/unit/finance/
 * short-dec.test.ts compares every mode with roundTo).
 */
export function roundShort(x: ShortDec, dp: number, mode: RoundingMode): ShortDec {
  const m = x.m;
  const s = x.s;
  if (m === m && dp >= 0 && Number.isInteger(dp) && s - dp <= 22) {
    if (s <= dp) return x;
    const k = s - dp;
    const unit = POW10[k]!;
    const negative = m < 0 || Object.is(m, -0);
    const a = negative ? -m : m;
    let q = Math.floor(a / unit);
    let r = a - q * unit;
    if (r < 0) {
      q--;
      r += unit;
    } else if (r >= unit) {
      q++;
      r -= unit;
    }
    let away: boolean;
    switch (mode) {
      case 'half_even': {
        const twice = 2 * r;
        away = twice > unit || (twice === unit && q % 2 === 1);
        break;
      }
      case 'half_up':
        away = 2 * r >= unit;
        break;
      case 'down':
        away = false;
        break;
      case 'up':
        away = r > 0;
        break;
      case 'floor':
        away = negative && r > 0;
        break;
      case 'ceil':
        away = !negative && r > 0;
        break;
    }
    if (away) q++;
    return ShortDec.fromParts(negative ? -q : q, dp);
  }
  return ShortDec.of(roundTo(x.toDec(), dp, mode));
}

/**
 * `plain(x.toDec())` (decimal.js `toFixed()`): the digits without trailing fractional zeros, no
 * exponent, and no sign on a zero (−0 prints as 0).
 */
export function plainShort(x: ShortDec): string {
  const m = x.m;
  if (m === m) {
    let a = m < 0 ? -m : m;
    let s = x.s;
    while (s > 0 && a % 10 === 0) {
      // Exact: a multiple of 10 divided by 10 is an integer.
      a /= 10;
      s--;
    }
    // A safe integer prints in plain digits (String uses an exponent only from 10^21).
    let digits = String(a);
    if (s > 0) {
      if (digits.length <= s) digits = '0'.repeat(s - digits.length + 1) + digits;
      digits = `${digits.slice(0, digits.length - s)}.${digits.slice(digits.length - s)}`;
    }
    return m < 0 ? `-${digits}` : digits;
  }
  return plain(x.toDec());
}
