/**
 * Per-item figures of finance-reference.md §2.2 and §2.3, computed from the journal:
 *
 * - Stale fills (§2.2): for each client fill of the faulted replay on a stale price,
 *   `computeStaleSlippage` with P_exec and M_true from the fill and P_fresh = the price the
 *   baseline replay quoted for the same trade (same instant, same market path, no fault). When
 *   the baseline did not fill that trade, P_fresh = mid × (1 ± markup) (`quoteFreshPrice`).
 *   The pick-off estimate (`estimatePickOffCost`) uses the quote's age, the instrument's σ and
 *   a stated share of informed flow.
 * - Hedges (§2.3): Perold implementation shortfall of every hedge *episode* of both replays (a run
 *   of failed hedge orders for one need, ending with the order that fills): decision price =
 *   `decisionMid` of the first order, arrival price = the true mid when the filling order executed
 *   (`refMid`), fills at `fillPrice`; see {@link computeHedgeFigures}.
 *
 * These are explanatory figures: the P&L lines of pnl_attribution.csv already contain the money
 * (STALE_SLIPPAGE, HEDGE_*), so nothing here is added to the attribution identity.
 */
import type { OrderEvent } from '../../engine/events.js';
import type { Scenario } from '../../scenario/model.js';
import { Dec, dec, ZERO } from '../decimal.js';
import { lookupFxRate, type FxTable } from '../fx.js';
import { computeImplementationShortfall, computeStaleSlippage, estimatePickOffCost, quoteFreshPrice, type ImplementationShortfall, type StaleSlippage } from '../pnl.js';
import type { RunLedger } from './ledger.js';

/** Default share of informed flow among stale fills for the pick-off estimate (a labelled assumption). */
export const DEFAULT_P_INFORMED = '0.2';

export interface StaleFillFigure {
  tradeId: string;
  t: number;
  clientId: string;
  instrument: string;
  quote: string;
  clientSide: 'buy' | 'sell';
  qty: Dec;
  execPx: Dec;
  freshPx: Dec;
  freshSource: 'baseline' | 'model';
  trueMid: Dec;
  ageMs: number;
  slippage: StaleSlippage;
  /** Client's outcome against the fresh quote, bps of M_true × q: + = the client paid more / received less. */
  clientSlippageBps: Dec;
  pickOffCost: Dec;
  /** Stale cost and pick-off in the reporting currency. */
  staleCostReporting: Dec;
  pickOffReporting: Dec;
}

export interface StaleFillSummary {
  fills: StaleFillFigure[];
  staleCost: Dec;
  referenceNotional: Dec;
  staleCostBps: Dec;
  pickOffCost: Dec;
  pInformed: string;
}

