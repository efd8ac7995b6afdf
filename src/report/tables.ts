/**
 * The CSV set of finance-reference.md §10.3, as plain tables of strings: amounts as decimal strings
 * rounded once to the currency's minor unit, timestamps UTC ISO-8601, one `run_id` column in every
 * file. The Markdown summary and summary.json read the same tables, so every figure is printed once.
 */
import { dec, minorUnits, ZERO, type Dec } from '../finance/decimal.js';
import { exposureRowTexts } from '../finance/exposure.js';
import type { Evaluation } from '../finance/evaluate/evaluate-run.js';
import { markPosition } from '../finance/positions.js';
import { COMPLIANCE_CSV_COLUMNS } from '../finance/compliance/index.js';
import { isCatchUpHedge, isDelayedHedge } from '../finance/evaluate/item-figures.js';
import { exact, isoUtc, money, places, seconds } from './format.js';
import { affectedItemsTable, regimesTable, serviceWindowsTable, tolerancesTable } from './resilience-tables.js';
import { streamedTable, table, type Table } from './table.js';

export type { Table } from './table.js';

export function buildTables(ev: Evaluation): Table[] {
  return [
    drillSummary(ev),
    pnlAttribution(ev),
    positions(ev),
    exposureSeries(ev),
    scenarios(ev),
    compliance(ev),
    tolerancesTable(ev),
    serviceWindowsTable(ev),
    affectedItemsTable(ev),
    regimesTable(ev),
    clients(ev),
    staleFills(ev),
    hedges(ev),
    incidents(ev),
    sla(ev),
    slaMinutes(ev),
    faultHits(ev),
  ];
}

function componentSum(ev: Evaluation, component: string): Dec {
  return ev.attribution.lines.filter((l) => l.component === component).reduce((s, l) => s.plus(l.impactReporting), ZERO);
}

