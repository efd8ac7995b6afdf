/**
 * The reference gateway's price-band check, `price.div(last).minus(1).abs().times(100).gt(bandPct)`
 * on Dec, decided with integers when that is provably the same answer. The Dec route divides at 50
 * significant digits (~10 µs for a quotient that does not terminate), once per accepted price.
 *
 * Why the integer route is the Dec route. Let x = p / l exactly, q = x rounded to 50 significant
 * digits (half to even), B the band, U+ = 1 + B/100 and U− = 1 − B/100. q − 1, |·| and × 100 are
 * exact on q (no more digits than q), so the Dec route tests q > U+ or q < U−. U± have few digits
 * (B is short), so rounding keeps them, and rounding is monotonic: x ≤ U+ gives q ≤ U+, and x ≥ U−
 * gives q ≥ U−. Within 1 < x < 10, q is within half a unit in the 50th digit of x, 5 × 10^−50, so
 * x > U+ + 10^−40 gives q > U+; within 0.1 < x < 1, likewise x < U− − 10^−40 gives q < U−. Only x
 * within 10^−40 above U+ or below U− (or outside those decades, or a value that is not short and
 * positive) is left to the Dec route. test/unit/finance/price-band.test.ts compares both routes on
 * prices built to land on and around the band's edges.
 */
import { dec } from './decimal.js';
import { ShortDec } from './short-dec.js';

const MARGIN_DIGITS = 40;
const POW10N: bigint[] = [1n];
for (let k = 1; k <= 120; k++) POW10N.push(POW10N[k - 1]! * 10n);

/** The band as a ShortDec (the value `new Dec(bandPct)` has), by band. */
const bands = new Map<number, ShortDec>();

function bandOf(bandPct: number): ShortDec {
  let b = bands.get(bandPct);
  if (b === undefined) {
    // decimal.js reads a number through its shortest round-trip text (`toString`), as here; −0 is
    // read as +0 here, which the integer route (band ≥ 0) does not distinguish.
    b = ShortDec.of(dec(String(bandPct)));
    bands.set(bandPct, b);
  }
  return b;
}

/** The Dec route (the gateway's original expression). */
function outsideBandDec(price: ShortDec, last: ShortDec, bandPct: number): boolean {
  return price.toDec().div(last.toDec()).minus(1).abs().times(100).gt(bandPct);
}

/**
 * 1 when x = p / l > U + 10^−40 (or, with `below`, x < U − 10^−40), 0 when x ≤ U (x ≥ U), and −1
 * when x is between (undecided). p = P × 10^−sp, l = L × 10^−sl, U = 1 ± Bm × 10^−(sb + 2).
 */
function compareToEdge(P: bigint, sp: number, L: bigint, sl: number, Bm: bigint, sb: number, below: boolean): number {
  // Scaled by 10^(sp + K) with K = MARGIN_DIGITS ≥ sb + 2: x·10^(sp+K) = P·10^(sl+K)/L, and
  // U·10^K = 10^K ± Bm·10^(K − sb − 2), an integer.
  const K = MARGIN_DIGITS;
  const lhs = P * POW10N[sl + K]!;
  const uk = below ? POW10N[K]! - Bm * POW10N[K - sb - 2]! : POW10N[K]! + Bm * POW10N[K - sb - 2]!;
  const scale = L * POW10N[sp]!;
  // x vs U: lhs vs uk × scale; x vs U ± 10^−40: lhs vs (uk ± 1) × scale.
  const atEdge = uk * scale;
  if (below ? lhs >= atEdge : lhs <= atEdge) return 0;
  const beyond = below ? (uk - 1n) * scale : (uk + 1n) * scale;
  return (below ? lhs < beyond : lhs > beyond) ? 1 : -1;
}

/** `price.toDec().div(last.toDec()).minus(1).abs().times(100).gt(bandPct)`, the same answer. */
export function outsideBand(price: ShortDec, last: ShortDec, bandPct: number): boolean {
  const b = Number.isFinite(bandPct) && bandPct >= 0 && bandPct < 90 ? bandOf(bandPct) : undefined;
  const pm = price.m;
  const lm = last.m;
  if (b === undefined || !b.isShort || b.s + 2 > MARGIN_DIGITS || !(pm > 0) || !(lm > 0) || price.s > 15 || last.s > 15) {
    return outsideBandDec(price, last, bandPct);
  }
  const P = BigInt(pm);
  const L = BigInt(lm);
  // x in the decade of the edge it is compared with: 1 < x < 10 above, 0.1 < x < 1 below (B < 90
  // keeps U+ < 10 and U− > 0.1). x ≥ 1 ⟺ P·10^sl ≥ L·10^sp.
  const xp = P * POW10N[last.s]!;
  const lp = L * POW10N[price.s]!;
  if (xp > lp) {
    if (xp >= lp * 10n) return outsideBandDec(price, last, bandPct);
    const r = compareToEdge(P, price.s, L, last.s, BigInt(b.m), b.s, false);
    return r < 0 ? outsideBandDec(price, last, bandPct) : r === 1;
  }
  if (xp === lp) return false;
  if (xp * 10n <= lp) return outsideBandDec(price, last, bandPct);
  const r = compareToEdge(P, price.s, L, last.s, BigInt(b.m), b.s, true);
  return r < 0 ? outsideBandDec(price, last, bandPct) : r === 1;
}
