/**
 * P&L attribution (finance-reference.md §2.8): incident P&L = pnl(faulted) − pnl(baseline), split
 * into components that must add up to it.
 *
 * Each replay's P&L is computed twice, by two independent routes:
 * 1. cash accounting — Σ cash flows + closing inventory value − opening inventory value + SLA;
 * 2. per-fill decomposition — every fill contributes edge-vs-mid + fees + n × (M_end − M_t).
 * Components are differences of route 2 grouped by cause; the identity check compares them with
 * route 1. UNATTRIBUTED is whatever route 1 says that the components do not explain.
 *
 * Decomposition of each fill (firm-signed quantity n, price P, true mid M_t at the fill):
 *   cash −n·P = n·(M_t − P) − n·M_t, and Σ −n·M_t + N_end·M_end − N_0·M_0 = Σ n·(M_end − M_t) + N_0·(M_end − M_0).
 */
import type { Scenario } from '../../scenario/model.js';
import { dec, ZERO, type Dec } from '../decimal.js';
import { lookupFxRate, type FxTable } from '../fx.js';
import { SHORT_ZERO, ShortDec } from '../short-dec.js';
import { type OrderExecution, type PaymentExecution, type RunLedger, type TradeEntry } from './ledger.js';

export type ComponentId =
  | 'STALE_SLIPPAGE'
  | 'MISSED_FEE'
  | 'DUPLICATE'
  | 'INVENTORY_MTM'
  | 'HEDGE_DRIFT'
  | 'HEDGE_EXECUTION'
  | 'FEES_DELTA'
  | 'FX_TRANSLATION'
  | 'SLA_CREDIT'
  | 'UNATTRIBUTED';

export const COMPONENT_ORDER: readonly ComponentId[] = [
  'STALE_SLIPPAGE', 'MISSED_FEE', 'DUPLICATE', 'INVENTORY_MTM', 'HEDGE_DRIFT', 'HEDGE_EXECUTION', 'FEES_DELTA', 'FX_TRANSLATION', 'SLA_CREDIT', 'UNATTRIBUTED',
];

/** Why each component exists and where its formula is, printed next to it (assumption_ref). */
export const COMPONENT_NOTES: Record<ComponentId, string> = {
  STALE_SLIPPAGE: '§2.2: Σ over client fills filled in both replays of edge-vs-mid faulted − baseline (stale or corrupt quote prices)',
  MISSED_FEE: '§2.4: markup and fee revenue of client trades (and take-rate revenue net of processor fees of payments) lost to rejections; gross, recapture shown separately',
  DUPLICATE: '§2.5: duplicate order executions and their unwinds (side × q × (P_unwind − P_fill) − fees) and duplicate charges (non-refunded fees + handling); customer funds shown separately',
  INVENTORY_MTM: '§2.6: n × (M_end − M_t) of client fills and the opening inventory to the close, faulted − baseline: fills in one replay only (rejected trades) differ',
  HEDGE_DRIFT: '§3.2: Σ hedge n × (M_end − M_t) faulted − baseline: market drift on flow left unhedged',
  HEDGE_EXECUTION: '§3.2: Σ hedge n × (M_t − P_fill) faulted − baseline: spread and venue of the hedges',
  FEES_DELTA: '§2.7: fees faulted − baseline on activity common to both replays (LP fees, processor fees, client fees)',
  FX_TRANSLATION: '§1.3: closing-rate translation − event-time translation (0 when FX is constant over the drill)',
  SLA_CREDIT: '§6: SLA credits receivable − payable, faulted − baseline',
  UNATTRIBUTED: '§2.8: cash-accounting incident P&L − Σ components (should be 0)',
};

/**
 * What each line's `baseline_value` and `faulted_value` hold: each replay's own sum of the parts of
 * that component (route 2), so that each replay's lines add up to its P&L; the impact is their
 * difference. Printed beside them (pnl_attribution.csv `values_hold`, summary.md) because for some
 * lines the per-replay value is not the component's name (STALE_SLIPPAGE holds every common fill's
 * markup; MISSED_FEE holds the take-rate revenue of every charge).
 */
