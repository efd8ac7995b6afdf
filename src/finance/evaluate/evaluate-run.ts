/**
 * evaluateRun: a pure function of the scenario and the journal (both replays) that prices the
 * drill — P&L attribution, exposure, SLA, incidents, controls, fault hits, self-checks and
 * threshold verdicts. `faultline report <run-dir>` re-renders a report by calling it again.
 */
import type { RunEvent } from '../../engine/events.js';
import type { Scenario } from '../../scenario/model.js';
import { isKnownMetric, OPERATION_MEASURES } from '../../scenario/metrics.js';
import { measuredValue } from '../resilience/index.js';
import { dec, fixed, minorUnits, plain, roundTo, ZERO, type Dec } from '../decimal.js';
import { buildScenarioFxTable, lookupFxRate, type FxTable } from '../fx.js';
import { getTotalRealizedPnl, markPosition } from '../positions.js';
import { compareItemVsAggregateRounding, computeTolerance, type RoundingComparison } from '../rounding.js';
import { attributePnl, type AttributionResult } from './attribution.js';
import { computeClients, type ClientsReport } from './clients-report.js';
import { computeCompliance, type ComplianceReport } from './compliance-report.js';
import { computeHedgeFigures, computeStaleFillFigures, type HedgeSummary, type StaleFillSummary } from './item-figures.js';
import { computeMonteCarloVarFrom, DEFAULT_MC_PATHS, monteCarloInputOf, type MonteCarloInput, type VarReport } from './var-report.js';
import { computeExposure, type ExposureReport } from './exposure-report.js';
import { computeIncidents, type IncidentSummary } from './incident-report.js';
import { computeLiveTiming, liveTimingDetail, type LiveTimingReport } from './live-timing-report.js';
import { buildLedger, type RunLedger } from './ledger.js';
import { buildLedgerPositions, buildLedgerPositionsWithOther, type SymbolPosition } from './ledger-positions.js';
import { PositionFold } from '../position-fold.js';
import type { Position } from '../position-types.js';
import { evaluateThresholds, type MetricValues, type ThresholdVerdict } from './metrics.js';
import { computeResilience, type ResilienceReport } from './resilience-report.js';
import { computeSla, sumCredits, type SlaRow, type SlaWindow } from './sla-report.js';

export interface SelfCheck {
  id: string;
  title: string;
  status: 'PASS' | 'FAIL';
  detail: string;
}

export interface FaultHit {
  faultId: string;
  kind: string;
  target: string;
  via: string;
  startMs: number;
  endMs: number;
  byOutcome: Record<string, number>;
  total: number;
  expectHits?: number;
  status: 'HIT' | 'UNHIT' | 'EXPECTED_NONE';
}

/**
 * Control findings of the faulted replay (§2.5, §10.2). Each count has one definition, used by the
 * threshold metric of the same name, the summary, the CSVs and the dashboard (docs/finance.md §13).
 */
export interface Controls {
  tradesTotal: number;
  /** Client trades the firm rejected (outcome REJECTED). */
  tradesRejected: number;
  /** Their notional at the true mid (qty × refMid), reporting ccy. */
  tradesRejectedNotional: Dec;
  staleFills: number;
  ordersTotal: number;
  /** Orders with an unknown outcome (§2.5: a send whose execution its answer left open), resolved or not. */
  ordersUnknown: number;
  /** Of those, the ones never resolved (no status answer, no keyed retry answered by that provider). */
  ordersUnresolved: number;
  orderDuplicates: number;
  unsafeRetries: number;
  orderUnsafeRetries: number;
  paymentUnsafeRetries: number;
  paymentsTotal: number;
  /** Payments the firm could not confirm as charged: outcome FAILED or UNKNOWN (`payments.failed`). */
  paymentsFailed: number;
  /** Of those, the ones the firm recorded as UNKNOWN (parked for reconciliation). */
  paymentsFailedUnknown: number;
  /** The failed payments' amounts, reporting ccy at the drill's FX (`payments.failed_amount`). */
  paymentsFailedAmount: Dec;
  /** Payments with an unknown outcome (§2.5), resolved or not. */
  paymentsUnknown: number;
  paymentsUnresolved: number;
  paymentDuplicates: number;
  /** Σ duplicate charge amounts, reporting ccy: a liability to refund, never P&L (§2.5). */
  customerFundsAtRisk: Dec;
  deadLetters: number;
  pricesRejected: number;
  logGapItems: number;
}

