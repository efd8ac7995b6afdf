/**
 * Report text straight from a ShortDec: `fixed(x, dp, 'half_even')` and `quotientFixed(n, d, dp)`
 * with integer arithmetic when the value is short, the Dec route otherwise. events.csv prints three
 * such figures per trade row (notional, P&L against mid, slippage in bps), ~115k rows on the 100k
 * drill; through decimal.js that was most of the file's cost.
 *
 * Exactness: every integer below is a safe integer, and every operation whose result could leave
 * the safe range is guarded (or the Dec route taken). A double division of safe integers may be off
 * by one from the true quotient; the remainder, computed exactly, corrects it.
 * test/unit/finance/short-format.test.ts compares both functions with the Dec ones.
 */
import { fixed, quotientFixed } from './decimal.js';
import { roundShort, type ShortDec } from './short-dec.js';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * round(a / b), half to even, for safe integers a ≥ 0 and b > 0 with a + b safe; NaN when they
 * are not. (roundShort does the same for b a power of ten; this is for any divisor.)
 */
function divRoundHalfEven(a: number, b: number): number {
  if (!(a + b <= MAX_SAFE) || b <= 0) return Number.NaN;
  let q = Math.floor(a / b);
  let r = a - q * b;
  if (r < 0) {
    q--;
    r += b;
  } else if (r >= b) {
    q++;
    r -= b;
  }
  // 2r ≤ 2b ≤ 2^54 is still exact as a double (a power-of-two multiple of an integer).
  const twice = 2 * r;
  if (twice > b || (twice === b && q % 2 === 1)) q++;
  return q;
}

/** A non-negative integer q as text with `dp` places (q = value × 10^dp), signed. */
function placesText(q: number, dp: number, negative: boolean): string {
  let digits = String(q);
  if (dp > 0) {
    if (digits.length <= dp) digits = '0'.repeat(dp - digits.length + 1) + digits;
    digits = `${digits.slice(0, digits.length - dp)}.${digits.slice(digits.length - dp)}`;
  }
  // As decimal.js: a negative value keeps its sign even when it rounds to zero; a zero has none.
  return negative ? `-${digits}` : digits;
}

/** `fixed(x.toDec(), dp, 'half_even')`, the same text. */
export function fixedShort(x: ShortDec, dp: number): string {
  if (x.m === x.m && dp <= 15) {
    // roundTo's rounding (roundShort), then the rounded mantissa at exactly dp places: its scale is
    // at most dp (dp when it rounded, less when x had fewer places).
    const r = roundShort(x, dp, 'half_even');
    const q = Math.abs(r.m) * POW10[dp - r.s]!;
    if (q <= MAX_SAFE) return placesText(q, dp, x.m < 0);
  }
  return fixed(x.toDec(), dp, 'half_even');
}

/** `quotientFixed(n.toDec(), d.toDec(), dp)`, the same text (n ÷ d to `dp` places, half to even). */
export function quotientFixedShort(n: ShortDec, d: ShortDec, dp: number): string {
  const nm = n.m;
  const dm = d.m;
  if (nm === nm && dm === dm && dm !== 0 && dp <= 15) {
    // n / d × 10^dp = (nm / dm) × 10^(d.s − n.s + dp)
    const e = d.s - n.s + dp;
    let num = Math.abs(nm);
    let den = Math.abs(dm);
    if (e >= 0 && e <= 15) num *= POW10[e]!;
    else if (e < 0 && e >= -15) den *= POW10[-e]!;
    else num = Number.NaN;
    if (num <= MAX_SAFE && den <= MAX_SAFE) {
      const q = divRoundHalfEven(num, den);
      // The quotient's sign: a zero numerator gives a zero quotient, printed unsigned.
      if (q === q) return placesText(q, dp, nm !== 0 && (nm < 0) !== (dm < 0));
    }
  }
  return quotientFixed(n.toDec(), d.toDec(), dp);
}