export const COMPONENT_VALUES_HOLD: Record<ComponentId, string> = {
  STALE_SLIPPAGE: 'edge vs the true mid, n × (M − P), of the client fills filled in both replays (the markup earned on them)',
  MISSED_FEE: 'edge + client fee of fills filled in this replay only, plus take-rate revenue of every charge (net of the processor fee for charges in this replay only)',
  DUPLICATE: 'duplicate and unwind executions (edge − fees + MtM to the close) and duplicate charges (− non-refunded fee − handling)',
  INVENTORY_MTM: 'n × (M_end − M_t) of every client fill, plus the opening inventory N_0 × (M_end − M_0)',
  HEDGE_DRIFT: 'Σ hedge n × (M_end − M_t): the hedges marked to the close',
  HEDGE_EXECUTION: 'Σ hedge n × (M_t − P_fill): the hedges\' edge vs the true mid',
  FEES_DELTA: 'fees on activity in both replays: client fees (+), LP fees (−), processor fees of charges in both (−)',
  FX_TRANSLATION: 'closing-rate − event-time translation',
  SLA_CREDIT: 'SLA credits receivable − payable',
  UNATTRIBUTED: 'faulted: cash-accounting P&L − Σ components (baseline 0)',
};

/** Money in one currency. */
export interface Amount {
  value: Dec;
  ccy: string;
}

export interface ComponentLine {
  component: ComponentId;
  instrument: string;
  baseline: Dec;
  faulted: Dec;
  impactNative: Dec;
  nativeCcy: string;
  fxRate: Dec;
  fxSource: string;
  fxTs: number;
  impactReporting: Dec;
  note: string;
  /** What baseline and faulted hold (COMPONENT_VALUES_HOLD). */
  valuesHold: string;
}

export interface RunPnl {
  /** Route 1: cash accounting, reporting currency. */
  total: Dec;
  /** Route 2 grouped by component key `${component}|${instrument}|${ccy}`, native currency. */
  parts: Map<string, Dec>;
}

export interface AttributionResult {
  faulted: RunPnl;
  baseline: RunPnl;
  lines: ComponentLine[];
  /** faulted.total − baseline.total. */
  incidentTotal: Dec;
  /** Σ lines (excluding UNATTRIBUTED). */
  componentSum: Dec;
  unattributed: Dec;
  missedFeeGross: Dec;
  missedFeeNet: Dec;
  recaptureRate: number;
  paymentRetrySuccessRate: number;
  /**
   * The baseline's payment margin, reporting ccy: Σ over its first charges of amount × take rate −
   * processor fee. When negative, each payment the fault stopped shows as a gain in MISSED_FEE.
   */
  paymentMarginBaseline: Dec;
  /** Baseline charges whose own margin is negative (a failure of one of these reads as a gain). */
  negativeMarginCharges: number;
}

export interface SlaCredits {
  receivable: Dec;
  payable: Dec;
}

/**
 * Both routes run on ShortDec (short-dec.ts): each operation gives the Dec decimal.js would, so
 * the figures are those of the same arithmetic on Dec, without a parse and a digit array per step.
 */
interface Ctx {
  scenario: Scenario;
  fx: FxTable;
  reporting: string;
  takeRate: ShortDec;
  opsCost: ShortDec;
  refundable: Map<string, boolean>;
  /** lookupFxRate by `from|to`: the table is fixed for the evaluation, and this runs per fill. */
  rates: Map<string, ShortDec>;
}

function rateOf(ctx: Ctx, from: string, to: string): ShortDec {
  const key = `${from}|${to}`;
  let rate = ctx.rates.get(key);
  if (rate === undefined) {
    rate = ShortDec.of(lookupFxRate(ctx.fx, from, to).rate);
    ctx.rates.set(key, rate);
  }
  return rate;
}

/**
 * Running sums by `component|instrument|ccy`. Three adds per fill on a 100k-item drill: building
 * the key string per add (a fresh string to flatten and hash on every lookup) cost more than the
 * sums, so each key is built once and its running sum kept in a cell.
 */
class PartSums {
  private readonly cells = new Map<string, { v: ShortDec }>();
  private readonly keys = new Map<string, Map<string, Map<string, { v: ShortDec }>>>();

