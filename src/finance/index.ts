/**
 * The finance primitives of faultline: pure functions over decimal money, each implementing one
 * section of finance-reference.md. Money, prices and quantities are `Dec` (the one configured
 * decimal constructor, §1.1) or decimal strings in and `Dec` out; a JS number is rejected.
 * P&L is signed from the firm's side (+ gain); anything named `*Cost` is positive when it cost
 * money (§1.4). Compliance regimes and holiday calendars live in `./compliance` and `./calendars`.
 *
 * - conventions: {@link ./decimal.js}, {@link ./input.js}, {@link ./rounding.js} (§1.1)
 * - FX translation: {@link ./fx.js} (§1.3)
 * - P&L components: {@link ./pnl.js} (§2.2–§2.5)
 * - positions and cost methods: {@link ./positions.js} (§2.6)
 * - hedging exposure: {@link ./exposure.js} (§3)
 * - VaR/ES: {@link ./var.js} (§3.3, §4, §8)
 * - SLA credits: {@link ./sla.js} (§6)
 * - incident metrics: {@link ./incidents.js} (§7)
 */
export { Dec, dec, fixed, plain, roundTo, roundToStep, truncateToStep, minorUnits, ZERO, ONE } from './decimal.js';
export type { DecimalString, RoundingMode } from './decimal.js';
export { toDec, toRate, toEpochMs, signOf } from './input.js';
export type { DecInput, RateInput, Side } from './input.js';
export { compareItemVsAggregateRounding, computeTolerance, withinTolerance, roundHalfEven, roundHalfUp } from './rounding.js';
export type { RoundingComparison } from './rounding.js';
export { buildFxTable, lookupFxRate, translateAmount, computeFxTranslationDelta } from './fx.js';
export type { FxQuote, FxRecord, FxTable, FxTranslation, TranslateOptions } from './fx.js';
export {
  quoteFreshPrice, computeStaleSlippage, sumStaleSlippage, computeExpectedAdverseMove, computeExpectedAdverseMoveBps, estimatePickOffCost,
  computeImplementationShortfall, computeMissedFeeRevenue, computeLostPaymentRevenue, computeDeferredIntentCost,
  computeDuplicateOrderPnl, computeCardFee, computeDuplicatePaymentCost,
} from './pnl.js';
export type {
  StaleFillInput, StaleSlippage, StaleSlippageTotal, AdverseMoveInput, OrderFill, ShortfallInput, ImplementationShortfall, FeeBearingItem, LostRevenue,
  DuplicateOrderInput, CardFeeSchedule, DuplicatePaymentInput, DuplicatePaymentCost,
} from './pnl.js';
export { openPositionLedger, applyFill, buildPosition, getNetQty, getCostBasis, getTotalRealizedPnl, markPosition, describePosition } from './positions.js';
export type { CostMethod, PositionFill, Lot, PositionCycle, Position, MarkQuote, MarkRule, MarkResult, PositionReport } from './positions.js';
export { buildExposurePath, measureExposure, computeHedgeSlippage } from './exposure.js';
export type { ExposureFlow, MidObservation, FxObservation, ExposurePathInput, ExposurePoint, ExposureSegment, ExposurePath, ExposureLimit, ExposureRow, ExposureMetrics, HedgedClientFill, HedgeSlippage } from './exposure.js';
export { PRINTED_Z, computeNormalPdf, computeNormalCdf, computeNormalQuantile, toDailySigma, computeParametricVar, simulateMonteCarloVar } from './var.js';
export type { VolatilityInput, ParametricVarInput, ParametricVar, PathModel, MonteCarloVarInput, MonteCarloVar } from './var.js';
export { bucketRequests, countDowntimeMinutes, getUtcMonth, computeMonthlyUptime, selectCreditTier, computeSlaCredit, computeClaimDeadline, SLA_TEMPLATES } from './sla.js';
export type { WindowObservation, BucketedWindow, DowntimeRule, ExcludedInterval, DowntimeCount, MonthlyUptime, CreditTier, ClaimRule, SlaTemplate, CreditDirection, SlaCredit } from './sla.js';
export { computeIncidentTimings, computeDetectionBound, computePercentile, summarizeDurations, computeErrorBudget } from './incidents.js';
export type { IncidentTimestamps, IncidentTimings, DetectionBound, DurationSummary, ErrorBudgetInput, ErrorBudget } from './incidents.js';