export interface Evaluation {
  scenario: Scenario;
  runId: string;
  seed: number;
  mode: string;
  reportingCcy: string;
  fx: FxTable;
  fxSource: string;
  attribution: AttributionResult;
  exposure?: ExposureReport;
  /** SLA rows of the faulted replay: one per contract and service-credit month. */
  sla: SlaRow[];
  /** The windows behind each replay's downtime minutes (sla_minutes.csv). */
  slaWindows: { faulted: SlaWindow[]; baseline: SlaWindow[] };
  incidents: IncidentSummary;
  controls: Controls;
  faultHits: FaultHit[];
  staleFillIds: Set<string>;
  /** §5 compliance rows (regulatory and playbook), counts and the deadline recompute. */
  compliance: ComplianceReport;
  /** Affected clients and customers, ranked; expected support tickets faulted vs baseline. */
  clients: ClientsReport;
  /** Critical operations measured from ground truth, their tolerance verdicts and the resilience regimes (docs/resilience.md). */
  resilience: ResilienceReport;
  /** §2.2 per-fill stale cost and pick-off estimate. */
  staleFills: StaleFillSummary;
  /** §2.3 implementation shortfall of hedge orders, both replays. */
  hedges: HedgeSummary;
  /** Monte Carlo VaR/ES of the unhedged peak (absent without hedging or exposure). */
  monteCarlo?: VarReport;
  /** Rounded attribution lines vs the rounded total (§1.1.6), reporting ccy. */
  rounding: RoundingComparison;
  metrics: MetricValues;
  thresholds: ThresholdVerdict[];
  selfChecks: SelfCheck[];
  /** Live clock only: whether each replay's event loop kept time (the `live-timing` self-check). */
  liveTiming?: LiveTimingReport;
  ledgers: { faulted: RunLedger; baseline: RunLedger };
  /** Each replay's positions in the scenario's cost method, folded once (positions.csv, self-check). */
  positions: { faulted: SymbolPosition[]; baseline: SymbolPosition[] };
  incomplete: boolean;
  incompleteReason?: string;
  verdict: 'PASS' | 'FAIL';
}

export interface EvaluateInput {
  scenario: Scenario;
  events: readonly RunEvent[];
  runId: string;
  seed: number;
  mode: string;
  /** Monte Carlo paths per model (default 100,000). */
  mcPaths?: number;
}

/** Evaluate from an array of events (both replays); see `evaluateLedgers` for the streaming form. */
export function evaluateRun(input: EvaluateInput): Evaluation {
  const { events, ...rest } = input;
  return evaluateLedgers({ ...rest, faulted: buildLedger(input.scenario, events, 'faulted'), baseline: buildLedger(input.scenario, events, 'baseline') });
}

export interface EvaluateLedgersInput extends Omit<EvaluateInput, 'events'> {
  faulted: RunLedger;
  baseline: RunLedger;
  /** Where the Monte Carlo runs (default: here, when its result is needed). */
  monteCarlo?: MonteCarloRunner;
}

/**
 * Starts the Monte Carlo VaR and returns a function that waits for its result. The run starts it on
 * another thread (run/monte-carlo-thread.ts) so that its ~0.15 s overlap the rest of the evaluation;
 * the result is the same either way (a pure function of its input and seed).
 */
export type MonteCarloRunner = (input: MonteCarloInput) => () => VarReport;

const monteCarloHere: MonteCarloRunner = (input) => () => computeMonteCarloVarFrom(input);

/**
 * Evaluate two ledgers folded from the journal (LedgerBuilder), so a run of any size is priced
 * without holding its journal in memory.
 */
