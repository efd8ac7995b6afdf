/**
 * Each replay's positions (finance-reference.md §2.6), folded once per evaluation in the
 * scenario's cost method and shared: positions.csv prints them and the cost-method self-check
 * reads the faulted replay's fee-free realized P&L off them, so only the other cost method is
 * folded a second time (in the same pass over the ledger).
 */
import type { Scenario } from '../../scenario/model.js';
import type { Dec } from '../decimal.js';
import { PositionFold } from '../position-fold.js';
import type { CostMethod, Position } from '../position-types.js';
import { ShortDec } from '../short-dec.js';
import type { OrderExecution, RunLedger } from './ledger.js';

/** One instrument's position in one replay. */
export interface SymbolPosition {
  readonly symbol: string;
  /** The instrument's quote currency (the position's cost currency). */
  readonly quote: string;
  readonly position: Position;
  /** Σ realized P&L of the same fills without commissions (the self-check's figure). */
  readonly grossRealized: Dec;
}

/** A fill as the position folds take it: figures as ShortDec (parsed once per ledger column). */
interface LedgerFill {
  qty: ShortDec;
  px: ShortDec;
  ts: number;
}
interface Commission {
  commission: ShortDec;
  commissionCcy: string;
}
type FillVisitor = (symbol: string, fill: LedgerFill, commission: Commission | undefined) => void;

/**
 * Visit a replay's fills in time order: per instrument, client fills and the firm's orders merged
 * by time, a client fill first on a tie, each group in ledger order (what a stable sort of
 * [client fills…, orders…] by time gives). Both groups are recorded in time order, so this is a
 * merge of two cursors with no per-fill list; a ledger out of time order (never produced by the
 * engine, but a hand-built one might be) takes the sorting route.
 */
export function forEachLedgerFill(ledger: RunLedger, visit: FillVisitor): void {
  const orders = ledger.orders;
  if (!timeOrdered(ledger)) {
    sortedFills(ledger).forEach(({ symbol, fill, commission }) => visit(symbol, fill, commission));
    return;
  }
  let k = 0;
  const visitOrdersUntil = (t: number): void => {
    while (k < orders.length && orders[k]!.t < t) {
      const o = orders[k++]!;
      visit(o.instrument, orderFill(o), { commission: ShortDec.of(o.fee), commissionCcy: o.feeCcy });
    }
  };
  for (const t of ledger.trades.values()) {
    if (!t.filled) continue;
    visitOrdersUntil(t.t);
    visit(t.instrument, { qty: t.shortN, px: t.shortPrice, ts: t.t }, undefined);
  }
  visitOrdersUntil(Number.POSITIVE_INFINITY);
}

function timeOrdered(ledger: RunLedger): boolean {
  let last = Number.NEGATIVE_INFINITY;
  for (const t of ledger.trades.values()) {
    if (!t.filled) continue;
    if (t.t < last) return false;
    last = t.t;
  }
  last = Number.NEGATIVE_INFINITY;
  for (const o of ledger.orders) {
    if (o.t < last) return false;
    last = o.t;
  }
  return true;
}

/** The general route: a stable sort by time of [client fills…, orders…]. */
function sortedFills(ledger: RunLedger): { symbol: string; fill: LedgerFill; commission: Commission | undefined }[] {
  const all: { symbol: string; fill: LedgerFill; commission: Commission | undefined }[] = [];
  for (const t of ledger.trades.values()) if (t.filled) all.push({ symbol: t.instrument, fill: { qty: t.shortN, px: t.shortPrice, ts: t.t }, commission: undefined });
  for (const o of ledger.orders) all.push({ symbol: o.instrument, fill: orderFill(o), commission: { commission: ShortDec.of(o.fee), commissionCcy: o.feeCcy } });
  return all.sort((a, b) => a.fill.ts - b.fill.ts);
}

function orderFill(o: OrderExecution): LedgerFill {
  return { qty: ShortDec.of(o.n), px: ShortDec.of(o.price), ts: o.t };
}

/** Instruments in the order positions.csv lists them: by `${symbol},` in UTF-16 code units. */
function bySymbolKey<T>(folds: Map<string, T>): [string, T][] {
  return [...folds].sort(([a], [b]) => (`${a},` < `${b},` ? -1 : `${a},` > `${b},` ? 1 : 0));
}

function quoteOf(scenario: Scenario, symbol: string): string {
  return scenario.market.instruments.find((i) => i.symbol === symbol)?.quote ?? scenario.reporting.currency;
}

function toSymbolPosition(scenario: Scenario, symbol: string, fold: PositionFold): SymbolPosition {
  return { symbol, quote: quoteOf(scenario, symbol), position: fold.result(), grossRealized: fold.grossRealized() };
}

/** A replay's positions in the scenario's cost method, with commissions (positions.csv). */
export function buildLedgerPositions(scenario: Scenario, ledger: RunLedger): SymbolPosition[] {
  return buildLedgerPositionsWithOther(scenario, ledger, undefined).positions;
}

/**
 * The positions of `buildLedgerPositions` and, when `other` is given, the same fills folded in
 * that cost method without commissions (the cost-method self-check), in one pass over the ledger.
 */
export function buildLedgerPositionsWithOther(scenario: Scenario, ledger: RunLedger, other: CostMethod | undefined): { positions: SymbolPosition[]; other: Map<string, Position> } {
  const method = scenario.reporting.costMethod;
  const own = new Map<string, PositionFold>();
  const others = new Map<string, PositionFold>();
  forEachLedgerFill(ledger, (symbol, fill, commission) => {
    let fold = own.get(symbol);
    if (fold === undefined) own.set(symbol, (fold = new PositionFold(symbol, quoteOf(scenario, symbol), method)));
    fold.applyShort(fill.qty, fill.px, fill.ts, commission?.commission, commission?.commissionCcy);
    if (other === undefined) return;
    let o = others.get(symbol);
    if (o === undefined) others.set(symbol, (o = new PositionFold(symbol, 'X', other)));
    o.applyShort(fill.qty, fill.px, fill.ts);
  });
  return {
    positions: bySymbolKey(own).map(([symbol, fold]) => toSymbolPosition(scenario, symbol, fold)),
    other: new Map([...others].map(([symbol, fold]) => [symbol, fold.result()])),
  };
}
