/**
 * In-place fold of fills into a position: the same arithmetic as `applyFill` (positions.ts), step
 * for step, so every Dec comes out identical, but each fill updates one mutable cycle and appends
 * to (or consumes the front of) one lot queue. `applyFill` returns a new value per fill and copies
 * the array of open FIFO lots each time, which made a long one-sided drill quadratic in its open
 * lots and most of the evaluation's garbage. The result is an ordinary immutable-looking Position.
 */
import type { Dec } from './decimal.js';
import { toDec, toEpochMs } from './input.js';
import type { CostMethod, Lot, Position, PositionCycle, PositionFill } from './position-types.js';
import { SHORT_ZERO, ShortDec } from './short-dec.js';

/**
 * The fold's arithmetic runs on ShortDec (short-dec.ts): each operation gives the Dec decimal.js
 * would, so the figures are `applyFill`'s, but a fill of short figures costs a few machine
 * operations instead of a dozen decimal.js allocations. Figures become Dec when handed out.
 */
interface OpenLot {
  readonly qty: ShortDec;
  readonly px: ShortDec;
  readonly ts: number;
}

/** A cycle being folded; its open lots live in the fold's queue until the cycle is handed out. */
interface OpenCycle {
  positionId: string;
  cycle: number;
  openedTs: number;
  closedTs: number | null;
  netQty: ShortDec;
  peakQty: ShortDec;
  realizedPnl: ShortDec;
  commissions: ShortDec;
  otherCommissions: Record<string, ShortDec>;
  openQty: ShortDec;
  openNotional: ShortDec;
  closeQty: ShortDec;
  closeNotional: ShortDec;
  entry: 'LONG' | 'SHORT';
}

export class PositionFold {
  private readonly snapshots: PositionCycle[] = [];
  private current: OpenCycle | null = null;
  /** Open lots of `current`, oldest first, from `head` on (consumed lots are skipped, then compacted). */
  private lots: OpenLot[] = [];
  private head = 0;
  private fillCount = 0;
  private readonly costCcy: string;
  /**
   * Realized P&L before commissions, per cycle (closed ones, then the open one): what the same
   * fills without commissions would realize, summed in the same order, so the cost-method
   * self-check can read it off the commissioned fold instead of folding the fills again.
   */
  private readonly snapshotGross: ShortDec[] = [];
  private currentGross: ShortDec = SHORT_ZERO;

  constructor(
    private readonly instrument: string,
    costCcy: string,
    private readonly method: CostMethod,
  ) {
    if (method !== 'fifo' && method !== 'average') throw new RangeError(`cost method must be 'fifo' or 'average', got ${String(method)}`);
    this.costCcy = costCcy.toUpperCase();
  }

  /** Same checks, same order of Dec operations as `applyFill`. */
  apply(fill: PositionFill): void {
    const qty = ShortDec.of(toDec(fill.qty, 'fill.qty'));
    const px = ShortDec.of(toDec(fill.px, 'fill.px'));
    if (qty.isZero()) throw new RangeError('fill.qty must be non-zero');
    if (px.isZero() || px.isNegative()) throw new RangeError('fill.px must be positive');
    const ts = toEpochMs(fill.ts, 'fill.ts');
    const commission = fill.commission === undefined ? SHORT_ZERO : ShortDec.of(toDec(fill.commission, 'fill.commission'));
    this.applyShort(qty, px, ts, commission, fill.commissionCcy);
  }

  /**
   * `apply` for figures already read as ShortDec (the evaluation's ledgers), with the same checks;
   * `commissionCcy` defaults to the cost currency.
   */
  applyShort(qty: ShortDec, px: ShortDec, ts: number, commission: ShortDec = SHORT_ZERO, commissionCcy?: string): void {
    if (qty.isZero()) throw new RangeError('fill.qty must be non-zero');
    // px ≤ 0 (decimal.js `lte(0)`, ±0 included).
    if (px.isZero() || px.isNegative()) throw new RangeError('fill.px must be positive');
    toEpochMs(ts, 'fill.ts');
    const ccy = commissionCcy === undefined ? this.costCcy : commissionCcy.toUpperCase();
    this.fillCount++;
    const c = this.current;

    if (c === null || c.netQty.isZero()) {
      const cycle = c ?? this.openCycle(ts, qty);
      this.add(cycle, qty, px, ts);
      this.charge(cycle, commission, ccy);
      return;
    }
    if (c.netQty.isPositive() === qty.isPositive()) {
      this.add(c, qty, px, ts);
      this.charge(c, commission, ccy);
      return;
    }
    const held = c.netQty.abs();
    const qtyAbs = qty.abs();
    const closeAbs = qtyAbs.lte(held) ? qtyAbs : held;
    const openAbs = qtyAbs.minus(closeAbs);
    const closingShare = openAbs.isZero() ? commission : commission.times(closeAbs).div(qtyAbs);
    this.reduce(c, closeAbs, px);
    this.charge(c, closingShare, ccy);
    if (!c.netQty.isZero()) return;
    this.snapshots.push(toCycle(c, ts, []));
    this.snapshotGross.push(this.currentGross);
    this.current = null;
    this.lots = [];
    this.head = 0;
    if (openAbs.isZero()) return;
    const openQty = qty.isPositive() ? openAbs : openAbs.neg();
    const next = this.openCycle(ts, openQty);
    this.add(next, openQty, px, ts);
    this.charge(next, commission.minus(closingShare), ccy);
  }