function drillSummary(ev: Evaluation): Table {
  const ccy = ev.reportingCcy;
  const s = ev.scenario;
  const ex = ev.exposure;
  const a = ev.attribution;
  const inc = ev.incidents;
  const worst = (xs: (number | null)[]): string => seconds(xs.filter((x): x is number => x !== null).reduce<number | null>((m, x) => (m === null || x > m ? x : m), null));
  const budgets = inc.rows.map((r) => r.errorBudgetConsumedPct).filter((x): x is Dec => x !== undefined);
  const catchUp = ev.hedges.faulted.catchUp;
  const row: Record<string, string> = {
    run_id: ev.runId,
    scenario_id: s.id,
    seed: String(ev.seed),
    started_at_utc: isoUtc(s.startMs),
    ended_at_utc: isoUtc(s.endMs),
    reporting_ccy: ccy,
    cost_method: s.reporting.costMethod,
    total_incident_pnl: money(a.incidentTotal, ccy),
    pnl_stale_slippage: money(componentSum(ev, 'STALE_SLIPPAGE'), ccy),
    pnl_missed_revenue_net: money(a.missedFeeNet, ccy),
    pnl_missed_revenue_gross: money(a.missedFeeGross, ccy),
    pnl_duplicates: money(componentSum(ev, 'DUPLICATE'), ccy),
    pnl_inventory_mtm: money(componentSum(ev, 'INVENTORY_MTM'), ccy),
    // §3.2 of the catch-up hedges (hedges.csv, catch_up = true): costs, positive = cost (§1.4).
    hedge_slippage_cost: money(catchUp.slippageCost, ccy),
    hedge_drift_cost: money(catchUp.driftCost, ccy),
    hedge_execution_cost: money(catchUp.executionCost, ccy),
    fees_delta: money(componentSum(ev, 'FEES_DELTA'), ccy),
    fx_translation: money(componentSum(ev, 'FX_TRANSLATION'), ccy),
    unattributed: money(a.unattributed, ccy),
    sla_credit_payable: money(dec(ev.metrics['sla.credit_payable'] ?? '0'), ccy),
    sla_credit_receivable: money(dec(ev.metrics['sla.credit_receivable'] ?? '0'), ccy),
    peak_abs_exposure: ex === undefined ? '' : money(ex.metrics.peakAbsNotional, ccy),
    // §3.1: exposure_time / T, base units (the notional figure is time_weighted_notional_reporting).
    time_weighted_exposure: ex === undefined ? '' : places(ex.metrics.timeWeightedAbsQty, 8),
    limit_breach_seconds: ex === undefined ? '' : seconds(ex.metrics.limitBreachSeconds),
    var95_outage: ex === undefined ? '' : money(ex.var95, ccy),
    es95_outage: ex === undefined ? '' : money(ex.es95, ccy),
    var99_outage: ex === undefined ? '' : money(ex.var99, ccy),
    es99_outage: ex === undefined ? '' : money(ex.es99, ccy),
    mc_paths: ev.monteCarlo === undefined ? '0' : String(ev.monteCarlo.paths),
    mc_stderr_var99: ev.monteCarlo === undefined ? '' : money(ev.monteCarlo.rows[0]!.result.stderrVar99, ccy),
    obligations_triggered: String(ev.compliance.counts.triggered),
    obligations_late: String(ev.compliance.counts.late),
    obligations_missed: String(ev.compliance.counts.missed),
    tightest_slack_seconds: ev.compliance.tightestSlackS,
    ttd_s: worst(inc.rows.map((r) => r.timings.ttdS)),
    ttd_bound_s: seconds(inc.bound.maxS),
    tta_s: worst(inc.rows.map((r) => r.timings.ttaS)),
    ttm_s: worst(inc.rows.map((r) => r.timings.ttmS)),
    ttr_recover_s: worst(inc.rows.map((r) => r.timings.ttrRecoverS)),
    error_budget_consumed_pct: budgets.length === 0 ? '' : places(budgets.reduce((m, x) => (x.gt(m) ? x : m), ZERO), 2),
    unsafe_retries: String(ev.controls.unsafeRetries),
    duplicates: String(ev.controls.orderDuplicates + ev.controls.paymentDuplicates),
    unscreened_txns: '',
    log_gap_seconds: '0',
    // Beyond §10.3 item 1 (appended, so the reference's columns keep their order).
    obligations_at_risk: String(ev.compliance.counts.atRisk),
    obligations_incident: String(ev.compliance.byCause.incident.triggered),
    obligations_routine: String(ev.compliance.byCause.routine.triggered),
    playbook_steps_late_or_missed: String(ev.compliance.playbookCounts.late + ev.compliance.playbookCounts.missed),
    clients_affected: String(ev.clients.affectedFaulted),
    support_tickets_faulted: places(ev.clients.ticketsFaulted, 1),
    support_tickets_baseline: places(ev.clients.ticketsBaseline, 1),
    support_tickets_increase_pct: ev.clients.increasePct === undefined ? '' : places(ev.clients.increasePct, 1),
    stale_fill_cost: money(ev.staleFills.staleCost, ccy),
    stale_fill_cost_bps: places(ev.staleFills.staleCostBps, 2),
    pick_off_cost: money(ev.staleFills.pickOffCost, ccy),
    hedge_is_cost_faulted: money(ev.hedges.faulted.total, ccy),
    hedge_is_cost_baseline: money(ev.hedges.baseline.total, ccy),
    rounding_residual: money(ev.rounding.residual, ccy),
    // Faulted − baseline deltas of the hedge lines (the §3.2 quantities are hedge_*_cost above).
    pnl_hedge_drift_delta: money(componentSum(ev, 'HEDGE_DRIFT'), ccy),
    pnl_hedge_execution_delta: money(componentSum(ev, 'HEDGE_EXECUTION'), ccy),
    time_weighted_notional_reporting: ex === undefined ? '' : money(ex.metrics.timeWeightedAbsNotional, ccy),
    limit_breach_count: ex === undefined ? '' : String(ex.metrics.breachEpisodes),
    limit_max_excess_reporting: ex === undefined ? '' : money(ex.metrics.maxExcess, ccy),
    failed_trades: String(ev.controls.tradesRejected),
    failed_trade_notional: money(ev.controls.tradesRejectedNotional, ccy),
    failed_payments: String(ev.controls.paymentsFailed),
    failed_payment_amount: money(ev.controls.paymentsFailedAmount, ccy),
    unknown_outcomes: String(ev.controls.ordersUnknown + ev.controls.paymentsUnknown),
    unknown_outcomes_unresolved: String(ev.controls.ordersUnresolved + ev.controls.paymentsUnresolved),
    tolerances_breached: String(ev.resilience.breached),
  };
  return table('drill_summary', Object.keys(row), [row]);
}