  /** A fill's three cells by `both` then instrument then quote currency (two lookups a fill instead of nine). */
  private readonly fillCells = [new Map<string, Map<string, { v: ShortDec }[]>>(), new Map<string, Map<string, { v: ShortDec }[]>>()];

  add(component: ComponentId, instrument: string, ccy: string, value: ShortDec): void {
    const cell = this.cellOf(component, instrument, ccy);
    cell.v = cell.v.plus(value);
  }

  private cellOf(component: ComponentId, instrument: string, ccy: string): { v: ShortDec } {
    let byInstrument = this.keys.get(component);
    if (byInstrument === undefined) this.keys.set(component, (byInstrument = new Map()));
    let byCcy = byInstrument.get(instrument);
    if (byCcy === undefined) byInstrument.set(instrument, (byCcy = new Map()));
    let cell = byCcy.get(ccy);
    if (cell === undefined) {
      const key = `${component}|${instrument}|${ccy}`;
      cell = this.cells.get(key);
      if (cell === undefined) this.cells.set(key, (cell = { v: SHORT_ZERO }));
      byCcy.set(ccy, cell);
    }
    return cell;
  }

  /** A client fill's parts: edge vs mid, fee, inventory to the close. */
  addFill(both: boolean, instrument: string, quote: string, edge: ShortDec, fee: ShortDec, inventory: ShortDec): void {
    const byInstrument = this.fillCells[both ? 1 : 0]!;
    let byQuote = byInstrument.get(instrument);
    if (byQuote === undefined) byInstrument.set(instrument, (byQuote = new Map()));
    let cells = byQuote.get(quote);
    if (cells === undefined) {
      // Made in the order the parts are added, so the sums keep their first-added order.
      cells = [
        this.cellOf(both ? 'STALE_SLIPPAGE' : 'MISSED_FEE', instrument, quote),
        this.cellOf(both ? 'FEES_DELTA' : 'MISSED_FEE', instrument, quote),
        // Inventory of a fill present in both replays is identical and cancels; it stays in
        // INVENTORY_MTM (client inventory to the close), so each replay's line holds it all.
        this.cellOf('INVENTORY_MTM', instrument, quote),
      ];
      byQuote.set(quote, cells);
    }
    cells[0]!.v = cells[0]!.v.plus(edge);
    cells[1]!.v = cells[1]!.v.plus(fee);
    cells[2]!.v = cells[2]!.v.plus(inventory);
  }

  /** The sums by key, in first-added order. */
  toMap(): Map<string, Dec> {
    const out = new Map<string, Dec>();
    for (const [key, cell] of this.cells) out.set(key, cell.v.toDec());
    return out;
  }
}

/** × the rate to the reporting currency; an amount already in it is returned as it is (× 1, without the multiplication). */
function toReporting(ctx: Ctx, value: ShortDec, ccy: string): ShortDec {
  // Three calls per charge: the common case (the very same code) without upper-casing two strings.
  const same = ccy === ctx.reporting || ccy.toUpperCase() === ctx.reporting.toUpperCase();
  return same ? value : value.times(rateOf(ctx, ccy, ctx.reporting));
}

/** Route 1: cash accounting for one replay, in the reporting currency. */
export function computeRunTotal(ctx: Ctx, ledger: RunLedger, sla: SlaCredits): Dec {
  let total = SHORT_ZERO;
  const net = new Map<string, ShortDec>([...ledger.initialPositions].map(([symbol, q]) => [symbol, ShortDec.of(q)]));
  for (const t of ledger.trades.values()) {
    if (!t.filled) continue;
    // Each figure and string read once: a read looks up a column or a pool.
    const n = t.shortN;
    const instrument = t.instrument;
    total = total.plus(toReporting(ctx, n.neg().times(t.shortPrice).plus(t.shortFee), t.quote));
    net.set(instrument, (net.get(instrument) ?? SHORT_ZERO).plus(n));
  }
  for (const o of ledger.orders) {
    const n = ShortDec.of(o.n);
    total = total.plus(toReporting(ctx, n.neg().times(ShortDec.of(o.price)), o.quote)).minus(toReporting(ctx, ShortDec.of(o.fee), o.feeCcy));
    net.set(o.instrument, (net.get(o.instrument) ?? SHORT_ZERO).plus(n));
  }
  for (const p of ledger.payments) total = total.plus(paymentCash(ctx, p));
  for (const [symbol, qty] of net) {
    const quote = ctx.scenario.market.instruments.find((i) => i.symbol === symbol)?.quote ?? ctx.reporting;
    const close = ShortDec.of(ledger.closingMids.get(symbol) ?? ZERO);
    const open = ShortDec.of(ledger.initialPositions.get(symbol) ?? ZERO);
    const startMid = ShortDec.parse(ctx.scenario.market.instruments.find((i) => i.symbol === symbol)?.mid ?? '0');
    total = total.plus(toReporting(ctx, qty.times(close).minus(open.times(startMid)), quote));
  }
  return total.toDec().plus(sla.receivable).minus(sla.payable);
}

