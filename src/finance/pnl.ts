/**
 * P&L components of an integration failure (finance-reference.md §2.2–§2.5). P&L is signed from
 * the firm's side (+ gain, − loss); anything named `*Cost` is a positive number when the fault cost
 * money (§1.4). Nothing here rounds unless the counterparty does (card fees, per charge).
 */
import { Dec, ZERO, ONE, roundTo, type RoundingMode } from './decimal.js';
import { signOf, toDec, toRate, type DecInput, type RateInput, type Side } from './input.js';
import { compareItemVsAggregateRounding } from './rounding.js';

const BPS = new Dec(10_000);
const SECONDS_PER_DAY = 86_400;

function bpsOf(amount: Dec, notional: Dec): Dec {
  return notional.isZero() ? ZERO : BPS.times(amount).div(notional);
}

/** One client fill priced on a possibly stale quote (finance-reference.md §2.2). */
export interface StaleFillInput {
  /** The firm's side: `sell` when the client buys (side_firm = +1), `buy` when the client sells. */
  readonly firmSide: Side;
  /** Filled quantity, positive, base units. */
  readonly qty: DecInput;
  /** Price the fill executed at (built on the stale price). */
  readonly execPx: DecInput;
  /** True mid M_true at the fill instant, from the independent reference feed. */
  readonly trueMid: DecInput;
  /** The price a fresh quote would have shown (see {@link quoteFreshPrice}). */
  readonly freshPx: DecInput;
}

/** Stale-price slippage of one fill (finance-reference.md §2.2). */
export interface StaleSlippage {
  /** side_firm × (P_exec − M_true) × q: signed P&L vs the true mid, quote ccy. */
  readonly pnlVsMid: Dec;
  /** side_firm × (P_fresh − M_true) × q: what a fresh quote would have earned. */
  readonly expectedMarkup: Dec;
  /** expected_markup − pnl_vs_mid: ≥ 0 means the fault cost money. */
  readonly staleCost: Dec;
  /** M_true × q: the reference notional for bps. */
  readonly referenceNotional: Dec;
  /** 10,000 × pnl_vs_mid / (M_true × q): the reference's `slippage_bps` (signed). */
  readonly slippageBps: Dec;
  /** 10,000 × stale_cost / (M_true × q): the stale cost in bps (the 119.17 bps of the §2.2 example). */
  readonly staleCostBps: Dec;
}

/** A fresh quote around the true mid: mid × (1 + side_firm × markup), side_firm = +1 when the firm sells. */
export function quoteFreshPrice(trueMid: DecInput, markupRate: RateInput, firmSide: Side): Dec {
  const s = -signOf(firmSide);
  return toDec(trueMid, 'trueMid').times(ONE.plus(toRate(markupRate, 'markupRate').times(s)));
}

/**
 * Stale-price execution slippage of one client fill (finance-reference.md §2.2). Example: client
 * buys 2.5 BTC at 100,500 (stale mid 100,000 + 0.5%) while the true mid is 101,200: pnl_vs_mid
 * −1,750.00, fresh markup 1,265.00, stale cost 3,015.00 = 119.17 bps of 253,000.
 */
export function computeStaleSlippage(input: StaleFillInput): StaleSlippage {
  // side_firm = +1 when the firm sells; Side is the firm's own side, so invert the buy/sell sign.
  const sideFirm = -signOf(input.firmSide);
  const q = toDec(input.qty, 'qty');
  if (q.lte(0)) throw new RangeError('qty must be positive; the side carries the sign');
  const exec = toDec(input.execPx, 'execPx');
  const mid = toDec(input.trueMid, 'trueMid');
  const fresh = toDec(input.freshPx, 'freshPx');
  const pnlVsMid = exec.minus(mid).times(q).times(sideFirm);
  const expectedMarkup = fresh.minus(mid).times(q).times(sideFirm);
  const staleCost = expectedMarkup.minus(pnlVsMid);
  const referenceNotional = mid.times(q);
  return {
    pnlVsMid,
    expectedMarkup,
    staleCost,
    referenceNotional,
    slippageBps: bpsOf(pnlVsMid, referenceNotional),
    staleCostBps: bpsOf(staleCost, referenceNotional),
  };
}

/** Stale slippage summed over fills, with bps on the summed reference notional (not an average of bps). */
export interface StaleSlippageTotal {
  readonly fills: number;
  readonly pnlVsMid: Dec;
  readonly expectedMarkup: Dec;
  readonly staleCost: Dec;
  readonly referenceNotional: Dec;
  readonly slippageBps: Dec;
  readonly staleCostBps: Dec;
}