export function evaluateLedgers(input: EvaluateLedgersInput): Evaluation {
  const { scenario, faulted, baseline } = input;
  const reporting = scenario.reporting.currency;
  const fx = buildScenarioFxTable(scenario);
  const slaReportF = computeSla(scenario, faulted, fx);
  const slaReportB = computeSla(scenario, baseline, fx);
  const slaF = slaReportF.rows;
  const slaB = slaReportB.rows;
  const exposure = computeExposure(scenario, faulted, fx);
  // Started first: it needs only the exposure, and may run alongside everything below.
  const mcInput = exposure === undefined ? undefined : monteCarloInputOf(exposure, input.seed, input.mcPaths ?? DEFAULT_MC_PATHS);
  const monteCarloResult = mcInput === undefined ? undefined : (input.monteCarlo ?? monteCarloHere)(mcInput);
  const attribution = attributePnl({ scenario, fx, faulted, baseline, slaFaulted: sumCredits(slaF), slaBaseline: sumCredits(slaB) });
  const staleFillIds = findStaleFills(scenario, faulted);
  const incidents = computeIncidents(scenario, faulted, staleFillIds);
  const controls = computeControls(scenario, fx, faulted, staleFillIds);
  const faultHits = computeFaultHits(scenario, faulted);
  const staleFills = computeStaleFillFigures(scenario, fx, faulted, baseline, staleFillIds, String(scenario.business.pInformed));
  const hedges = computeHedgeFigures(scenario, fx, [faulted, baseline]);
  const clients = computeClients(scenario, fx, faulted, baseline, staleFillIds);
  const auditGaps = countAuditGaps(faulted);
  controls.logGapItems = auditGaps;
  const resilience = computeResilience({ scenario, fx, faulted, baseline, staleFillIds, attribution });
  const compliance = computeCompliance({
    scenario, faulted, fx, auditGaps,
    staleFills: staleFills.fills.map((f) => ({ tradeId: f.tradeId, t: f.t, clientSlippageBps: f.clientSlippageBps })),
    baseline: { ledger: baseline, staleFillIds: findStaleFills(scenario, baseline), auditGaps: countAuditGaps(baseline) },
    resilience: resilience.regimes,
  });
  // The faulted replay's fills are folded once for positions.csv and, in the same pass, in the
  // other cost method for the cost-method self-check.
  const otherMethod = scenario.reporting.costMethod === 'fifo' ? 'average' : 'fifo';
  const faultedFolds = buildLedgerPositionsWithOther(scenario, faulted, otherMethod);
  const positions = { faulted: faultedFolds.positions, baseline: buildLedgerPositions(scenario, baseline) };
  const monteCarlo = monteCarloResult?.();
  const rounding = compareItemVsAggregateRounding(attribution.lines.map((l) => l.impactReporting), minorUnits(reporting));
  const metrics = collectMetrics({ attribution, exposure, incidents, controls, sla: slaF, faultHits, compliance, clients, hedges, resilience });
  const liveTiming = computeLiveTiming(scenario, faulted, baseline);
  const selfChecksBase = runSelfChecks({ scenario, attribution, faulted, faultedPositions: positions.faulted, otherMethodPositions: faultedFolds.other, exposure, faultHits, reporting, compliance, monteCarlo, liveTiming });
  metrics['selfchecks.failed'] = String(selfChecksBase.filter((c) => c.status === 'FAIL').length);
  const thresholds = evaluateThresholds(scenario.thresholds, metrics, reporting);
  const finished = faulted.events.find((e) => e.type === 'run.finished');
  const incompleteReason = finished?.type === 'run.finished' ? finished.reason : undefined;
  const verdict = selfChecksBase.every((c) => c.status === 'PASS') && thresholds.every((t) => t.status === 'PASS') && !faulted.incomplete ? 'PASS' : 'FAIL';
  return {
    scenario, runId: input.runId, seed: input.seed, mode: input.mode, reportingCcy: reporting, fx, fxSource: scenario.market.fxSource,
    attribution,
    ...(exposure === undefined ? {} : { exposure }),
    sla: slaF, slaWindows: { faulted: slaReportF.windows, baseline: slaReportB.windows }, incidents, controls, faultHits, staleFillIds, compliance, clients, resilience, staleFills, hedges,
    ...(monteCarlo === undefined ? {} : { monteCarlo }),
    rounding, metrics, thresholds, selfChecks: selfChecksBase,
    ...(liveTiming === undefined ? {} : { liveTiming }),
    ledgers: { faulted, baseline },
    positions,
    incomplete: faulted.incomplete,
    ...(incompleteReason === undefined ? {} : { incompleteReason }),
    verdict,
  };
}

