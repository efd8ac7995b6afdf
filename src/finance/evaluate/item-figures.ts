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
import { computeHedgeSlippage, type HedgeSlippage } from '../exposure.js';
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
  /** Q: the larger of the first order's quantity and the quantity filled (flow that kept arriving is part of the need). */
  intendedQty: Dec;
  /** Quantity of the order that finally filled (0 if none). */
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
  /** §3.2 of a filled episode: the client fills its order covered and the slippage split (absent when unfilled). */
  cover?: HedgeCover;
}

/**
 * The client flow a filled hedge covered and its §3.2 slippage. The round-trip rule: a hedge's
 * quantity is decided when its order is sent (`decidedAt`), so it covers the client fills after the
 * previous filled hedge's decision up to and including its own decision instant; a fill while the
 * order is in flight (after the decision, before the venue executes it) is left for the next hedge.
 */
export interface HedgeCover {
  /** Exclusive start of the covered window (the previous filled hedge's decision), undefined = the drill's start. */
  from?: number;
  /** Inclusive end: the filling order's decision. */
  to: number;
  fills: number;
  /** Σ q_i, client-signed (+ client buys, hedged by firm buys). */
  qty: Dec;
  /** M(t_hedge): the true mid when the venue executed the hedge. */
  hedgeMid: Dec;
  /** Quote ccy, costs (+ = cost). */
  slippage: HedgeSlippage;
  /** The same three in the reporting currency. */
  costReporting: Dec;
  driftReporting: Dec;
  executionReporting: Dec;
}

