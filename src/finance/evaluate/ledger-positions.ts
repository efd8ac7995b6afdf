/**
 * Each replay's positions (finance-reference.md §2.6), folded once per evaluation in the
 * scenario's cost method and shared: positions.csv prints them and the cost-method self-check
 * reads the faulted replay's fee-free realized P&L off them, so only the other cost method is
 * folded a second time.
 */
import type { Scenario } from '../../scenario/model.js';
import type { Dec } from '../decimal.js';
import { PositionFold } from '../position-fold.js';
import type { CostMethod, Position, PositionFill } from '../position-types.js';
import type { RunLedger } from './ledger.js';

/** One instrument's position in one replay. */
export interface SymbolPosition {
  readonly symbol: string;
  /** The instrument's quote currency (the position's cost currency). */
  readonly quote: string;
  readonly position: Position;
  /** Σ realized P&L of the same fills without commissions (the self-check's figure). */
  readonly grossRealized: Dec;
}

/**
 * A replay's fills per instrument in time order: client fills first, then the firm's orders, each
 * group in ledger order, ties kept in that order (a stable sort). Instruments come in the order
 * `[...map].sort()` gave the entries before: by `${symbol},` in UTF-16 code units.
 */
export function ledgerFills(ledger: RunLedger, withCommissions: boolean): [string, PositionFill[]][] {
  const bySymbol = new Map<string, { t: number; fill: PositionFill }[]>();
  const push = (symbol: string, t: number, fill: PositionFill): void => {
    let list = bySymbol.get(symbol);
    if (list === undefined) bySymbol.set(symbol, (list = []));
    list.push({ t, fill });
  };
  for (const t of ledger.trades.values()) if (t.filled) push(t.instrument, t.t, { qty: t.n, px: t.price, ts: t.t });
  for (const o of ledger.orders) push(o.instrument, o.t, withCommissions ? { qty: o.n, px: o.price, ts: o.t, commission: o.fee, commissionCcy: o.feeCcy } : { qty: o.n, px: o.price, ts: o.t });
  const keyed = [...bySymbol].map(([symbol, list]) => ({ key: `${symbol},`, symbol, list }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map(({ symbol, list }) => [symbol, list.sort((a, b) => a.t - b.t).map((x) => x.fill)]);
}

/** Fold `fills` in order; the position and its fee-free realized P&L. */
export function foldPosition(symbol: string, costCcy: string, method: CostMethod, fills: readonly PositionFill[]): { position: Position; grossRealized: Dec } {
  const fold = new PositionFold(symbol, costCcy, method);
  for (const f of fills) fold.apply(f);
  return { position: fold.result(), grossRealized: fold.grossRealized() };
}

/** A replay's positions in the scenario's cost method, with commissions (positions.csv). */
export function buildLedgerPositions(scenario: Scenario, ledger: RunLedger): SymbolPosition[] {
  return ledgerFills(ledger, true).map(([symbol, fills]) => {
    const quote = scenario.market.instruments.find((i) => i.symbol === symbol)?.quote ?? scenario.reporting.currency;
    return { symbol, quote, ...foldPosition(symbol, quote, scenario.reporting.costMethod, fills) };
  });
}
