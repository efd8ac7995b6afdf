/**
 * Append-only position ledger per instrument with a stated cost method (finance-reference.md §2.6,
 * §1.5): realized P&L on reduction, unrealized at a chosen mark, closed cycles kept as snapshots
 * (Nautilus "position snapshots"), peak quantity, avg_px_open/avg_px_close and commissions.
 * Every update returns a new value; nothing is mutated, so a ledger can be replayed from fills.
 */
import { ZERO, type Dec } from './decimal.js';
import { toDec, toEpochMs, type DecInput } from './input.js';
import { PositionFold } from './position-fold.js';
import type { CostMethod, Lot, PositionCycle, Position, PositionFill } from './position-types.js';

export type { CostMethod, Lot, PositionCycle, Position, PositionFill } from './position-types.js';

/** An empty position in `instrument`, priced in `costCcy`, with the stated cost method. */
export function openPositionLedger(instrument: string, costCcy: string, method: CostMethod): Position {
  if (method !== 'fifo' && method !== 'average') throw new RangeError(`cost method must be 'fifo' or 'average', got ${String(method)}`);
  return { instrument, costCcy: costCcy.toUpperCase(), method, snapshots: [], current: null, fillCount: 0 };
}

function newCycle(pos: Position, ts: number, qty: Dec): PositionCycle {
  const cycle = pos.snapshots.length + 1;
  return {
    positionId: `${pos.instrument}-${cycle}`,
    cycle,
    openedTs: ts,
    closedTs: null,
    lots: [],
    netQty: ZERO,
    peakQty: ZERO,
    realizedPnl: ZERO,
    commissions: ZERO,
    otherCommissions: {},
    openQty: ZERO,
    openNotional: ZERO,
    closeQty: ZERO,
    closeNotional: ZERO,
    entry: qty.gt(0) ? 'LONG' : 'SHORT',
  };
}

function chargeCommission(c: PositionCycle, amount: Dec, ccy: string, costCcy: string): PositionCycle {
  if (amount.isZero()) return c;
  if (ccy === costCcy) return { ...c, commissions: c.commissions.plus(amount), realizedPnl: c.realizedPnl.minus(amount) };
  const prev = c.otherCommissions[ccy] ?? ZERO;
  return { ...c, otherCommissions: { ...c.otherCommissions, [ccy]: prev.plus(amount) } };
}

/** Increase |N| by `qty` (same sign as the position) at `px`. */
function addToCycle(c: PositionCycle, method: CostMethod, qty: Dec, px: Dec, ts: number): PositionCycle {
  const netQty = c.netQty.plus(qty);
  let lots: Lot[];
  if (method === 'fifo') {
    lots = [...c.lots, { qty, px, ts }];
  } else {
    const prev = c.lots[0];
    // Weighted average cost: (|N|·C + |q|·P) / (|N| + |q|); the lot keeps its first open time.
    lots = prev === undefined ? [{ qty, px, ts }] : [{ qty: netQty, px: prev.qty.times(prev.px).plus(qty.times(px)).div(netQty), ts: prev.ts }];
  }
  const abs = netQty.abs();
  return {
    ...c,
    lots,
    netQty,
    peakQty: abs.gt(c.peakQty) ? abs : c.peakQty,
    openQty: c.openQty.plus(qty.abs()),
    openNotional: c.openNotional.plus(qty.abs().times(px)),
  };
}

/** Reduce |N| by `closeAbs` (≤ |N|) at `px`; realized = closed × sign(N) × (px − cost). */
function reduceCycle(c: PositionCycle, closeAbs: Dec, px: Dec): PositionCycle {
  const sign = c.netQty.gt(0) ? 1 : -1;
  let remaining = closeAbs;
  let realized = ZERO;
  const lots: Lot[] = [];
  for (const lot of c.lots) {
    if (remaining.isZero()) {
      lots.push(lot);
      continue;
    }
    const lotAbs = lot.qty.abs();
    const take = lotAbs.lte(remaining) ? lotAbs : remaining;
    realized = realized.plus(take.times(px.minus(lot.px)).times(sign));
    remaining = remaining.minus(take);
    if (take.lt(lotAbs)) lots.push({ ...lot, qty: lot.qty.minus(take.times(sign)) });
  }
  return {
    ...c,
    lots,
    netQty: c.netQty.minus(closeAbs.times(sign)),
    realizedPnl: c.realizedPnl.plus(realized),
    closeQty: c.closeQty.plus(closeAbs),
    closeNotional: c.closeNotional.plus(closeAbs.times(px)),
  };
}