export interface HedgeRunSummary {
  episodes: number;
  delayed: number;
  total: Dec;
  delay: Dec;
  execution: Dec;
  opportunity: Dec;
  fees: Dec;
  /** §3.2 over the catch-up hedges (delayed episodes that filled), reporting ccy. */
  catchUp: { episodes: number; slippageCost: Dec; driftCost: Dec; executionCost: Dec };
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

/** A catch-up hedge (§3.2): a delayed episode that filled. */
export function isCatchUpHedge(scenario: Scenario, h: HedgeFigure): boolean {
  return h.outcome === 'FILLED' && isDelayedHedge(scenario, h);
}

/** A replay's filled client trades of one instrument, in time order: t, client-signed q, true mid. */
interface ClientFlow {
  t: number[];
  q: Dec[];
  mid: Dec[];
}

function clientFlowOf(ledger: RunLedger, instrument: string): ClientFlow {
  const flow: ClientFlow = { t: [], q: [], mid: [] };
  for (const t of ledger.trades.values()) {
    if (!t.filled || t.instrument !== instrument) continue;
    flow.t.push(t.t);
    flow.q.push(t.side === 'buy' ? t.qty : t.qty.neg());
    flow.mid.push(t.mid);
  }
  return flow;
}

/**
 * Implementation shortfall per hedge *episode* (§2.3). The engine re-decides a hedge at every
 * check while the LP is down, so one need shows up as a run of REJECTED/UNKNOWN orders followed by
 * the order that fills. An episode is such a run for one instrument and side: decision price P_d
 * = `decisionMid` of its first order; arrival price P_a = the true mid when the filling order was
 * answered (`refMid`); fill at `fillPrice`, for the whole filled quantity (its fee whole). The
 * intended quantity Q is the larger of the first order's and the filled one: the position kept
 * growing while the LP was down, and that flow is the same need. An episode that never fills
 * (side flipped, or the drill ended) has opportunity cost Q × (P_end − P_d) at the mid of its last
 * order (side flip) or the closing mid (drill end). Fees are converted to the quote currency.
 *
 * Every filled episode also gets its §3.2 split (HedgeCover): what the hedge cost against the mids of
 * the client fills it covered, drift (market moved while unhedged) + execution (the block's spread).
 */
export function computeHedgeFigures(scenario: Scenario, fx: FxTable, ledgers: readonly RunLedger[]): HedgeSummary {
  const reporting = scenario.reporting.currency;
  const rows: HedgeFigure[] = [];
  for (const ledger of ledgers) {
    const pending = new Map<string, OrderEvent[]>();
    const flows = new Map<string, ClientFlow>();
    /** Per instrument: the next client fill not yet covered, and the last filled hedge's decision. */
    const covered = new Map<string, { next: number; from?: number }>();
    const executionMid = new Map<string, Dec>();
    for (const o of ledger.orders) if (o.occurrence === 1 && !executionMid.has(o.reference)) executionMid.set(o.reference, o.mid);
    const coverOf = (order: OrderEvent, quote: string): HedgeCover => {
      let flow = flows.get(order.instrument);
      if (flow === undefined) flows.set(order.instrument, (flow = clientFlowOf(ledger, order.instrument)));
      const state = covered.get(order.instrument) ?? { next: 0 };
      const fills: { qty: Dec; mid: Dec }[] = [];
      let i = state.next;
      while (i < flow.t.length && flow.t[i]! <= order.decidedAt) {
        fills.push({ qty: flow.q[i]!, mid: flow.mid[i]! });
        i += 1;
      }
      const hedgeMid = executionMid.get(order.orderId) ?? dec(order.refMid);
      const slippage = computeHedgeSlippage({ fills, hedgePx: dec(order.fillPrice!), hedgeMid });
      const rate = lookupFxRate(fx, quote, reporting).rate;
      const cover: HedgeCover = {
        ...(state.from === undefined ? {} : { from: state.from }), to: order.decidedAt, fills: fills.length, qty: slippage.hedgeQty, hedgeMid, slippage,
        costReporting: slippage.cost.times(rate), driftReporting: slippage.driftCost.times(rate), executionReporting: slippage.executionCost.times(rate),
      };
      covered.set(order.instrument, { next: i, from: order.decidedAt });
      return cover;
    };
    const close = (orders: OrderEvent[], filledBy: OrderEvent | undefined, endPxIfUnfilled: Dec): void => {
      const first = orders[0]!;
      const last = orders.at(-1)!;
      const quote = scenario.market.instruments.find((i) => i.symbol === first.instrument)?.quote ?? reporting;
      const finalQty = filledBy === undefined ? ZERO : dec(filledBy.qty);
      const Q = Dec.max(dec(first.qty), finalQty);
      const fee = filledBy?.fee === undefined ? ZERO : dec(filledBy.fee).times(filledBy.feeCcy === quote ? dec('1') : lookupFxRate(fx, filledBy.feeCcy, quote).rate);
      const arrivalPx = dec(last.refMid);
      const endPx = filledBy === undefined ? endPxIfUnfilled : arrivalPx;
      const shortfall = computeImplementationShortfall({
        side: first.side, intendedQty: Q, decisionPx: dec(first.decisionMid), arrivalPx, endPx,
        fills: filledBy === undefined || finalQty.isZero() ? [] : [{ qty: finalQty, px: dec(filledBy.fillPrice!), fee }],
      });
      rows.push({
        run: ledger.variant, episodeId: first.orderId, orders: orders.length, finalOrderId: last.orderId, provider: last.provider, instrument: first.instrument, quote, side: first.side,
        intendedQty: Q, finalQty, outcome: filledBy === undefined ? 'UNFILLED' : 'FILLED', decidedAt: first.decidedAt, endedAt: last.t, delayMs: last.t - first.decidedAt,
        decisionPx: dec(first.decisionMid), arrivalPx, ...(filledBy === undefined ? {} : { fillPx: dec(filledBy.fillPrice!) }), endPx, fee, shortfall,
        totalReporting: shortfall.totalCost.times(lookupFxRate(fx, quote, reporting).rate),
        ...(filledBy === undefined ? {} : { cover: coverOf(filledBy, quote) }),
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
    const catchUp = xs.filter((r) => isCatchUpHedge(scenario, r) && r.cover !== undefined);
    return {
      episodes: xs.length,
      delayed: xs.filter((r) => isDelayedHedge(scenario, r)).length,
      total: xs.reduce((s, r) => s.plus(r.totalReporting), ZERO),
      delay: xs.reduce((s, r) => s.plus(r.shortfall.delayCost.times(rate(r))), ZERO),
      execution: xs.reduce((s, r) => s.plus(r.shortfall.executionCost.times(rate(r))), ZERO),
      opportunity: xs.reduce((s, r) => s.plus(r.shortfall.opportunityCost.times(rate(r))), ZERO),
      fees: xs.reduce((s, r) => s.plus(r.shortfall.fees.times(rate(r))), ZERO),
      catchUp: {
        episodes: catchUp.length,
        slippageCost: catchUp.reduce((s, r) => s.plus(r.cover!.costReporting), ZERO),
        driftCost: catchUp.reduce((s, r) => s.plus(r.cover!.driftReporting), ZERO),
        executionCost: catchUp.reduce((s, r) => s.plus(r.cover!.executionReporting), ZERO),
      },
    };
  };
  return { rows, faulted: sum('faulted'), baseline: sum('baseline') };
}