function pnlAttribution(ev: Evaluation): Table {
  const ccy = ev.reportingCcy;
  const columns = ['run_id', 'component', 'instrument', 'baseline_value', 'faulted_value', 'values_hold', 'impact_native', 'native_ccy', 'fx_rate', 'fx_source', 'fx_ts', 'impact_reporting', 'reporting_ccy', 'rounding_mode', 'assumption_ref'];
  const rows = ev.attribution.lines.map((l) => ({
    run_id: ev.runId,
    component: l.component,
    instrument: l.instrument,
    baseline_value: money(l.baseline, l.nativeCcy),
    faulted_value: money(l.faulted, l.nativeCcy),
    values_hold: l.valuesHold,
    impact_native: money(l.impactNative, l.nativeCcy),
    native_ccy: l.nativeCcy,
    fx_rate: places(l.fxRate, 6),
    fx_source: l.fxSource,
    fx_ts: isoUtc(l.fxTs),
    impact_reporting: money(l.impactReporting, ccy),
    reporting_ccy: ccy,
    rounding_mode: 'half_even, once per line at reporting',
    assumption_ref: l.note,
  }));
  return table('pnl_attribution', columns, rows);
}

function positions(ev: Evaluation): Table {
  const columns = ['run_id', 'run', 'position_id', 'instrument', 'side', 'quantity', 'peak_qty', 'avg_px_open', 'avg_px_close', 'cost_method', 'realized_pnl', 'unrealized_pnl', 'mark_px', 'mark_type', 'mark_ts', 'commissions', 'quote_ccy', 'ts_opened', 'ts_closed', 'is_snapshot'];
  const rows: Record<string, string>[] = [];
  // The evaluation's positions (folded once, shared with the cost-method self-check).
  for (const [ledger, list] of [[ev.ledgers.faulted, ev.positions.faulted], [ev.ledgers.baseline, ev.positions.baseline]] as const) {
    for (const { symbol, quote, position: pos } of list) {
      const mark = ledger.closingMids.get(symbol) ?? ZERO;
      const cycles = [...pos.snapshots, ...(pos.current === null ? [] : [pos.current])];
      for (const c of cycles) {
        const open = c === pos.current;
        const unrealized = open ? markPosition(pos, { mid: mark }).unrealizedPnl : ZERO;
        rows.push({
          run_id: ev.runId, run: ledger.variant, position_id: c.positionId, instrument: symbol, side: c.entry, quantity: exact(c.netQty), peak_qty: exact(c.peakQty),
          avg_px_open: c.openQty.isZero() ? '' : money(c.openNotional.div(c.openQty), quote), avg_px_close: c.closeQty.isZero() ? '' : money(c.closeNotional.div(c.closeQty), quote),
          cost_method: ev.scenario.reporting.costMethod, realized_pnl: money(c.realizedPnl, quote), unrealized_pnl: money(unrealized, quote),
          mark_px: open ? exact(mark) : '', mark_type: open ? 'mid' : '', mark_ts: open ? isoUtc(ev.scenario.endMs) : '', commissions: money(c.commissions, quote), quote_ccy: quote,
          ts_opened: isoUtc(c.openedTs), ts_closed: isoUtc(c.closedTs ?? undefined), is_snapshot: open ? 'false' : 'true',
        });
      }
    }
  }
  return table('positions', columns, rows);
}

function exposureSeries(ev: Evaluation): Table {
  const columns = ['run_id', 'ts_utc', 'instrument', 'net_qty', 'mid', 'fx_rate', 'net_notional_reporting', 'limit', 'reporting_ccy', 'in_breach', 'breach_episode', 'excess_reporting', 'lp_status', 'lp_status_integration', 'cumulative_breach_s', 'exposure_time_cum'];
  const ex = ev.exposure;
  if (ex === undefined) return table('exposure_timeseries', columns, []);
  const limit = money(ex.limit, ev.reportingCcy);
  const moneyDp = minorUnits(ev.reportingCcy);
  return streamedTable('exposure_timeseries', columns, ex.metrics.rows.length, function* () {
    let seen = 'UP';
    for (const r of ex.metrics.rows) {
      seen = ex.lpStatusSeen.get(r.ts) ?? seen;
      // exact, places(…, 6) and money of the row's figures, printed from its short decimals.
      const x = exposureRowTexts(r, 6, moneyDp, 6);
      yield [
        ev.runId, isoUtc(r.ts), ex.instrument, x.qty, x.mid, x.fxRate, x.notional, limit, ev.reportingCcy, String(r.inBreach), r.breachEpisode === 0 ? '' : String(r.breachEpisode),
        x.excess, ex.lpStatusAt(r.ts), seen, seconds(r.cumulativeBreachSeconds), x.exposureTimeCum,
      ];
    }
  });
}