/** A charge's P&L in the reporting currency: first charge earns the take rate; duplicates cost fees and handling. */
function paymentCash(ctx: Ctx, p: PaymentExecution): ShortDec {
  const fee = toReporting(ctx, p.shortFee, p.feeCcy);
  if (p.occurrence === 1) return toReporting(ctx, p.shortAmount.times(ctx.takeRate), p.ccy).minus(fee);
  // The duplicate amount is refunded to the customer (a liability, not P&L); the fee may not be.
  const lostFee = ctx.refundable.get(p.provider) === true ? SHORT_ZERO : fee;
  return lostFee.neg().minus(ctx.opsCost);
}

/** A client fill's three parts (edge vs mid, fee, inventory to the close), added to `parts`. */
function addFillParts(parts: PartSums, t: TradeEntry, both: boolean, closingMids: ReadonlyMap<string, ShortDec>, also?: PartSums): void {
  // Each figure and string read once: a read looks up a column or a pool.
  const n = t.shortN;
  const mid = t.shortMid;
  const instrument = t.instrument;
  const quote = t.quote;
  // edgeOf (ledger.ts): n × (M − P).
  const edge = n.times(mid.minus(t.shortPrice));
  const fee = t.shortFee;
  const inventory = n.times((closingMids.get(instrument) ?? mid).minus(mid));
  parts.addFill(both, instrument, quote, edge, fee, inventory);
  also?.addFill(both, instrument, quote, edge, fee, inventory);
}

function shortMids(mids: ReadonlyMap<string, Dec>): Map<string, ShortDec> {
  return new Map([...mids].map(([symbol, mid]) => [symbol, ShortDec.of(mid)]));
}

/**
 * Route 2 for both replays: each replay's decomposition into component parts, native currencies.
 * A client fill recorded identically in both replays (most fills: the fault touched the others),
 * with the same closing mid, contributes the same parts to both, so it is priced once and added to
 * both; the sums are exact (far below 50 significant digits), so the order of additions is moot.
 */
function decomposeBoth(ctx: Ctx, faulted: RunLedger, baseline: RunLedger): [Map<string, Dec>, Map<string, Dec>] {
  const fParts = new PartSums();
  const bParts = new PartSums();
  const sameCloseOf = new Map<string, boolean>();
  const sameClose = (instrument: string): boolean => {
    let same = sameCloseOf.get(instrument);
    if (same === undefined) {
      const f = faulted.closingMids.get(instrument);
      const b = baseline.closingMids.get(instrument);
      same = f === undefined ? b === undefined : b !== undefined && f.eq(b);
      sameCloseOf.set(instrument, same);
    }
    return same;
  };
  const shared = (t: TradeEntry, peer: TradeEntry | undefined): boolean => peer !== undefined && peer.filled && t.sameFill(peer) && sameClose(t.instrument);
  const fMids = shortMids(faulted.closingMids);
  const bMids = shortMids(baseline.closingMids);
  for (const t of faulted.trades.values()) {
    if (!t.filled) continue;
    const peer = baseline.trades.peerOf(t);
    if (shared(t, peer)) addFillParts(fParts, t, true, fMids, bParts);
    else addFillParts(fParts, t, peer?.filled === true, fMids);
  }
  for (const t of baseline.trades.values()) {
    if (!t.filled) continue;
    const peer = faulted.trades.peerOf(t);
    // Added with the faulted replay's own record above.
    if (peer !== undefined && shared(peer, t)) continue;
    addFillParts(bParts, t, peer?.filled === true, bMids);
  }
  decomposeRest(ctx, faulted, baseline, fParts);
  decomposeRest(ctx, baseline, faulted, bParts);
  return [fParts.toMap(), bParts.toMap()];
}

