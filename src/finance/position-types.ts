/** The position ledger's types (finance-reference.md §2.6), shared by positions.ts and its in-place fold. */
import type { Dec } from './decimal.js';
import type { DecInput } from './input.js';

/** How the cost of a reduction is chosen: oldest lots first, or the running weighted average. */
export type CostMethod = 'fifo' | 'average';

/** A fill against the position; `qty` signed from the firm's side: + buy, − sell (§1.4). */
export interface PositionFill {
  readonly qty: DecInput;
  readonly px: DecInput;
  /** Epoch ms or ISO-8601 UTC. */
  readonly ts: number | string;
  /** Commission paid, positive. */
  readonly commission?: DecInput;
  /** Commission currency; defaults to the position's cost currency. */
  readonly commissionCcy?: string;
  readonly fillId?: string;
}

/** An open lot: signed quantity at its cost price. Under `average` there is at most one lot. */
export interface Lot {
  readonly qty: Dec;
  readonly px: Dec;
  readonly ts: number;
}

/** One position cycle: from flat to flat (a flip through zero closes one cycle and opens the next). */
export interface PositionCycle {
  readonly positionId: string;
  readonly cycle: number;
  readonly openedTs: number;
  readonly closedTs: number | null;
  /** Open lots (empty once closed). */
  readonly lots: readonly Lot[];
  /** Signed net quantity. */
  readonly netQty: Dec;
  /** Largest |net quantity| reached in this cycle. */
  readonly peakQty: Dec;
  /** Realized P&L in the cost currency, net of cost-currency commissions. */
  readonly realizedPnl: Dec;
  /** Commissions in the cost currency (included in realized P&L). */
  readonly commissions: Dec;
  /** Commissions in other currencies: separate lines, translated at event-time FX by the caller. */
  readonly otherCommissions: Readonly<Record<string, Dec>>;
  /** Σ opening qty and notional (for avg_px_open). */
  readonly openQty: Dec;
  readonly openNotional: Dec;
  /** Σ closing qty and notional (for avg_px_close). */
  readonly closeQty: Dec;
  readonly closeNotional: Dec;
  /** The entry side of the cycle. */
  readonly entry: 'LONG' | 'SHORT';
}

/** A position in one instrument: the current cycle plus every closed cycle as a snapshot. */
export interface Position {
  readonly instrument: string;
  /** Currency of prices and of realized P&L (the quote currency). */
  readonly costCcy: string;
  readonly method: CostMethod;
  /** Closed cycles, oldest first: kept so closed-cycle P&L is never lost (§2.6). */
  readonly snapshots: readonly PositionCycle[];
  /** The open (or not yet opened) cycle; null when flat. */
  readonly current: PositionCycle | null;
  /** Every fill applied, in order (the append-only input). */
  readonly fillCount: number;
}