/** Sum per-fill stale slippage into the STALE_SLIPPAGE line (finance-reference.md §2.2, §1.4 bps rule). */
export function sumStaleSlippage(items: readonly StaleSlippage[]): StaleSlippageTotal {
  let pnlVsMid = ZERO;
  let expectedMarkup = ZERO;
  let staleCost = ZERO;
  let referenceNotional = ZERO;
  for (const s of items) {
    pnlVsMid = pnlVsMid.plus(s.pnlVsMid);
    expectedMarkup = expectedMarkup.plus(s.expectedMarkup);
    staleCost = staleCost.plus(s.staleCost);
    referenceNotional = referenceNotional.plus(s.referenceNotional);
  }
  return { fills: items.length, pnlVsMid, expectedMarkup, staleCost, referenceNotional, slippageBps: bpsOf(pnlVsMid, referenceNotional), staleCostBps: bpsOf(staleCost, referenceNotional) };
}

/** Inputs for the latency / pick-off model (finance-reference.md §2.2). */
export interface AdverseMoveInput {
  /** Annual volatility, e.g. 0.55. */
  readonly sigmaAnnual: RateInput;
  /** Age of the quote (or latency) in seconds. */
  readonly ageSeconds: number;
  /** Days in the volatility year: 365 for 24/7 crypto (§4.2), 252 for exchange-hours instruments. */
  readonly yearDays?: number;
}

/**
 * Expected absolute adverse move as a fraction of price over `age`: σ √age √(2/π), age in years
 * (finance-reference.md §2.2). At σ = 55%: 2 s → 1.1 bps, 30 s → 4.3, 90 s → 7.4, 5 min → 13.5.
 */
export function computeExpectedAdverseMove(input: AdverseMoveInput): Dec {
  const { ageSeconds, yearDays = 365 } = input;
  if (!(ageSeconds >= 0)) throw new RangeError(`ageSeconds must be ≥ 0, got ${ageSeconds}`);
  const sigma = toRate(input.sigmaAnnual, 'sigmaAnnual');
  const ageYears = new Dec(ageSeconds).div(new Dec(yearDays).times(SECONDS_PER_DAY));
  const twoOverPi = new Dec(2).div(Dec.acos(-1));
  return sigma.times(ageYears.sqrt()).times(twoOverPi.sqrt());
}

/** The same adverse move in basis points (10,000 × fraction). */
export function computeExpectedAdverseMoveBps(input: AdverseMoveInput): Dec {
  return computeExpectedAdverseMove(input).times(BPS);
}

/**
 * Adverse-selection (pick-off) cost of informed flow trading on stale quotes:
 * notional × σ√age × √(2/π) × p_informed (finance-reference.md §2.2). Positive = cost.
 */
export function estimatePickOffCost(input: AdverseMoveInput & { readonly notional: DecInput; readonly pInformed: RateInput }): Dec {
  const p = toRate(input.pInformed, 'pInformed');
  if (p.lt(0) || p.gt(1)) throw new RangeError('pInformed must be in [0, 1]');
  return toDec(input.notional, 'notional').abs().times(computeExpectedAdverseMove(input)).times(p);
}

/** One execution of an own-account order. */
export interface OrderFill {
  readonly qty: DecInput;
  readonly px: DecInput;
  readonly fee?: DecInput;
}

/** Inputs for Perold's implementation shortfall (finance-reference.md §2.3). */
export interface ShortfallInput {
  readonly side: Side;
  /** Intended quantity Q, positive. */
  readonly intendedQty: DecInput;
  /** Decision price P_d. */
  readonly decisionPx: DecInput;
  /** Arrival price P_a (when the order actually reached the venue, e.g. after a 429 back-off). */
  readonly arrivalPx: DecInput;
  /** Price at the end of the evaluation window, for the unfilled remainder. */
  readonly endPx: DecInput;
  readonly fills: readonly OrderFill[];
}

/** Implementation shortfall components; each is a cost (positive = worse than the paper portfolio). */
export interface ImplementationShortfall {
  readonly filledQty: Dec;
  readonly unfilledQty: Dec;
  readonly delayCost: Dec;
  readonly executionCost: Dec;
  readonly opportunityCost: Dec;
  readonly fees: Dec;
  readonly totalCost: Dec;
  /** totalCost in bps of the paper notional Q × P_d. */
  readonly totalBps: Dec;
}

/**
 * Perold implementation shortfall of an own-account order (finance-reference.md §2.3): delay
 * (P_a − P_d)Σq, execution Σq(p − P_a), opportunity (Q − Σq)(P_end − P_d), fees; for sells the
 * price differences flip sign, so every component stays a cost.
 */