function scenarios(ev: Evaluation): Table {
  const columns = ['run_id', 'scenario_label', 'model', 'sigma_annual', 'jump_lambda', 'jump_mu', 'jump_sigma', 'horizon_s', 'position_qty', 'base_value', 'quantile', 'z', 'var', 'es', 'reporting_ccy', 'paths', 'seed', 'stderr'];
  const ex = ev.exposure;
  if (ex === undefined) return table('scenarios', columns, []);
  // z: the normal quantile the closed forms used (§8.1's printed constants); empty for Monte Carlo rows (empirical quantiles).
  const base = { run_id: ev.runId, scenario_label: 'unhedged peak over the outage (parametric)', model: 'GBM', sigma_annual: String(ex.sigmaAnnual), jump_lambda: '', jump_mu: '', jump_sigma: '', horizon_s: seconds(ex.horizonMs / 1000), position_qty: exact(ex.metrics.peakAbsQty), base_value: money(ex.varBaseValue, ev.reportingCcy), z: '', reporting_ccy: ev.reportingCcy, paths: '0', seed: String(ev.seed), stderr: '' };
  const rows: Record<string, string>[] = [
    { ...base, quantile: '0.95', z: exact(ex.z95), var: money(ex.var95, ev.reportingCcy), es: money(ex.es95, ev.reportingCcy) },
    { ...base, quantile: '0.99', z: exact(ex.z99), var: money(ex.var99, ev.reportingCcy), es: money(ex.es99, ev.reportingCcy) },
  ];
  const mc = ev.monteCarlo;
  if (mc !== undefined) {
    rows.push({ ...base, scenario_label: 'unhedged peak over the outage (closed-form GBM, exact log-normal quantile)', quantile: '0.99', z: exact(ex.z99), var: money(mc.closedFormVar99, ev.reportingCcy), es: '' });
    for (const r of mc.rows) {
      const common = {
        ...base, scenario_label: `unhedged peak over the outage (Monte Carlo ${r.label}; stream ${r.stream})`, model: r.model, sigma_annual: String(r.sigmaAnnual),
        jump_lambda: r.jumpLambda === undefined ? '' : String(r.jumpLambda), jump_mu: r.jumpMu === undefined ? '' : String(r.jumpMu), jump_sigma: r.jumpSigma === undefined ? '' : String(r.jumpSigma),
        paths: String(r.result.paths),
      };
      rows.push({ ...common, quantile: '0.95', var: money(r.result.var95, ev.reportingCcy), es: money(r.result.es95, ev.reportingCcy), stderr: '' });
      rows.push({ ...common, quantile: '0.99', var: money(r.result.var99, ev.reportingCcy), es: money(r.result.es99, ev.reportingCcy), stderr: money(r.result.stderrVar99, ev.reportingCcy) });
    }
  }
  return table('scenarios', columns, rows);
}

/** compliance.csv: §10.3 item 7 columns plus `kind` (regulatory | playbook). */
function compliance(ev: Evaluation): Table {
  const columns = ['run_id', ...COMPLIANCE_CSV_COLUMNS];
  const rows = ev.compliance.result.rows;
  return streamedTable('compliance', columns, rows.length, function* () {
    const fields = new Array<string>(columns.length);
    fields[0] = ev.runId;
    for (const r of rows) {
      for (let i = 0; i < COMPLIANCE_CSV_COLUMNS.length; i++) {
        const v = r[COMPLIANCE_CSV_COLUMNS[i]!];
        fields[i + 1] = typeof v === 'boolean' ? String(v) : v;
      }
      yield fields;
    }
  });
}