/** Client fills priced off a price older than the staleness limit (or 2 poll intervals when none is set). */
function findStaleFills(scenario: Scenario, ledger: RunLedger): Set<string> {
  const limit = scenario.integration.validation.maxPriceAgeMs ?? 2 * scenario.integration.pricePollIntervalMs;
  const ids = new Set<string>();
  for (const t of ledger.trades.values()) {
    const ts = t.priceUsedTs;
    if (t.filled && ts !== undefined && t.t - ts > limit) ids.add(t.id);
  }
  return ids;
}

function computeControls(scenario: Scenario, fx: FxTable, ledger: RunLedger, staleFillIds: ReadonlySet<string>): Controls {
  const reporting = scenario.reporting.currency;
  const rate = (ccy: string): Dec => lookupFxRate(fx, ccy, reporting).rate;
  let ordersTotal = 0;
  let ordersUnknown = 0;
  let ordersUnresolved = 0;
  let orderUnsafeRetries = 0;
  let paymentUnsafeRetries = 0;
  let paymentsFailed = 0;
  let paymentsFailedUnknown = 0;
  let paymentsFailedAmount = ZERO;
  let paymentsUnknown = 0;
  let paymentsUnresolved = 0;
  let deadLetters = 0;
  let pricesRejected = 0;
  for (const e of ledger.events) {
    if (e.type === 'order') {
      ordersTotal += 1;
      if (e.unknownOutcome !== undefined) ordersUnknown += 1;
      if (e.unknownOutcome === 'unresolved') ordersUnresolved += 1;
      orderUnsafeRetries += e.unsafeRetries;
    } else if (e.type === 'dead_letter') deadLetters += 1;
    else if (e.type === 'price.rejected') pricesRejected += 1;
  }
  for (const e of ledger.paymentEvents.values()) {
    if (e.outcome === 'FAILED' || e.outcome === 'UNKNOWN') {
      paymentsFailed += 1;
      paymentsFailedAmount = paymentsFailedAmount.plus(dec(e.amount).times(rate(e.ccy)));
      if (e.outcome === 'UNKNOWN') paymentsFailedUnknown += 1;
    }
    const unknown = e.unknownOutcome;
    if (unknown !== undefined) paymentsUnknown += 1;
    if (unknown === 'unresolved') paymentsUnresolved += 1;
    paymentUnsafeRetries += e.unsafeRetries;
  }
  const dupPayments = ledger.payments.filter((p) => p.occurrence > 1);
  let tradesTotal = 0;
  let tradesRejected = 0;
  let tradesRejectedNotional = ZERO;
  for (const t of ledger.trades.values()) {
    tradesTotal += 1;
    if (t.filled) continue;
    tradesRejected += 1;
    tradesRejectedNotional = tradesRejectedNotional.plus(t.qty.times(t.mid).times(rate(t.quote)));
  }
  return {
    tradesTotal,
    tradesRejected,
    tradesRejectedNotional,
    staleFills: staleFillIds.size,
    ordersTotal,
    ordersUnknown,
    ordersUnresolved,
    orderDuplicates: ledger.orders.filter((o) => o.occurrence > 1).length,
    unsafeRetries: orderUnsafeRetries + paymentUnsafeRetries,
    orderUnsafeRetries,
    paymentUnsafeRetries,
    paymentsTotal: ledger.paymentEvents.size,
    paymentsFailed,
    paymentsFailedUnknown,
    paymentsFailedAmount,
    paymentsUnknown,
    paymentsUnresolved,
    paymentDuplicates: dupPayments.length,
    customerFundsAtRisk: dupPayments.reduce((s, p) => s.plus(p.amount.times(rate(p.ccy))), ZERO),
    deadLetters,
    pricesRejected,
    logGapItems: 0,
  };
}