export function computeImplementationShortfall(input: ShortfallInput): ImplementationShortfall {
  const s = signOf(input.side);
  const Q = toDec(input.intendedQty, 'intendedQty');
  const pd = toDec(input.decisionPx, 'decisionPx');
  const pa = toDec(input.arrivalPx, 'arrivalPx');
  const pend = toDec(input.endPx, 'endPx');
  let filled = ZERO;
  let execution = ZERO;
  let fees = ZERO;
  for (const [j, f] of input.fills.entries()) {
    const q = toDec(f.qty, `fills[${j}].qty`);
    if (q.lte(0)) throw new RangeError(`fills[${j}].qty must be positive`);
    filled = filled.plus(q);
    execution = execution.plus(q.times(toDec(f.px, `fills[${j}].px`).minus(pa)));
    if (f.fee !== undefined) fees = fees.plus(toDec(f.fee, `fills[${j}].fee`));
  }
  if (filled.gt(Q)) throw new RangeError('filled quantity exceeds the intended quantity');
  const unfilled = Q.minus(filled);
  const delayCost = pa.minus(pd).times(filled).times(s);
  const executionCost = execution.times(s);
  const opportunityCost = unfilled.times(pend.minus(pd)).times(s);
  const totalCost = delayCost.plus(executionCost).plus(opportunityCost).plus(fees);
  return { filledQty: filled, unfilledQty: unfilled, delayCost, executionCost, opportunityCost, fees, totalCost, totalBps: bpsOf(totalCost, Q.times(pd)) };
}

/** A rejected/failed item that would have earned a fee. */
export interface FeeBearingItem {
  readonly notional: DecInput;
  /** Fee (or net take) rate as a fraction, e.g. '0.006' for 0.6%. */
  readonly rate: RateInput;
}

/** Gross and net lost revenue (finance-reference.md §2.4): both are printed, with the assumption. */
export interface LostRevenue {
  readonly gross: Dec;
  /** The part assumed recovered when customers retry later. */
  readonly recaptured: Dec;
  readonly net: Dec;
  readonly recaptureRate: Dec;
  readonly count: number;
  readonly notional: Dec;
}

function computeLostRevenue(items: readonly FeeBearingItem[], recaptureRate: RateInput): LostRevenue {
  const r = toRate(recaptureRate, 'recaptureRate');
  if (r.lt(0) || r.gt(1)) throw new RangeError('recapture/retry-success rate must be in [0, 1]');
  let gross = ZERO;
  let notional = ZERO;
  for (const [i, it] of items.entries()) {
    const n = toDec(it.notional, `items[${i}].notional`).abs();
    notional = notional.plus(n);
    gross = gross.plus(n.times(toRate(it.rate, `items[${i}].rate`)));
  }
  const net = gross.times(ONE.minus(r));
  return { gross, recaptured: gross.minus(net), net, recaptureRate: r, count: items.length, notional };
}

/**
 * Missed fee revenue of rejected client orders, gross and net of a stated recapture rate
 * (finance-reference.md §2.4). Example: 40 orders, AUD 1,200,000 at 0.6% → 7,200.00 gross,
 * 4,680.00 net at 35% recapture. Amounts are lost revenue (positive); the P&L line is −net.
 */
export function computeMissedFeeRevenue(orders: readonly FeeBearingItem[], recaptureRate: RateInput): LostRevenue {
  return computeLostRevenue(orders, recaptureRate);
}

/**
 * Lost payment revenue: Σ amount × net_take_rate × (1 − retry_success_rate) (finance-reference.md §2.4).
 */
export function computeLostPaymentRevenue(payments: readonly FeeBearingItem[], retrySuccessRate: RateInput): LostRevenue {
  return computeLostRevenue(payments, retrySuccessRate);
}

/**
 * Opportunity cost of an own-account intent (hedge, rebalance) executed late:
 * side × q × (M(t_exec_later) − M(t_intended)) (finance-reference.md §2.4). Positive = cost.
 */
export function computeDeferredIntentCost(input: { readonly side: Side; readonly qty: DecInput; readonly midIntended: DecInput; readonly midExecuted: DecInput }): Dec {
  const q = toDec(input.qty, 'qty');
  return toDec(input.midExecuted, 'midExecuted').minus(toDec(input.midIntended, 'midIntended')).times(q).times(signOf(input.side));
}

/** A duplicate order and its unwind (finance-reference.md §2.5). */
export interface DuplicateOrderInput {
  /** Side of the duplicate execution (`buy` → side = +1). */
  readonly side: Side;
  readonly qty: DecInput;
  readonly fillPx: DecInput;
  readonly unwindPx: DecInput;
  readonly feeFill?: DecInput;
  readonly feeUnwind?: DecInput;
}

/**
 * P&L of a duplicate order: side × q × (P_unwind − P_fill) − fee_fill − fee_unwind, signed from
 * the firm's side (finance-reference.md §2.5). MtM until the unwind is a separate line (§2.6).
 */