/** clients.csv: every affected client/customer, ranked by money at stake then count. */
function clients(ev: Evaluation): Table {
  const ccy = ev.reportingCcy;
  const columns = ['run_id', 'rank', 'client_id', 'kind', 'tier', 'rejected_trades', 'stale_fills', 'failed_payments', 'unknown_payments', 'duplicate_charges', 'affected_items', 'money_at_stake', 'reporting_ccy', 'first_affected_utc', 'last_affected_utc'];
  const rows = ev.clients.rows.map((c, i) => ({
    run_id: ev.runId, rank: String(i + 1), client_id: c.clientId, kind: c.kind, tier: c.tier, rejected_trades: String(c.rejectedTrades), stale_fills: String(c.staleFills),
    failed_payments: String(c.failedPayments), unknown_payments: String(c.unknownPayments), duplicate_charges: String(c.duplicateCharges), affected_items: String(c.affectedItems),
    money_at_stake: money(c.moneyAtStake, ccy), reporting_ccy: ccy, first_affected_utc: isoUtc(c.firstAffected), last_affected_utc: isoUtc(c.lastAffected),
  }));
  return table('clients', columns, rows);
}

/** stale_fills.csv: §2.2 per fill (quote ccy) with the reporting-ccy cost and the pick-off estimate. */
function staleFills(ev: Evaluation): Table {
  const ccy = ev.reportingCcy;
  const columns = ['run_id', 'trade_id', 'ts_utc', 'client_id', 'instrument', 'client_side', 'qty', 'price_exec', 'price_fresh', 'fresh_source', 'ref_mid', 'price_age_ms', 'pnl_vs_mid', 'expected_markup', 'stale_cost', 'quote_ccy', 'slippage_bps', 'stale_cost_bps', 'client_slippage_bps', 'pick_off_cost', 'p_informed', 'stale_cost_reporting', 'pick_off_cost_reporting', 'reporting_ccy'];
  const rows = ev.staleFills.fills.map((f) => ({
    run_id: ev.runId, trade_id: f.tradeId, ts_utc: isoUtc(f.t), client_id: f.clientId, instrument: f.instrument, client_side: f.clientSide, qty: exact(f.qty), price_exec: exact(f.execPx),
    price_fresh: exact(f.freshPx), fresh_source: f.freshSource, ref_mid: exact(f.trueMid), price_age_ms: String(f.ageMs), pnl_vs_mid: money(f.slippage.pnlVsMid, f.quote),
    expected_markup: money(f.slippage.expectedMarkup, f.quote), stale_cost: money(f.slippage.staleCost, f.quote), quote_ccy: f.quote, slippage_bps: places(f.slippage.slippageBps, 2),
    stale_cost_bps: places(f.slippage.staleCostBps, 2), client_slippage_bps: places(f.clientSlippageBps, 2), pick_off_cost: money(f.pickOffCost, f.quote), p_informed: ev.staleFills.pInformed,
    stale_cost_reporting: money(f.staleCostReporting, ccy), pick_off_cost_reporting: money(f.pickOffReporting, ccy), reporting_ccy: ccy,
  }));
  return table('stale_fills', columns, rows);
}

/**
 * hedges.csv: §2.3 implementation shortfall per hedge episode, both replays; costs positive. Each
 * filled episode also carries its §3.2 split over the client fills it covered (HedgeCover);
 * `catch_up` marks the delayed ones, whose sums are drill_summary.csv's hedge_*_cost.
 */