function computeFaultHits(scenario: Scenario, ledger: RunLedger): FaultHit[] {
  return scenario.faults.map((f) => {
    const byOutcome: Record<string, number> = {};
    let total = 0;
    for (const [outcome, n] of ledger.faultHits.get(f.id) ?? []) {
      byOutcome[outcome] = n;
      total += n;
    }
    const status = total > 0 ? 'HIT' : f.expectHits === 0 ? 'EXPECTED_NONE' : 'UNHIT';
    return {
      faultId: f.id, kind: f.kind, target: f.target, via: f.via, startMs: f.startMs, endMs: f.endMs,
      byOutcome: Object.fromEntries(Object.entries(byOutcome).sort()), total,
      ...(f.expectHits === undefined ? {} : { expectHits: f.expectHits }),
      status,
    };
  });
}

interface MetricSources {
  attribution: AttributionResult;
  exposure: ExposureReport | undefined;
  incidents: IncidentSummary;
  controls: Controls;
  sla: SlaRow[];
  faultHits: FaultHit[];
  compliance: ComplianceReport;
  clients: ClientsReport;
  hedges: HedgeSummary;
  resilience: ResilienceReport;
}

function componentTotal(a: AttributionResult, component: string): Dec {
  return a.lines.filter((l) => l.component === component).reduce((s, l) => s.plus(l.impactReporting), ZERO);
}

function worstMs(values: readonly (number | null)[]): string | undefined {
  const xs = values.filter((v): v is number => v !== null);
  return xs.length === 0 ? undefined : String(Math.round(Math.max(...xs) * 1000));
}