/** Route 2's parts of one replay other than client fills: the firm's orders, charges, opening inventory. */
function decomposeRest(ctx: Ctx, ledger: RunLedger, other: RunLedger, parts: PartSums): void {
  for (const o of ledger.orders) {
    const n = ShortDec.of(o.n);
    const mid = ShortDec.of(o.mid);
    const close = ShortDec.of(ledger.closingMids.get(o.instrument) ?? o.mid);
    const duplicate = o.occurrence > 1 || o.purpose === 'unwind';
    const fee = toNative(ctx, ShortDec.of(o.fee), o.feeCcy, o.quote);
    // edgeOf (ledger.ts): n × (M − P).
    const edge = n.times(mid.minus(ShortDec.of(o.price)));
    if (duplicate) {
      parts.add('DUPLICATE', o.instrument, o.quote, edge.minus(fee).plus(n.times(close.minus(mid))));
    } else {
      parts.add('HEDGE_EXECUTION', o.instrument, o.quote, edge);
      parts.add('FEES_DELTA', o.instrument, o.quote, fee.neg());
      parts.add('HEDGE_DRIFT', o.instrument, o.quote, n.times(close.minus(mid)));
    }
  }
  const charged = new Set(other.payments.filter((p) => p.occurrence === 1).map((p) => p.reference));
  for (const p of ledger.payments) {
    if (p.occurrence > 1) parts.add('DUPLICATE', '', ctx.reporting, paymentCash(ctx, p));
    else if (charged.has(p.reference)) {
      // Same payment charged in both replays: only a different processor's fee can differ.
      parts.add('FEES_DELTA', '', ctx.reporting, toReporting(ctx, p.shortFee, p.feeCcy).neg());
      parts.add('MISSED_FEE', '', ctx.reporting, toReporting(ctx, p.shortAmount.times(ctx.takeRate), p.ccy));
    } else parts.add('MISSED_FEE', '', ctx.reporting, paymentCash(ctx, p));
  }
  // Opening inventory's MtM is the same in both replays; keep it so route 2 covers route 1 exactly.
  for (const [symbol, open] of ledger.initialPositions) {
    const spec = ctx.scenario.market.instruments.find((i) => i.symbol === symbol);
    if (spec === undefined) continue;
    parts.add('INVENTORY_MTM', symbol, spec.quote, ShortDec.of(open).times(ShortDec.of(ledger.closingMids.get(symbol) ?? ZERO).minus(ShortDec.parse(spec.mid))));
  }
}

function toNative(ctx: Ctx, value: ShortDec, from: string, to: string): ShortDec {
  return from === to ? value : value.times(rateOf(ctx, from, to));
}

export interface AttributeOptions {
  scenario: Scenario;
  fx: FxTable;
  faulted: RunLedger;
  baseline: RunLedger;
  slaFaulted: SlaCredits;
  slaBaseline: SlaCredits;
}