export function computeDuplicateOrderPnl(input: DuplicateOrderInput): Dec {
  const q = toDec(input.qty, 'qty');
  if (q.lte(0)) throw new RangeError('qty must be positive; the side carries the sign');
  const move = toDec(input.unwindPx, 'unwindPx').minus(toDec(input.fillPx, 'fillPx'));
  const fees = (input.feeFill === undefined ? ZERO : toDec(input.feeFill, 'feeFill')).plus(input.feeUnwind === undefined ? ZERO : toDec(input.feeUnwind, 'feeUnwind'));
  return move.times(q).times(signOf(input.side)).minus(fees);
}

/** A processor's card fee schedule: percent + fixed, rounded per charge. */
export interface CardFeeSchedule {
  /** Percentage as a fraction, e.g. '0.017' for 1.7% (Stripe AU domestic, §2.4). */
  readonly rate: RateInput;
  /** Fixed fee per charge, e.g. '0.30'. */
  readonly fixed: DecInput;
  /** Minor units the processor rounds to (default 2). */
  readonly dp?: number;
  /** The processor's rounding rule; default half-even (set it to the counterparty's rule when known). */
  readonly mode?: RoundingMode;
}

/** Unrounded card fee: amount × rate + fixed. */
function rawCardFee(amount: Dec, fee: CardFeeSchedule): Dec {
  return amount.times(toRate(fee.rate, 'fee.rate')).plus(toDec(fee.fixed, 'fee.fixed'));
}

/**
 * Card processing fee of one charge, rounded per charge as the processor books it
 * (finance-reference.md §1.1.6, §2.4): AUD 249.95 at 1.7% + 0.30 → 4.24915 + 0.30 → 4.55.
 */
export function computeCardFee(amount: DecInput, fee: CardFeeSchedule): Dec {
  return roundTo(rawCardFee(toDec(amount, 'amount'), fee), fee.dp ?? 2, fee.mode ?? 'half_even');
}

/** Inputs for the cost of duplicate payments (finance-reference.md §2.5). */
export interface DuplicatePaymentInput {
  /** The duplicate charge amounts (customer funds). */
  readonly amounts: readonly DecInput[];
  readonly fee: CardFeeSchedule;
  /** Whether the processor returns its fee when the duplicate is refunded (contract-specific, §2.5 [V]). */
  readonly feesRefundable: boolean;
  /** Dispute/chargeback fees charged, total. */
  readonly disputeFees?: DecInput;
  /** Internal handling cost (ops labour), total. */
  readonly opsHandlingCost?: DecInput;
}

/** Cost of duplicate payments, with customer funds kept apart from P&L. */
export interface DuplicatePaymentCost {
  /** Σ duplicate amounts: a liability to refund, never P&L (§2.5). */
  readonly customerFundsToRefund: Dec;
  readonly count: number;
  /** Σ per-charge rounded fees (the processor's figure). */
  readonly processingFees: Dec;
  /** round(Σ unrounded fees): shown only to expose the residual. */
  readonly processingFeesAggregate: Dec;
  /** processingFees − processingFeesAggregate, printed as a reconciliation difference (§1.1.6). */
  readonly roundingResidual: Dec;
  /** Fees not returned on refund (0 when fees are refundable). */
  readonly nonRefundedFees: Dec;
  readonly disputeFees: Dec;
  readonly opsHandlingCost: Dec;
  /** non_refunded_fees + dispute_fees + ops_handling_cost (positive; the P&L line is −cost). */
  readonly cost: Dec;
}

/**
 * Cost of duplicate payments (finance-reference.md §2.5). Example: 12 × AUD 249.95 → 2,999.40 of
 * customer funds to refund (not P&L) and 54.60 of processing fees if not refunded (per-charge
 * rounding; aggregate rounding would give 54.59, residual 0.01).
 */
export function computeDuplicatePaymentCost(input: DuplicatePaymentInput): DuplicatePaymentCost {
  const amounts = input.amounts.map((a, i) => toDec(a, `amounts[${i}]`));
  const customerFundsToRefund = amounts.reduce((a, b) => a.plus(b), ZERO);
  const cmp = compareItemVsAggregateRounding(amounts.map((a) => rawCardFee(a, input.fee)), input.fee.dp ?? 2, input.fee.mode ?? 'half_even');
  const nonRefundedFees = input.feesRefundable ? ZERO : cmp.perItemTotal;
  const disputeFees = input.disputeFees === undefined ? ZERO : toDec(input.disputeFees, 'disputeFees');
  const opsHandlingCost = input.opsHandlingCost === undefined ? ZERO : toDec(input.opsHandlingCost, 'opsHandlingCost');
  return {
    customerFundsToRefund,
    count: amounts.length,
    processingFees: cmp.perItemTotal,
    processingFeesAggregate: cmp.aggregateTotal,
    roundingResidual: cmp.residual,
    nonRefundedFees,
    disputeFees,
    opsHandlingCost,
    cost: nonRefundedFees.plus(disputeFees).plus(opsHandlingCost),
  };
}