export function computeStaleFillFigures(scenario: Scenario, fx: FxTable, faulted: RunLedger, baseline: RunLedger, staleFillIds: ReadonlySet<string>, pInformed = DEFAULT_P_INFORMED): StaleFillSummary {
  const markup = dec(scenario.business.markupBps).div(10_000);
  const reporting = scenario.reporting.currency;
  const fills: StaleFillFigure[] = [];
  for (const id of [...staleFillIds].sort()) {
    const t = faulted.trades.get(id);
    if (t === undefined || !t.filled || t.qty.isZero()) continue;
    const firmSide = t.side === 'buy' ? 'sell' : 'buy';
    const peer = baseline.trades.get(id);
    const fromBaseline = peer !== undefined && peer.filled;
    const freshPx = fromBaseline ? peer.price : quoteFreshPrice(t.mid, markup, firmSide);
    const slippage = computeStaleSlippage({ firmSide, qty: t.qty, execPx: t.price, trueMid: t.mid, freshPx });
    const sign = t.side === 'buy' ? 1 : -1;
    const clientSlippageBps = t.mid.isZero() ? ZERO : t.price.minus(freshPx).times(sign).times(10_000).div(t.mid);
    const ageMs = t.priceUsedTs === undefined ? 0 : t.t - t.priceUsedTs;
    const sigma = scenario.market.instruments.find((i) => i.symbol === t.instrument)?.volatility ?? 0;
    const pickOffCost = estimatePickOffCost({ sigmaAnnual: sigma, ageSeconds: Math.max(0, ageMs) / 1000, notional: slippage.referenceNotional, pInformed });
    const rate = lookupFxRate(fx, t.quote, reporting).rate;
    fills.push({
      tradeId: id, t: t.t, clientId: t.clientId, instrument: t.instrument, quote: t.quote, clientSide: t.side, qty: t.qty, execPx: t.price, freshPx,
      freshSource: fromBaseline ? 'baseline' : 'model', trueMid: t.mid, ageMs, slippage, clientSlippageBps, pickOffCost,
      staleCostReporting: slippage.staleCost.times(rate), pickOffReporting: pickOffCost.times(rate),
    });
  }
  const staleCost = fills.reduce((s, f) => s.plus(f.staleCostReporting), ZERO);
  const referenceNotional = fills.reduce((s, f) => s.plus(f.slippage.referenceNotional.times(lookupFxRate(fx, f.quote, reporting).rate)), ZERO);
  return {
    fills, staleCost, referenceNotional,
    staleCostBps: referenceNotional.isZero() ? ZERO : staleCost.times(10_000).div(referenceNotional),
    pickOffCost: fills.reduce((s, f) => s.plus(f.pickOffReporting), ZERO),
    pInformed,
  };
}

export interface HedgeFigure {
  run: 'faulted' | 'baseline';
  /** The first order of the episode (the decision). */
  episodeId: string;
  /** Orders sent for this need: rejected/unknown attempts, then the filled one (if any). */
  orders: number;
  finalOrderId: string;
  provider: string;
  instrument: string;
  quote: string;
  side: 'buy' | 'sell';
  /** Q: the quantity decided at the first order. */
  intendedQty: Dec;
  /** Quantity of the order that finally filled (0 if none); may exceed Q as flow kept arriving. */
  finalQty: Dec;
  outcome: 'FILLED' | 'UNFILLED';
  decidedAt: number;
  /** When the filled order executed (or the episode ended unfilled). */
  endedAt: number;
  delayMs: number;
  decisionPx: Dec;
  arrivalPx: Dec;
  fillPx?: Dec;
  endPx: Dec;
  fee: Dec;
  shortfall: ImplementationShortfall;
  /** IS total in the reporting currency (a cost: + = worse than the paper portfolio). */
  totalReporting: Dec;
}

export interface HedgeRunSummary {
  episodes: number;
  delayed: number;
  total: Dec;
  delay: Dec;
  execution: Dec;
  opportunity: Dec;
  fees: Dec;
}

export interface HedgeSummary {
  rows: HedgeFigure[];
  faulted: HedgeRunSummary;
  baseline: HedgeRunSummary;
}

/** An episode is delayed when it needed more than one order or filled more than one hedge check interval after the decision. */
export function isDelayedHedge(scenario: Scenario, h: HedgeFigure): boolean {
  return h.orders > 1 || h.delayMs > (scenario.hedging?.checkIntervalMs ?? 0);
}

/**
 * Implementation shortfall per hedge *episode* (§2.3). The engine re-decides a hedge at every
 * check while the LP is down, so one need shows up as a run of REJECTED/UNKNOWN orders followed by
 * the order that fills. An episode is such a run for one instrument and side: decision price P_d
 * = `decisionMid` of its first order, Q = that order's quantity; arrival price P_a = the true mid
 * when the filling order executed (`refMid`); fill at `fillPrice`. Quantity filled beyond Q was
 * decided later (flow that arrived meanwhile) and is not part of this paper portfolio, so the
 * fill counted is min(Q, final qty) and fees are prorated to it. An episode that never fills
 * (side flipped, or the drill ended) has opportunity cost Q × (P_end − P_d) at the mid of its last
 * order (side flip) or the closing mid (drill end). Fees are converted to the quote currency.
 */
