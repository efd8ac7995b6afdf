/**
 * An exact fast path for the evaluation's hot sums and folds. Almost every figure of a drill is a
 * short decimal (a price with 2 places, a quantity with 4), and so is almost every intermediate
 * (a product, a running sum). decimal.js spends most of its time on the general case: every
 * operation copies its operand, allocates a digit array and normalises the result.
 *
 * A ShortDec holds such a value as m × 10^−s with m a safe integer (|m| ≤ 2^53 − 1) in a double,
 * so + − × are one or two machine operations. It is a faithful stand-in for the Dec the same
 * operation would give:
 * - a result with a safe-integer mantissa has at most 16 significant digits, well under the 50 of
 *   `Dec`, so decimal.js would not round it either: both give the exact value;
 * - a double operation whose exact result is a safe integer is exact, and one whose exact result
 *   is not gives a magnitude ≥ 2^53 (rounding is monotonic), so `|r| ≤ 2^53 − 1` proves exactness;
 * - the sign of a zero follows IEEE 754 in both (0 − 0 = +0, −0 + −0 = −0, −x × 0 = −0), and
 *   decimal.js's `isPositive`/`isNegative` read it, so it is kept, not normalised away;
 * - anything else (a long operand, a mantissa that would overflow, a division) is done by the
 *   Dec operation itself and the result kept as a Dec (made short again when it is short).
 * test/unit/finance/short-dec.test.ts compares every operation with decimal.js.
 */
import { Dec, dec } from './decimal.js';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** 10^k, exact as doubles for k ≤ 22; a shift by more than 15 places cannot stay safe unless m = 0. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const NEG_ZERO = new Dec('-0');

/** m × 10^k when exact and safe (m ≥ 1 shifted by k > 15 never is); NaN otherwise. */
function shift(m: number, k: number): number {
  if (k > 15) return m === 0 ? m : Number.NaN;
  const r = m * POW10[k]!;
  return Math.abs(r) <= MAX_SAFE ? r : Number.NaN;
}

export class ShortDec {
  /**
   * m: the mantissa, a safe integer, or NaN when the value is long (then `d` holds it).
   * s: the scale (places), an integer ≥ 0, meaningful only when short.
   */
  private constructor(
    readonly m: number,
    readonly s: number,
    private d: Dec | undefined,
  ) {}

  /** A short value m × 10^−s (m a safe integer, s ≥ 0, both checked by the caller). */
  static fromParts(m: number, s: number): ShortDec {
    return new ShortDec(m, s, undefined);
  }

  /** The same value as `value`: short when its digits fit a safe integer, else kept as the Dec. */
  static of(value: Dec): ShortDec {
    const words = value.d;
    // decimal.js keeps finite digits in base-10^7 words, the first without leading zeros; e is the
    // decimal exponent of the leading digit. Three words (≤ 21 digits) bound a safe mantissa.
    if (words !== null && words !== undefined && words.length <= 3) {
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
        if (m === m) return new ShortDec(value.s < 0 ? -m : m, s, value);
      }
    }
    return new ShortDec(Number.NaN, 0, value);
  }

  /**
   * Parse a journal decimal string. Plain forms (`-123.4500`) of up to 15 digits are read
   * directly; anything else goes through `Dec` (which throws on a non-decimal, as `dec` does).
   */
  static parse(text: string): ShortDec {
    const m = parseMantissa(text);
    if (m === m) return new ShortDec(m, parsedScale, undefined);
    return ShortDec.of(dec(text));
  }

  /** Short (no Dec needed for + − ×). */
  get isShort(): boolean {
    return this.m === this.m;
  }

  /** The Dec of this value (made once, then kept). */
  toDec(): Dec {
    let d = this.d;
    if (d === undefined) {
      d = decOfParts(this.m, this.s);
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
      if (Math.abs(r) <= MAX_SAFE) return new ShortDec(r, s, undefined);
    }
    return ShortDec.of(this.toDec().plus(y.toDec()));
  }

  minus(y: ShortDec): ShortDec {
    const a = this.m;
    const b = y.m;
    if (a === a && b === b) {
      const s = this.s >= y.s ? this.s : y.s;
      const r = (this.s === s ? a : shift(a, s - this.s)) - (y.s === s ? b : shift(b, s - y.s));
      if (Math.abs(r) <= MAX_SAFE) return new ShortDec(r, s, undefined);
    }
    return ShortDec.of(this.toDec().minus(y.toDec()));
  }

  times(y: ShortDec): ShortDec {
    const r = this.m * y.m;
    if (Math.abs(r) <= MAX_SAFE) return new ShortDec(r, this.s + y.s, undefined);
    return ShortDec.of(this.toDec().times(y.toDec()));
  }

  /** Always decimal.js's division (it rounds to 50 digits); the quotient is made short when it is. */
  div(y: ShortDec): ShortDec {
    return ShortDec.of(this.toDec().div(y.toDec()));
  }

  neg(): ShortDec {
    const a = this.m;
    return a === a ? new ShortDec(-a, this.s, undefined) : ShortDec.of(this.toDec().neg());
  }

  abs(): ShortDec {
    const a = this.m;
    if (a === a) return a > 0 || Object.is(a, 0) ? this : new ShortDec(-a, this.s, undefined);
    return ShortDec.of(this.toDec().abs());
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
    return this.toDec().cmp(y.toDec());
  }

  isZero(): boolean {
    const a = this.m;
    return a === a ? a === 0 : this.toDec().isZero();
  }

  /** decimal.js `isPositive`: true for +0, false for −0. */
  isPositive(): boolean {
    const a = this.m;
    return a === a ? a > 0 || Object.is(a, 0) : this.toDec().isPositive();
  }

  /** decimal.js `isNegative`: true for −0. */
  isNegative(): boolean {
    const a = this.m;
    return a === a ? a < 0 || Object.is(a, -0) : this.toDec().isNegative();
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
}

export const SHORT_ZERO = ShortDec.fromParts(0, 0);

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
