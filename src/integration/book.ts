/**
 * The firm's position book, fed by a drop copy of every execution (the LP's own record) and by the
 * firm's internalised client fills. Duplicated executions leave a pending quantity to unwind.
 */
import { dec, plain, ZERO, type Dec } from '../finance/decimal.js';

export class PositionBook {
  private readonly positions = new Map<string, Dec>();
  private readonly pendingDuplicates = new Map<string, Dec>();

  constructor(initial: Record<string, string> = {}) {
    for (const [symbol, qty] of Object.entries(initial)) this.positions.set(symbol, dec(qty));
  }

  position(symbol: string): Dec {
    return this.positions.get(symbol) ?? ZERO;
  }

  /** Apply a signed firm quantity (+ buy). */
  apply(symbol: string, firmQty: Dec): void {
    this.positions.set(symbol, this.position(symbol).plus(firmQty));
  }

  /** Apply the opposite of `qty` (the firm sells what a client buys): the same Dec as apply(symbol, qty.neg()). */
  applyOpposite(symbol: string, qty: Dec): void {
    this.positions.set(symbol, this.position(symbol).minus(qty));
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
    for (const symbol of [...this.positions.keys()].sort()) out[symbol] = plain(this.position(symbol));
    return out;
  }
}