function collectMetrics(s: MetricSources): MetricValues {
  const a = s.attribution;
  const m: MetricValues = {
    'pnl.total': plain(a.incidentTotal),
    'pnl.stale_slippage': plain(componentTotal(a, 'STALE_SLIPPAGE')),
    'pnl.missed_fee_gross': plain(a.missedFeeGross),
    'pnl.missed_fee_net': plain(a.missedFeeNet),
    'pnl.duplicates': plain(componentTotal(a, 'DUPLICATE')),
    'pnl.inventory_mtm': plain(componentTotal(a, 'INVENTORY_MTM')),
    'pnl.hedge_drift': plain(componentTotal(a, 'HEDGE_DRIFT')),
    'pnl.hedge_execution': plain(componentTotal(a, 'HEDGE_EXECUTION')),
    'pnl.fees_delta': plain(componentTotal(a, 'FEES_DELTA')),
    'pnl.unattributed': plain(a.unattributed),
    'hedge.slippage_cost': plain(s.hedges.faulted.catchUp.slippageCost),
    'hedge.drift_cost': plain(s.hedges.faulted.catchUp.driftCost),
    'hedge.execution_cost': plain(s.hedges.faulted.catchUp.executionCost),
    'trades.rejected': String(s.controls.tradesRejected),
    'trades.rejected_notional': plain(s.controls.tradesRejectedNotional),
    'trades.stale_fills': String(s.controls.staleFills),
    'orders.unknown_outcomes': String(s.controls.ordersUnknown),
    'orders.unresolved_outcomes': String(s.controls.ordersUnresolved),
    'orders.unsafe_retries': String(s.controls.orderUnsafeRetries),
    'orders.duplicates': String(s.controls.orderDuplicates),
    'payments.failed': String(s.controls.paymentsFailed),
    'payments.failed_amount': plain(s.controls.paymentsFailedAmount),
    'payments.unknown_outcomes': String(s.controls.paymentsUnknown),
    'payments.unresolved_outcomes': String(s.controls.paymentsUnresolved),
    'payments.duplicates': String(s.controls.paymentDuplicates),
    'payments.customer_funds_at_risk': plain(s.controls.customerFundsAtRisk),
    'payments.unsafe_retries': String(s.controls.paymentUnsafeRetries),
    'incident.ttd': worstMs(s.incidents.rows.map((r) => r.timings.ttdS)),
    'incident.tta': worstMs(s.incidents.rows.map((r) => r.timings.ttaS)),
    'incident.ttm': worstMs(s.incidents.rows.map((r) => r.timings.ttmS)),
    'incident.ttr': worstMs(s.incidents.rows.map((r) => r.timings.ttrRecoverS)),
    'sla.credit_receivable': plain(s.sla.filter((r) => r.direction === 'receivable').reduce((x, r) => x.plus(r.creditReporting), ZERO)),
    'sla.credit_payable': plain(s.sla.filter((r) => r.direction === 'payable').reduce((x, r) => x.plus(r.creditReporting.neg()), ZERO)),
    'sla.min_uptime_pct': s.sla.length === 0 ? undefined : plain(s.sla.reduce((min, r) => (r.uptimePct.lt(min) ? r.uptimePct : min), dec('100'))),
    // Regulatory obligations only; playbook steps are the firm's own policy and are counted apart.
    'compliance.late': String(s.compliance.counts.late),
    'compliance.missed': String(s.compliance.counts.missed),
    'compliance.at_risk': String(s.compliance.counts.atRisk),
    'faults.unhit': String(s.faultHits.filter((h) => h.status === 'UNHIT').length),
    'clients.affected': String(s.clients.rows.length),
    // No baseline tickets: any affected client is an unbounded increase; measured as 0 only when none.
    'clients.support_tickets_increase_pct': s.clients.increasePct !== undefined ? plain(s.clients.increasePct) : s.clients.rows.length === 0 ? '0' : undefined,
  };
  m['resilience.tolerances_breached'] = String(s.resilience.breached);
  for (const o of s.resilience.operations) {
    for (const measure of Object.keys(OPERATION_MEASURES)) {
      m[`operation.${o.op.id}.${measure}`] = measure === 'breaches' ? String(o.verdicts.filter((v) => v.verdict === 'BREACHED').length) : measuredValue(measure, o.measures);
    }
  }
  if (s.exposure !== undefined) {
    m['exposure.peak'] = plain(s.exposure.metrics.peakAbsNotional);
    m['exposure.peak_qty'] = plain(s.exposure.metrics.peakAbsQty);
    m['exposure.time_weighted'] = plain(s.exposure.metrics.timeWeightedAbsQty);
    m['exposure.breach_seconds'] = String(Math.round(s.exposure.metrics.limitBreachSeconds * 1000));
    m['exposure.breaches'] = String(s.exposure.metrics.breachEpisodes);
  }
  for (const key of Object.keys(m)) if (!isKnownMetric(key)) throw new Error(`metric ${key} missing from the catalogue`);
  return m;
}

interface SelfCheckInput {
  scenario: Scenario;
  attribution: AttributionResult;
  faulted: RunLedger;
  faultedPositions: readonly SymbolPosition[];
  /** The faulted replay's positions in the other cost method, without commissions, by instrument. */
  otherMethodPositions: ReadonlyMap<string, Position>;
  exposure: ExposureReport | undefined;
  faultHits: FaultHit[];
  reporting: string;
  compliance: ComplianceReport;
  monteCarlo: VarReport | undefined;
  liveTiming: LiveTimingReport | undefined;
}

/** Workload items without exactly one audit record, plus nothing else (the audit-log self-check). */
/** Journal sequence gaps plus items recorded more than once (each trade and payment must have exactly one record). */
function countAuditGaps(ledger: RunLedger): number {
  return ledger.seqGaps + Math.abs(ledger.tradeRecords - ledger.trades.size) + Math.abs(ledger.paymentRecords - ledger.paymentEvents.size);
}