function hedges(ev: Evaluation): Table {
  const ccy = ev.reportingCcy;
  const columns = [
    'run_id', 'run', 'episode_id', 'final_order_id', 'orders', 'delayed', 'catch_up', 'venue', 'instrument', 'side', 'intended_qty', 'final_qty', 'outcome', 'decided_at_utc', 'ended_at_utc', 'delay_ms',
    'decision_px', 'arrival_px', 'fill_px', 'end_px', 'delay_cost', 'execution_cost', 'opportunity_cost', 'fees', 'is_total_cost', 'is_bps',
    'covered_from_utc', 'covered_to_utc', 'covered_fills', 'covered_qty', 'hedge_mid', 'hedge_slippage_cost', 'hedge_drift_cost', 'hedge_execution_cost', 'quote_ccy',
    'is_total_cost_reporting', 'hedge_slippage_cost_reporting', 'hedge_drift_cost_reporting', 'hedge_execution_cost_reporting', 'reporting_ccy',
  ];
  const rows = ev.hedges.rows.map((h) => {
    const c = h.cover;
    return {
      run_id: ev.runId, run: h.run, episode_id: h.episodeId, final_order_id: h.finalOrderId, orders: String(h.orders), delayed: String(isDelayedHedge(ev.scenario, h)),
      catch_up: String(isCatchUpHedge(ev.scenario, h)), venue: h.provider,
      instrument: h.instrument, side: h.side, intended_qty: exact(h.intendedQty), final_qty: exact(h.finalQty), outcome: h.outcome, decided_at_utc: isoUtc(h.decidedAt), ended_at_utc: isoUtc(h.endedAt),
      delay_ms: String(h.delayMs), decision_px: exact(h.decisionPx), arrival_px: exact(h.arrivalPx), fill_px: h.fillPx === undefined ? '' : exact(h.fillPx), end_px: exact(h.endPx),
      delay_cost: money(h.shortfall.delayCost, h.quote), execution_cost: money(h.shortfall.executionCost, h.quote), opportunity_cost: money(h.shortfall.opportunityCost, h.quote),
      fees: money(h.shortfall.fees, h.quote), is_total_cost: money(h.shortfall.totalCost, h.quote), is_bps: places(h.shortfall.totalBps, 2),
      covered_from_utc: c?.from === undefined ? '' : isoUtc(c.from), covered_to_utc: c === undefined ? '' : isoUtc(c.to), covered_fills: c === undefined ? '' : String(c.fills),
      covered_qty: c === undefined ? '' : exact(c.qty), hedge_mid: c === undefined ? '' : exact(c.hedgeMid),
      hedge_slippage_cost: c === undefined ? '' : money(c.slippage.cost, h.quote), hedge_drift_cost: c === undefined ? '' : money(c.slippage.driftCost, h.quote),
      hedge_execution_cost: c === undefined ? '' : money(c.slippage.executionCost, h.quote), quote_ccy: h.quote,
      is_total_cost_reporting: money(h.totalReporting, ccy),
      hedge_slippage_cost_reporting: c === undefined ? '' : money(c.costReporting, ccy), hedge_drift_cost_reporting: c === undefined ? '' : money(c.driftReporting, ccy),
      hedge_execution_cost_reporting: c === undefined ? '' : money(c.executionReporting, ccy), reporting_ccy: ccy,
    };
  });
  return table('hedges', columns, rows);
}

function incidents(ev: Evaluation): Table {
  const columns = ['run_id', 'incident_id', 'fault_id', 'fault_type', 'target', 't_fault', 't_impact', 't_detect', 'detection_source', 't_ack', 't_mitigate', 'mitigation', 't_failover', 't_recover', 't_alert_resolved', 't_resolve', 'ttd_s', 'ttd_bound_mean_s', 'ttd_bound_max_s', 'tta_s', 'ttm_s', 'ttr_recover_s', 'ttr_resolve_s', 'sli_bad_events', 'sli_total_events', 'harm_events', 'customers_affected', 'error_budget_consumed_pct', 'burn_rate'];
  const b = ev.incidents.bound;
  const rows = ev.incidents.rows.map((r) => ({
    run_id: ev.runId, incident_id: r.incidentId, fault_id: r.faultId, fault_type: r.faultType, target: r.target, t_fault: isoUtc(r.tFault), t_impact: isoUtc(r.tImpact),
    t_detect: isoUtc(r.tDetect), detection_source: r.detectionSource ?? '', t_ack: isoUtc(r.tAck), t_mitigate: isoUtc(r.tMitigate), mitigation: r.mitigation, t_failover: isoUtc(r.tFailover),
    t_recover: isoUtc(r.tRecover), t_alert_resolved: isoUtc(r.tAlertResolved), t_resolve: isoUtc(r.tResolve), ttd_s: seconds(r.timings.ttdS), ttd_bound_mean_s: seconds(b.meanS), ttd_bound_max_s: seconds(b.maxS),
    tta_s: seconds(r.timings.ttaS), ttm_s: seconds(r.timings.ttmS), ttr_recover_s: seconds(r.timings.ttrRecoverS), ttr_resolve_s: seconds(r.timings.ttrResolveS),
    sli_bad_events: String(r.sliBadEvents), sli_total_events: String(r.sliTotalEvents), harm_events: String(r.harmEvents), customers_affected: String(r.customersAffected),
    error_budget_consumed_pct: r.errorBudgetConsumedPct === undefined ? '' : places(r.errorBudgetConsumedPct, 2), burn_rate: r.burnRate === undefined ? '' : places(r.burnRate, 2),
  }));
  return table('incidents', columns, rows);
}

