/**
 * The firm's position book, fed by a drop copy of every execution (the LP's own record) and by the
 * firm's internalised client fills. Duplicated executions leave a pending quantity to unwind.
 *
 * Positions are kept as ShortDec (each sum the Dec decimal.js would give, sign of zero included:
 * src/finance/short-dec.ts), so a client fill adds two short quantities instead of two Decs; the
 * Dec is made when a position is read (hedger, marks).
 */
import { dec, ZERO, type Dec } from '../finance/decimal.js';
import { plainShort, ShortDec } from '../finance/short-dec.js';

export class PositionBook {
  private readonly positions = new Map<string, ShortDec>();
  private readonly pendingDuplicates = new Map<string, Dec>();

  constructor(initial: Record<string, string> = {}) {
    for (const [symbol, qty] of Object.entries(initial)) this.positions.set(symbol, ShortDec.of(dec(qty)));
  }

  position(symbol: string): Dec {
    return this.positions.get(symbol)?.toDec() ?? ZERO;
  }

  /** Apply a signed firm quantity (+ buy). */
  apply(symbol: string, firmQty: Dec): void {
    this.applyShort(symbol, ShortDec.of(firmQty));
  }

  /** Apply the opposite of `qty` (the firm sells what a client buys): the same Dec as apply(symbol, qty.neg()). */
  applyOpposite(symbol: string, qty: Dec): void {
    this.applyOppositeShort(symbol, ShortDec.of(qty));
  }

  /** `apply` with the quantity as a ShortDec. */
  applyShort(symbol: string, firmQty: ShortDec): void {
    // An absent position is ZERO (+0), and +0 + q is the Dec of q (but +0 + −0 is +0).
    this.positions.set(symbol, (this.positions.get(symbol) ?? SHORT_POS_ZERO).plus(firmQty));
  }

  /** `applyOpposite` with the quantity as a ShortDec. */
  applyOppositeShort(symbol: string, qty: ShortDec): void {
    this.positions.set(symbol, (this.positions.get(symbol) ?? SHORT_POS_ZERO).minus(qty));
  }

  /** A duplicate execution of `firmQty` happened; it must be unwound. */
  addDuplicate(symbol: string, firmQty: Dec): void {
    this.pendingDuplicates.set(symbol, this.pendingDuplicate(symbol).plus(firmQty));
  }

  pendingDuplicate(symbol: string): Dec {
    return this.pendingDuplicates.get(symbol) ?? ZERO;
  }

  /** An unwind of `firmQty` executed (opposite sign to the duplicate). */
  settleDuplicate(symbol: string, firmQty: Dec): void {
    this.pendingDuplicates.set(symbol, this.pendingDuplicate(symbol).plus(firmQty));
  }

  snapshot(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const symbol of [...this.positions.keys()].sort()) out[symbol] = plainShort(this.positions.get(symbol)!);
    return out;
  }
}

const SHORT_POS_ZERO = ShortDec.fromParts(0, 0);