/** The reviewer's checklist (finance-reference.md §10.4), each computed, never assumed. */
function runSelfChecks(input: SelfCheckInput): SelfCheck[] {
  const { attribution: a, reporting } = input;
  const dp = minorUnits(reporting);
  const checks: SelfCheck[] = [];

  // 1. The printed (rounded) lines add up to the printed total within n half-units (§1.1.7).
  const rounded = a.lines.map((l) => roundTo(l.impactReporting, dp));
  const sumRounded = rounded.reduce((s, x) => s.plus(x), ZERO);
  const totalRounded = roundTo(a.incidentTotal, dp);
  const tol = computeTolerance(dp, a.lines.length);
  const diff = sumRounded.minus(totalRounded).abs();
  checks.push({
    id: 'attribution-adds-up',
    title: 'Attribution lines add up to the total incident P&L',
    status: diff.lte(tol) ? 'PASS' : 'FAIL',
    detail: `Σ ${a.lines.length} rounded lines = ${fixed(sumRounded, dp)} ${reporting}; total = ${fixed(totalRounded, dp)}; difference ${fixed(diff, dp)} (tolerance ${tol.toFixed()})`,
  });

  // 2. The identity: cash-accounting faulted − baseline equals the sum of components.
  const identityTol = computeTolerance(dp);
  checks.push({
    id: 'identity',
    title: 'Faulted − baseline equals the sum of the attribution components',
    status: a.unattributed.abs().lte(identityTol) ? 'PASS' : 'FAIL',
    detail: `faulted ${fixed(a.faulted.total, dp)} − baseline ${fixed(a.baseline.total, dp)} = ${fixed(a.incidentTotal, dp)}; Σ components ${fixed(a.componentSum, dp)}; UNATTRIBUTED ${plain(a.unattributed)}`,
  });

  // 3. FIFO and average cost give the same realized + unrealized (fees excluded) per instrument.
  const fifoAvg = compareCostMethods(input.scenario, input.faulted, input.faultedPositions, input.otherMethodPositions);
  checks.push({
    id: 'cost-methods-agree',
    title: 'FIFO and weighted-average cost give the same realized + unrealized P&L',
    status: fifoAvg.ok ? 'PASS' : 'FAIL',
    detail: fifoAvg.detail,
  });

  // 4. The exposure path rebuilds from the fills: the final position equals the run's own book.
  if (input.exposure !== undefined) {
    const last = input.exposure.metrics.rows.at(-1);
    const fromEvents = last === undefined ? ZERO : last.qty;
    const finished = input.faulted.events.find((e) => e.type === 'run.finished');
    const recorded = finished?.type === 'run.finished' ? dec(finished.positions[input.exposure.instrument] ?? '0') : ZERO;
    // Fills recorded after the drill's end are outside the exposure window but in the book: hedges of
    // draining retries, and on a live clock client trades due before the end that a busy machine
    // handled after it (an event is stamped when it happens, not when it was due).
    const instrument = input.exposure.instrument;
    const endMs = input.scenario.endMs;
    let late = input.faulted.orders.filter((o) => o.instrument === instrument && o.t > endMs).reduce((s, o) => s.plus(o.n), ZERO);
    for (const t of input.faulted.trades.values()) if (t.instrument === instrument && t.t > endMs) late = late.plus(t.n);
    const ok = fromEvents.plus(late).eq(recorded);
    checks.push({
      id: 'exposure-rebuilds',
      title: 'Exposure path rebuilds from events (position = −Σ client fills + Σ hedges)',
      status: ok ? 'PASS' : 'FAIL',
      detail: `N(end) from events ${plain(fromEvents)}${late.isZero() ? '' : ` + ${plain(late)} after the end`}; book ${plain(recorded)}`,
    });
  }

  // 5. Every amount has a currency and every translated amount its FX details.
  const missing = a.lines.filter((l) => l.nativeCcy === '' || l.fxSource === '' || l.fxRate.isZero());
  checks.push({
    id: 'currencies',
    title: 'Every amount has a currency; every translation has fx_rate, fx_source, fx_ts',
    status: missing.length === 0 ? 'PASS' : 'FAIL',
    detail: missing.length === 0 ? `${a.lines.length} lines, all with currency and FX details` : `missing on: ${missing.map((l) => l.component).join(', ')}`,
  });

  // 6. No gap in the audit log: every client trade and payment has exactly one record.
  const tradeRecords = input.faulted.tradeRecords;
  const paymentRecords = input.faulted.paymentRecords;
  const gaps = countAuditGaps(input.faulted);
  checks.push({
    id: 'audit-log',
    title: 'No gap in the audit log during the fault window',
    status: gaps === 0 && !input.faulted.incomplete ? 'PASS' : 'FAIL',
    detail: `${tradeRecords} trade and ${paymentRecords} payment records for ${input.faulted.trades.size} trades and ${input.faulted.paymentEvents.size} payments${input.faulted.incomplete ? '; the run is incomplete' : ''}`,
  });

  // 6b. Every compliance deadline recomputes independently from clock start, basis and calendar.
  const dc = input.compliance.deadlineCheck;
  const first = dc.mismatches[0];
  checks.push({
    id: 'compliance-deadlines',
    title: 'Every compliance deadline recomputes independently',
    status: dc.pass ? 'PASS' : 'FAIL',
    detail: dc.pass
      ? `${dc.checked} deadlines (regulatory and playbook) recomputed by a second route (day-by-day calendar walk, toLocaleDateString local dates); all agree`
      : `${dc.mismatches.length} of ${dc.checked} disagree; first: ${first?.obligation_id} (${first?.trigger_event_id}) reported ${first?.reported}, recomputed ${first?.recomputed}`,
  });

  // 6c. Parametric GBM VaR against the closed form; Monte Carlo standard error reported.
  if (input.monteCarlo !== undefined) {
    checks.push({
      id: 'var-closed-form',
      title: 'Parametric GBM VaR within 1% of closed form; MC standard error reported',
      status: input.monteCarlo.check.ok ? 'PASS' : 'FAIL',
      detail: input.monteCarlo.check.detail,
    });
  }

  // 7. Every fault touched at least one request (or was expected not to).
  const unhit = input.faultHits.filter((h) => h.status === 'UNHIT');
  checks.push({
    id: 'faults-hit',
    title: 'Every fault touched the workload',
    status: unhit.length === 0 ? 'PASS' : 'FAIL',
    detail: unhit.length === 0
      ? input.faultHits.map((h) => `${h.faultId}: ${h.total} requests`).join('; ') || 'no faults in this scenario'
      : `${unhit.map((h) => h.faultId).join(', ')} touched no request; if that is intended, set expect_hits: 0`,
  });

  // 8. A live clock kept time: otherwise timeouts may be the machine's, not the faults' (keep-time.ts).
  if (input.liveTiming !== undefined) {
    checks.push({
      id: 'live-timing',
      title: 'The live clock kept time (p99 event-loop lag within a quarter of the smallest timeout)',
      status: input.liveTiming.kept ? 'PASS' : 'FAIL',
      detail: liveTimingDetail(input.liveTiming),
    });
  }
  return checks;
}