  /** The position so far (a fresh value; the fold can go on). */
  result(): Position {
    const c = this.current;
    const current = c === null ? null : toCycle(c, c.closedTs, this.lots.slice(this.head));
    return { instrument: this.instrument, costCcy: this.costCcy, method: this.method, snapshots: [...this.snapshots], current, fillCount: this.fillCount };
  }

  /**
   * Σ realized P&L over the cycles as `getTotalRealizedPnl` sums it, of the same fills without
   * commissions: commissions never change a cycle's lots or quantities, only its realized figure.
   */
  grossRealized(): Dec {
    return this.snapshotGross.reduce((a, g) => a.plus(g), this.current === null ? SHORT_ZERO : this.currentGross).toDec();
  }

  private openCycle(ts: number, qty: ShortDec): OpenCycle {
    const cycle = this.snapshots.length + 1;
    this.currentGross = SHORT_ZERO;
    this.lots = [];
    this.head = 0;
    this.current = {
      positionId: `${this.instrument}-${cycle}`,
      cycle,
      openedTs: ts,
      closedTs: null,
      netQty: SHORT_ZERO,
      peakQty: SHORT_ZERO,
      realizedPnl: SHORT_ZERO,
      commissions: SHORT_ZERO,
      otherCommissions: {},
      openQty: SHORT_ZERO,
      openNotional: SHORT_ZERO,
      closeQty: SHORT_ZERO,
      closeNotional: SHORT_ZERO,
      entry: qty.gt(SHORT_ZERO) ? 'LONG' : 'SHORT',
    };
    return this.current;
  }

  private charge(c: OpenCycle, amount: ShortDec, ccy: string): void {
    if (amount.isZero()) return;
    if (ccy === this.costCcy) {
      c.commissions = c.commissions.plus(amount);
      c.realizedPnl = c.realizedPnl.minus(amount);
      return;
    }
    c.otherCommissions[ccy] = (c.otherCommissions[ccy] ?? SHORT_ZERO).plus(amount);
  }

  private add(c: OpenCycle, qty: ShortDec, px: ShortDec, ts: number): void {
    const netQty = c.netQty.plus(qty);
    if (this.method === 'fifo') {
      this.lots.push({ qty, px, ts });
    } else {
      const prev = this.lots[this.head];
      // Weighted average cost: (|N|·C + |q|·P) / (|N| + |q|); the lot keeps its first open time.
      this.lots = prev === undefined ? [{ qty, px, ts }] : [{ qty: netQty, px: prev.qty.times(prev.px).plus(qty.times(px)).div(netQty), ts: prev.ts }];
      this.head = 0;
    }
    const abs = netQty.abs();
    const qtyAbs = qty.abs();
    c.netQty = netQty;
    if (abs.gt(c.peakQty)) c.peakQty = abs;
    c.openQty = c.openQty.plus(qtyAbs);
    c.openNotional = c.openNotional.plus(qtyAbs.times(px));
  }

  private reduce(c: OpenCycle, closeAbs: ShortDec, px: ShortDec): void {
    // × sign as a negation: the same value (operands are far below 50 significant digits) without
    // parsing the number ±1 into a Dec on every lot.
    const long = c.netQty.gt(SHORT_ZERO);
    let remaining = closeAbs;
    let realized = SHORT_ZERO;
    const lots = this.lots;
    let i = this.head;
    while (i < lots.length && !remaining.isZero()) {
      const lot = lots[i]!;
      const lotAbs = lot.qty.abs();
      const take = lotAbs.lte(remaining) ? lotAbs : remaining;
      const gain = take.times(px.minus(lot.px));
      realized = realized.plus(long ? gain : gain.neg());
      remaining = remaining.minus(take);
      if (take.lt(lotAbs)) {
        lots[i] = { qty: lot.qty.minus(long ? take : take.neg()), px: lot.px, ts: lot.ts };
        break;
      }
      i++;
    }
    this.head = i;
    // Drop consumed lots once they are most of the array (amortised O(1) per lot).
    if (i > 64 && i * 2 > lots.length) {
      this.lots = lots.slice(i);
      this.head = 0;
    }
    c.netQty = c.netQty.minus(long ? closeAbs : closeAbs.neg());
    c.realizedPnl = c.realizedPnl.plus(realized);
    this.currentGross = this.currentGross.plus(realized);
    c.closeQty = c.closeQty.plus(closeAbs);
    c.closeNotional = c.closeNotional.plus(closeAbs.times(px));
  }
}

/** A cycle as Dec figures, in the field order `applyFill` gives it (callers may serialise cycles). */
function toCycle(c: OpenCycle, closedTs: number | null, lots: readonly OpenLot[]): PositionCycle {
  const otherCommissions: Record<string, Dec> = {};
  for (const [ccy, v] of Object.entries(c.otherCommissions)) otherCommissions[ccy] = v.toDec();
  return {
    positionId: c.positionId, cycle: c.cycle, openedTs: c.openedTs, closedTs, lots: lots.map(toLot), netQty: c.netQty.toDec(), peakQty: c.peakQty.toDec(),
    realizedPnl: c.realizedPnl.toDec(), commissions: c.commissions.toDec(), otherCommissions, openQty: c.openQty.toDec(), openNotional: c.openNotional.toDec(),
    closeQty: c.closeQty.toDec(), closeNotional: c.closeNotional.toDec(), entry: c.entry,
  };
}

function toLot(l: OpenLot): Lot {
  return { qty: l.qty.toDec(), px: l.px.toDec(), ts: l.ts };
}