/**
 * Apply one fill (finance-reference.md §2.6). Reductions realize P&L against FIFO lots or the
 * average cost; a fill that crosses zero closes the cycle (kept as a snapshot) and opens a new one
 * with the remainder at the fill price. A commission split across a flip is shared pro rata.
 */
export function applyFill(pos: Position, fill: PositionFill): Position {
  const qty = toDec(fill.qty, 'fill.qty');
  const px = toDec(fill.px, 'fill.px');
  if (qty.isZero()) throw new RangeError('fill.qty must be non-zero');
  if (px.lte(0)) throw new RangeError('fill.px must be positive');
  const ts = toEpochMs(fill.ts, 'fill.ts');
  const commission = fill.commission === undefined ? ZERO : toDec(fill.commission, 'fill.commission');
  const commissionCcy = (fill.commissionCcy ?? pos.costCcy).toUpperCase();
  // Copy the snapshot list only when a cycle closes: copying it on every fill made folding a long
  // drill quadratic in the number of closed cycles.
  let snapshots = pos.snapshots as PositionCycle[];
  let current = pos.current;

  if (current === null || current.netQty.isZero()) {
    current = addToCycle(current ?? newCycle(pos, ts, qty), pos.method, qty, px, ts);
    current = chargeCommission(current, commission, commissionCcy, pos.costCcy);
    return { ...pos, snapshots, current, fillCount: pos.fillCount + 1 };
  }

  if (current.netQty.isPositive() === qty.isPositive()) {
    current = chargeCommission(addToCycle(current, pos.method, qty, px, ts), commission, commissionCcy, pos.costCcy);
    return { ...pos, snapshots, current, fillCount: pos.fillCount + 1 };
  }

  const held = current.netQty.abs();
  const closeAbs = qty.abs().lte(held) ? qty.abs() : held;
  const openAbs = qty.abs().minus(closeAbs);
  const closingShare = openAbs.isZero() ? commission : commission.times(closeAbs).div(qty.abs());
  current = chargeCommission(reduceCycle(current, closeAbs, px), closingShare, commissionCcy, pos.costCcy);
  if (current.netQty.isZero()) {
    snapshots = [...snapshots, { ...current, closedTs: ts, lots: [] }];
    if (openAbs.isZero()) return { ...pos, snapshots, current: null, fillCount: pos.fillCount + 1 };
    const openQty = qty.isPositive() ? openAbs : openAbs.neg();
    const provisional: Position = { ...pos, snapshots };
    let next = addToCycle(newCycle(provisional, ts, openQty), pos.method, openQty, px, ts);
    next = chargeCommission(next, commission.minus(closingShare), commissionCcy, pos.costCcy);
    return { ...pos, snapshots, current: next, fillCount: pos.fillCount + 1 };
  }
  return { ...pos, snapshots, current, fillCount: pos.fillCount + 1 };
}

/**
 * Build a position by applying fills in order (the ledger is a fold over its fills). Folded in
 * place (position-fold.ts): the same value as `fills.reduce(applyFill, openPositionLedger(…))`.
 */
export function buildPosition(instrument: string, costCcy: string, method: CostMethod, fills: readonly PositionFill[]): Position {
  const fold = new PositionFold(instrument, costCcy, method);
  for (const f of fills) fold.apply(f);
  return fold.result();
}

/** Signed net quantity (0 when flat). */
export function getNetQty(pos: Position): Dec {
  return pos.current?.netQty ?? ZERO;
}

/** Cost basis of the open quantity: weighted average of the open lots (null when flat). */
export function getCostBasis(pos: Position): Dec | null {
  const c = pos.current;
  if (c === null || c.netQty.isZero()) return null;
  return c.lots.reduce((a, l) => a.plus(l.qty.times(l.px)), ZERO).div(c.netQty);
}