export function computeHedgeFigures(scenario: Scenario, fx: FxTable, ledgers: readonly RunLedger[]): HedgeSummary {
  const reporting = scenario.reporting.currency;
  const rows: HedgeFigure[] = [];
  for (const ledger of ledgers) {
    const pending = new Map<string, OrderEvent[]>();
    const close = (orders: OrderEvent[], filledBy: OrderEvent | undefined, endPxIfUnfilled: Dec): void => {
      const first = orders[0]!;
      const last = orders.at(-1)!;
      const quote = scenario.market.instruments.find((i) => i.symbol === first.instrument)?.quote ?? reporting;
      const Q = dec(first.qty);
      const finalQty = filledBy === undefined ? ZERO : dec(filledBy.qty);
      const counted = Dec.min(Q, finalQty);
      const rawFee = filledBy?.fee === undefined ? ZERO : dec(filledBy.fee).times(filledBy.feeCcy === quote ? dec('1') : lookupFxRate(fx, filledBy.feeCcy, quote).rate);
      const fee = finalQty.isZero() ? ZERO : rawFee.times(counted).div(finalQty);
      const arrivalPx = dec(last.refMid);
      const endPx = filledBy === undefined ? endPxIfUnfilled : arrivalPx;
      const shortfall = computeImplementationShortfall({
        side: first.side, intendedQty: Q, decisionPx: dec(first.decisionMid), arrivalPx, endPx,
        fills: filledBy === undefined || counted.isZero() ? [] : [{ qty: counted, px: dec(filledBy.fillPrice!), fee }],
      });
      rows.push({
        run: ledger.variant, episodeId: first.orderId, orders: orders.length, finalOrderId: last.orderId, provider: last.provider, instrument: first.instrument, quote, side: first.side,
        intendedQty: Q, finalQty, outcome: filledBy === undefined ? 'UNFILLED' : 'FILLED', decidedAt: first.decidedAt, endedAt: last.t, delayMs: last.t - first.decidedAt,
        decisionPx: dec(first.decisionMid), arrivalPx, ...(filledBy === undefined ? {} : { fillPx: dec(filledBy.fillPrice!) }), endPx, fee, shortfall,
        totalReporting: shortfall.totalCost.times(lookupFxRate(fx, quote, reporting).rate),
      });
    };
    for (const e of ledger.events) {
      if (e.type !== 'order' || e.purpose !== 'hedge' || dec(e.qty).lte(0)) continue;
      const open = pending.get(e.instrument);
      if (open !== undefined && open[0]!.side !== e.side) {
        close(open, undefined, dec(open.at(-1)!.refMid));
        pending.delete(e.instrument);
      }
      const orders = [...(pending.get(e.instrument) ?? []), e];
      if (e.outcome === 'FILLED' && e.fillPrice !== undefined) {
        close(orders, e, ZERO);
        pending.delete(e.instrument);
      } else pending.set(e.instrument, orders);
    }
    for (const [symbol, orders] of [...pending].sort()) close(orders, undefined, ledger.closingMids.get(symbol) ?? dec(orders.at(-1)!.refMid));
  }
  const sum = (run: 'faulted' | 'baseline'): HedgeRunSummary => {
    const xs = rows.filter((r) => r.run === run);
    const rate = (r: HedgeFigure): Dec => lookupFxRate(fx, r.quote, reporting).rate;
    return {
      episodes: xs.length,
      delayed: xs.filter((r) => isDelayedHedge(scenario, r)).length,
      total: xs.reduce((s, r) => s.plus(r.totalReporting), ZERO),
      delay: xs.reduce((s, r) => s.plus(r.shortfall.delayCost.times(rate(r))), ZERO),
      execution: xs.reduce((s, r) => s.plus(r.shortfall.executionCost.times(rate(r))), ZERO),
      opportunity: xs.reduce((s, r) => s.plus(r.shortfall.opportunityCost.times(rate(r))), ZERO),
      fees: xs.reduce((s, r) => s.plus(r.shortfall.fees.times(rate(r))), ZERO),
    };
  };
  return { rows, faulted: sum('faulted'), baseline: sum('baseline') };
}