export function attributePnl(options: AttributeOptions): AttributionResult {
  const { scenario, fx } = options;
  const reporting = scenario.reporting.currency;
  const refundable = new Map(scenario.providers.map((p) => [p.id, p.fees.refundable]));
  const ctx: Ctx = {
    scenario, fx, reporting,
    takeRate: ShortDec.of(dec(scenario.business.paymentTakeRateBps).div(10_000)),
    opsCost: ShortDec.parse(scenario.business.opsCostPerDuplicate),
    refundable,
    rates: new Map(),
  };
  const [fParts, bParts] = decomposeBoth(ctx, options.faulted, options.baseline);
  const faultedTotal = computeRunTotal(ctx, options.faulted, options.slaFaulted);
  const baselineTotal = computeRunTotal(ctx, options.baseline, options.slaBaseline);

  const keys = [...new Set([...fParts.keys(), ...bParts.keys()])].sort();
  const lines: ComponentLine[] = [];
  for (const key of keys) {
    const [component, instrument, ccy] = key.split('|') as [ComponentId, string, string];
    const f = fParts.get(key) ?? ZERO;
    const b = bParts.get(key) ?? ZERO;
    lines.push(makeLine(ctx, component, instrument, ccy, b, f));
  }
  const slaF = options.slaFaulted.receivable.minus(options.slaFaulted.payable);
  const slaB = options.slaBaseline.receivable.minus(options.slaBaseline.payable);
  lines.push(makeLine(ctx, 'SLA_CREDIT', '', reporting, slaB, slaF));
  // FX is constant over a drill in this version, so event-time and closing translations agree.
  lines.push(makeLine(ctx, 'FX_TRANSLATION', '', reporting, ZERO, ZERO));
  const merged = lines.filter((l) => !(l.impactNative.isZero() && l.faulted.isZero() && l.baseline.isZero() && l.component !== 'FX_TRANSLATION' && l.component !== 'SLA_CREDIT'));
  const componentSum = merged.reduce((s, l) => s.plus(l.impactReporting), ZERO);
  const incidentTotal = faultedTotal.minus(baselineTotal);
  const unattributed = incidentTotal.minus(componentSum);
  merged.push(makeLine(ctx, 'UNATTRIBUTED', '', reporting, ZERO, unattributed));
  merged.sort((a, b) => COMPONENT_ORDER.indexOf(a.component) - COMPONENT_ORDER.indexOf(b.component) || a.instrument.localeCompare(b.instrument));

  const missedFeeGross = merged.filter((l) => l.component === 'MISSED_FEE').reduce((s, l) => s.plus(l.impactReporting), ZERO);
  // §2.4: client trades come back at the recapture rate; failed payments at the retry-success rate.
  // Payment lines are the MISSED_FEE lines without an instrument.
  const missedPayments = merged.filter((l) => l.component === 'MISSED_FEE' && l.instrument === '').reduce((s, l) => s.plus(l.impactReporting), ZERO);
  const missedTrades = missedFeeGross.minus(missedPayments);
  const missedFeeNet = missedTrades.times(1 - scenario.business.recaptureRate).plus(missedPayments.times(1 - scenario.business.paymentRetrySuccessRate));
  let paymentMarginBaseline = SHORT_ZERO;
  let negativeMarginCharges = 0;
  for (const p of options.baseline.payments) {
    if (p.occurrence !== 1) continue;
    const margin = paymentCash(ctx, p);
    paymentMarginBaseline = paymentMarginBaseline.plus(margin);
    if (margin.lt(SHORT_ZERO)) negativeMarginCharges += 1;
  }
  return {
    faulted: { total: faultedTotal, parts: fParts },
    baseline: { total: baselineTotal, parts: bParts },
    lines: merged,
    incidentTotal,
    componentSum,
    unattributed,
    missedFeeGross,
    missedFeeNet,
    recaptureRate: scenario.business.recaptureRate,
    paymentRetrySuccessRate: scenario.business.paymentRetrySuccessRate,
    paymentMarginBaseline: paymentMarginBaseline.toDec(),
    negativeMarginCharges,
  };
}

function makeLine(ctx: Ctx, component: ComponentId, instrument: string, ccy: string, baseline: Dec, faulted: Dec): ComponentLine {
  const fx = lookupFxRate(ctx.fx, ccy, ctx.reporting);
  const impactNative = faulted.minus(baseline);
  return {
    component, instrument, baseline, faulted, impactNative, nativeCcy: ccy,
    fxRate: fx.rate, fxSource: fx.source, fxTs: Number.isFinite(fx.ts) ? fx.ts : ctx.scenario.startMs,
    impactReporting: impactNative.times(fx.rate),
    note: COMPONENT_NOTES[component],
    valuesHold: COMPONENT_VALUES_HOLD[component],
  };
}

export type { OrderExecution, PaymentExecution, TradeEntry };