/** sla.csv: §10.3 item 9, one row per contract and service-credit month, with the FX of each translated credit. */
function sla(ev: Evaluation): Table {
  const columns = ['run_id', 'counterparty', 'direction', 'service', 'sla_target_pct', 'month', 'downtime_rule', 'total_minutes', 'downtime_minutes', 'excluded_minutes', 'uptime_pct', 'credit_pct', 'monthly_fee', 'credit_amount', 'credit_ccy', 'fx_rate', 'fx_source', 'fx_ts', 'credit_reporting', 'reporting_ccy', 'claim_deadline', 'period_timezone', 'month_start_utc', 'month_end_utc'];
  const rows = ev.sla.map((r) => ({
    run_id: ev.runId, counterparty: r.counterparty, direction: r.direction, service: r.service, sla_target_pct: String(r.slaTargetPct), month: r.month, downtime_rule: r.downtimeRule,
    total_minutes: String(r.totalMinutes), downtime_minutes: exact(r.downtimeMinutes), excluded_minutes: exact(r.excludedMinutes), uptime_pct: places(r.uptimePct, 4),
    credit_pct: exact(r.creditPct), monthly_fee: money(r.monthlyFee, r.creditCcy), credit_amount: money(r.creditAmount, r.creditCcy), credit_ccy: r.creditCcy,
    fx_rate: places(r.fxRate, 6), fx_source: r.fxSource, fx_ts: isoUtc(r.fxTs),
    credit_reporting: money(r.creditReporting, ev.reportingCcy), reporting_ccy: ev.reportingCcy, claim_deadline: isoUtc(r.claimDeadline),
    period_timezone: r.timeZone, month_start_utc: isoUtc(r.monthStart), month_end_utc: isoUtc(r.monthEnd),
  }));
  return table('sla', columns, rows);
}

/**
 * sla_minutes.csv: the evidence behind every downtime minute (§6.1), one row per observed window of
 * each SLA provider, both replays. A window is down when errors ÷ (requests + probes) exceeds the
 * contract's threshold, strictly; windows with no observation are not listed (and are not down).
 */
function slaMinutes(ev: Evaluation): Table {
  const columns = ['run_id', 'run', 'counterparty', 'month', 'window_start_utc', 'window_s', 'requests', 'probes', 'errors', 'error_pct', 'threshold_pct', 'down', 'excluded'];
  const thresholds = new Map(ev.scenario.providers.map((p) => [p.id, p.sla === undefined ? '' : String(p.sla.errorThresholdPct)]));
  const runs = [['faulted', ev.slaWindows.faulted], ['baseline', ev.slaWindows.baseline]] as const;
  return streamedTable('sla_minutes', columns, ev.slaWindows.faulted.length + ev.slaWindows.baseline.length, function* () {
    for (const [run, windows] of runs) {
      for (const w of windows) {
        const total = w.requests + w.probes;
        yield [ev.runId, run, w.counterparty, w.month, isoUtc(w.start), String(w.windowMs / 1000), String(w.requests), String(w.probes), String(w.errors),
          places(dec(String(w.errors)).times(100).div(total), 4), thresholds.get(w.counterparty) ?? '', String(w.down), String(w.excluded)];
      }
    }
  });
}

function faultHits(ev: Evaluation): Table {
  const outcomes = ['ok', 'http_error', 'rate_limited', 'timeout', 'refused', 'lost', 'invalid'];
  const columns = ['run_id', 'fault_id', 'kind', 'target', 'via', 'start_utc', 'end_utc', 'requests_affected', ...outcomes.map((o) => `outcome_${o}`), 'expect_hits', 'status'];
  const rows = ev.faultHits.map((h) => ({
    run_id: ev.runId, fault_id: h.faultId, kind: h.kind, target: h.target, via: h.via, start_utc: isoUtc(h.startMs), end_utc: isoUtc(h.endMs), requests_affected: String(h.total),
    ...Object.fromEntries(outcomes.map((o) => [`outcome_${o}`, String(h.byOutcome[o] ?? 0)])),
    expect_hits: h.expectHits === undefined ? '' : String(h.expectHits), status: h.status,
  }));
  return table('fault_hits', columns, rows);
}