/**
 * FIFO vs average cost on the faulted replay, fees excluded. The scenario's own method is read off
 * the shared positions (their fee-free realized P&L); only the other method is folded here.
 */
function compareCostMethods(scenario: Scenario, ledger: RunLedger, shared: readonly SymbolPosition[], otherPositions: ReadonlyMap<string, Position>): { ok: boolean; detail: string } {
  const method = scenario.reporting.costMethod;
  const other = method === 'fifo' ? 'average' : 'fifo';
  const parts: string[] = [];
  let ok = true;
  for (const { symbol, position, grossRealized } of shared) {
    const mark = ledger.closingMids.get(symbol) ?? ZERO;
    const own = grossRealized.plus(markPosition(position, { mid: mark }).unrealizedPnl);
    const otherPos = otherPositions.get(symbol) ?? new PositionFold(symbol, 'X', other).result();
    const theirs = getTotalRealizedPnl(otherPos).plus(markPosition(otherPos, { mid: mark }).unrealizedPnl);
    const f = method === 'fifo' ? own : theirs;
    const avg = method === 'fifo' ? theirs : own;
    if (!f.minus(avg).abs().lte(dec('0.000001'))) ok = false;
    parts.push(`${symbol}: FIFO ${fixed(f, 2)} = average ${fixed(avg, 2)}`);
  }
  return { ok, detail: parts.join('; ') || 'no fills' };
}