/** Realized P&L over every cycle (snapshots + current), cost currency, net of cost-ccy commissions. */
export function getTotalRealizedPnl(pos: Position): Dec {
  return pos.snapshots.reduce((a, s) => a.plus(s.realizedPnl), pos.current?.realizedPnl ?? ZERO);
}

/** Prices available to mark at. */
export interface MarkQuote {
  readonly mid?: DecInput;
  readonly bid?: DecInput;
  readonly ask?: DecInput;
}

/**
 * `mid` for attribution; `bid`/`ask` explicitly; `conservative` = bid for longs, ask for shorts
 * (finance-reference.md §1.5).
 */
export type MarkRule = 'mid' | 'bid' | 'ask' | 'conservative';

/** Unrealized P&L at a mark, with the price and side actually used (positions.csv mark_px/mark_type). */
export interface MarkResult {
  readonly unrealizedPnl: Dec;
  readonly markPx: Dec | null;
  readonly markType: 'mid' | 'bid' | 'ask';
}

/**
 * Unrealized P&L of the open lots: Σ lot.qty × (mark − lot.px) = N × (mark − C)
 * (finance-reference.md §2.6). Zero when flat.
 */
export function markPosition(pos: Position, quote: MarkQuote, rule: MarkRule = 'mid'): MarkResult {
  const net = getNetQty(pos);
  const markType = rule === 'conservative' ? (net.lt(0) ? 'ask' : 'bid') : rule;
  const raw = quote[markType];
  if (net.isZero()) return { unrealizedPnl: ZERO, markPx: raw === undefined ? null : toDec(raw, markType), markType };
  if (raw === undefined) throw new RangeError(`mark rule '${rule}' needs a ${markType} price`);
  const mark = toDec(raw, markType);
  const lots = pos.current?.lots ?? [];
  const unrealizedPnl = lots.reduce((a, l) => a.plus(l.qty.times(mark.minus(l.px))), ZERO);
  return { unrealizedPnl, markPx: mark, markType };
}

/** One row of positions.csv (Nautilus shape, finance-reference.md §10.3), values still as Dec. */
export interface PositionReport {
  readonly positionId: string;
  readonly instrument: string;
  readonly side: 'LONG' | 'SHORT' | 'FLAT';
  readonly quantity: Dec;
  readonly peakQty: Dec;
  readonly avgPxOpen: Dec | null;
  readonly avgPxClose: Dec | null;
  readonly costMethod: CostMethod;
  readonly realizedPnl: Dec;
  readonly unrealizedPnl: Dec;
  readonly markPx: Dec | null;
  readonly markType: 'mid' | 'bid' | 'ask';
  readonly commissions: Dec;
  readonly otherCommissions: Readonly<Record<string, Dec>>;
  readonly tsOpened: number;
  readonly tsClosed: number | null;
  readonly isSnapshot: boolean;
}

function reportCycle(pos: Position, c: PositionCycle, isSnapshot: boolean, mark: MarkResult): PositionReport {
  return {
    positionId: c.positionId,
    instrument: pos.instrument,
    side: c.netQty.isZero() ? 'FLAT' : c.netQty.gt(0) ? 'LONG' : 'SHORT',
    quantity: c.netQty,
    peakQty: c.peakQty,
    avgPxOpen: c.openQty.isZero() ? null : c.openNotional.div(c.openQty),
    avgPxClose: c.closeQty.isZero() ? null : c.closeNotional.div(c.closeQty),
    costMethod: pos.method,
    realizedPnl: c.realizedPnl,
    unrealizedPnl: isSnapshot ? ZERO : mark.unrealizedPnl,
    markPx: isSnapshot ? null : mark.markPx,
    markType: mark.markType,
    commissions: c.commissions,
    otherCommissions: c.otherCommissions,
    tsOpened: c.openedTs,
    tsClosed: c.closedTs,
    isSnapshot,
  };
}

/** Rows for positions.csv: every closed cycle as a snapshot, then the open cycle marked at `quote`. */
export function describePosition(pos: Position, quote: MarkQuote, rule: MarkRule = 'mid'): PositionReport[] {
  const mark = markPosition(pos, quote, rule);
  const rows = pos.snapshots.map((s) => reportCycle(pos, s, true, mark));
  if (pos.current !== null) rows.push(reportCycle(pos, pos.current, false, mark));
  return rows;
}
