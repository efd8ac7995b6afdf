/**
 * The catalogue of metrics a threshold may name. A threshold on a metric that is not here is an
 * invalid scenario (exit 3), never a silent pass (landscape.md §3.2, k6#1526).
 *
 * Each metric has one definition, here: the threshold, the executive summary, drill_summary.csv and
 * the dashboard all mean exactly this (docs/finance.md §13 prints the same table; a test keeps them
 * equal). Money is in the reporting currency, signed from the firm's side; counts are of the faulted
 * replay unless the definition says otherwise.
 */
export type MetricUnit = 'money' | 'duration' | 'count' | 'quantity' | 'percent';

export interface MetricInfo {
  unit: MetricUnit;
  description: string;
  /** Where the report prints it (besides summary.json, which has every metric). */
  printed: string;
}

export const METRICS: Record<string, MetricInfo> = {
  'pnl.total': { unit: 'money', description: 'Total incident P&L = P&L(faulted replay) − P&L(baseline replay) = Σ impact_reporting of pnl_attribution.csv; negative is a loss.', printed: 'summary.md headline; drill_summary.csv total_incident_pnl' },
  'pnl.stale_slippage': { unit: 'money', description: 'Σ STALE_SLIPPAGE lines: edge against the true mid of client fills filled in both replays, faulted − baseline (§2.2).', printed: 'pnl_attribution.csv; drill_summary.csv pnl_stale_slippage' },
  'pnl.missed_fee_gross': { unit: 'money', description: 'Σ MISSED_FEE lines: markup and client fees of trades filled in one replay only, and take-rate revenue net of processor fees of payments charged in one replay only, faulted − baseline, before recapture (§2.4).', printed: 'summary.md headline; drill_summary.csv pnl_missed_revenue_gross' },
  'pnl.missed_fee_net': { unit: 'money', description: 'pnl.missed_fee_gross with trades × (1 − recapture_rate) and payments × (1 − payment_retry_success_rate) (§2.4).', printed: 'summary.md headline; drill_summary.csv pnl_missed_revenue_net' },
  'pnl.duplicates': { unit: 'money', description: 'Σ DUPLICATE lines: duplicate order executions and their unwinds, and duplicate charges (non-refunded fees + handling), faulted − baseline (§2.5).', printed: 'pnl_attribution.csv; drill_summary.csv pnl_duplicates' },
  'pnl.inventory_mtm': { unit: 'money', description: 'Σ INVENTORY_MTM lines: n × (M_end − M_t) of client fills, faulted − baseline (only fills in one replay differ) (§2.6).', printed: 'pnl_attribution.csv; drill_summary.csv pnl_inventory_mtm' },
  'pnl.hedge_drift': { unit: 'money', description: 'Σ HEDGE_DRIFT lines: Σ hedge n × (M_end − M_t), faulted − baseline: the market drift on flow a delayed hedge left open (a delta, not the §3.2 drift of hedge.drift_cost).', printed: 'pnl_attribution.csv; drill_summary.csv pnl_hedge_drift_delta' },
  'pnl.hedge_execution': { unit: 'money', description: 'Σ HEDGE_EXECUTION lines: Σ hedge n × (M_t − P_fill), faulted − baseline (a delta, not the §3.2 execution of hedge.execution_cost).', printed: 'pnl_attribution.csv; drill_summary.csv pnl_hedge_execution_delta' },
  'pnl.fees_delta': { unit: 'money', description: 'Σ FEES_DELTA lines: fees on activity common to both replays, faulted − baseline, signed as P&L (§2.7).', printed: 'pnl_attribution.csv; drill_summary.csv fees_delta' },
  'pnl.unattributed': { unit: 'money', description: 'UNATTRIBUTED: pnl.total − Σ the other attribution lines (§2.8); 0 when the identity holds.', printed: 'pnl_attribution.csv; drill_summary.csv unattributed' },
  'hedge.slippage_cost': { unit: 'money', description: 'Σ over the faulted replay\'s catch-up hedges (delayed hedge episodes that filled) of Σ_i q_i × (P_hedge − M(t_i)) over the client fills each covered (§3.2); a cost, positive when it cost money.', printed: 'summary.md exposure table; drill_summary.csv hedge_slippage_cost; hedges.csv' },
  'hedge.drift_cost': { unit: 'money', description: 'The drift part of hedge.slippage_cost: Σ_i q_i × (M(t_hedge) − M(t_i)), the market move while the flow was unhedged (§3.2).', printed: 'summary.md exposure table; drill_summary.csv hedge_drift_cost; hedges.csv' },
  'hedge.execution_cost': { unit: 'money', description: 'The execution part of hedge.slippage_cost: Σ_i q_i × (P_hedge − M(t_hedge)), the spread and impact of the catch-up block (§3.2).', printed: 'summary.md exposure table; drill_summary.csv hedge_execution_cost; hedges.csv' },
  'exposure.peak': { unit: 'money', description: 'Peak |E(t)| = max |N(t) × M(t) × FX| over the drill, faulted replay, reporting currency (§3.1).', printed: 'summary.md headline; drill_summary.csv peak_abs_exposure' },
  'exposure.peak_qty': { unit: 'quantity', description: 'Peak |N(t)|, base units (§3.1).', printed: 'summary.md headline and exposure table' },
  'exposure.time_weighted': { unit: 'quantity', description: 'Time-weighted |N| = ∫|N(t)| dt / drill length, base units (§3.1).', printed: 'summary.md headline; drill_summary.csv time_weighted_exposure' },
  'exposure.breach_seconds': { unit: 'duration', description: 'Time |E(t)| was above the exposure limit (strictly), faulted replay (§3.1).', printed: 'summary.md headline; drill_summary.csv limit_breach_seconds; exposure_timeseries.csv cumulative_breach_s' },
  'exposure.breaches': { unit: 'count', description: 'Limit-breach episodes: maximal runs of time with |E(t)| above the limit (§3.1).', printed: 'summary.md headline; drill_summary.csv limit_breach_count; exposure_timeseries.csv breach_episode' },
  'trades.rejected': { unit: 'count', description: 'Client trades the firm rejected (outcome REJECTED), faulted replay.', printed: 'summary.md headline; events.csv client_trade rows' },
  'trades.rejected_notional': { unit: 'money', description: 'Σ qty × true mid of the rejected client trades, reporting currency at the drill\'s FX.', printed: 'summary.md headline; drill_summary.csv failed_trade_notional' },
  'trades.stale_fills': { unit: 'count', description: 'Client trades filled on a price older than the staleness limit (validation.max_price_age, else two poll intervals).', printed: 'summary.md headline; stale_fills.csv; events.csv FILLED_STALE' },
  'orders.unknown_outcomes': { unit: 'count', description: 'Own-account orders with an unknown outcome: a send whose answer left its execution open (no answer, unreadable answer, 5xx other than 503), resolved later or not (§2.5).', printed: 'summary.md headline; drill_summary.csv unknown_outcomes; events.csv unknown_outcome' },
  'orders.unresolved_outcomes': { unit: 'count', description: 'Of orders.unknown_outcomes, those never resolved by a status query or a keyed retry answered by the same provider.', printed: 'summary.md headline; drill_summary.csv unknown_outcomes_unresolved; events.csv unknown_outcome' },
  'orders.unsafe_retries': { unit: 'count', description: 'Re-sends of an order with no client order id, or to another provider while an earlier send\'s outcome is unknown, without an answered status query first; each counts whether or not a duplicate followed (§2.5).', printed: 'summary.md headline; drill_summary.csv unsafe_retries; events.csv unsafe_retries' },
  'orders.duplicates': { unit: 'count', description: 'Order executions beyond the first of the same order (provider ground truth, occurrence > 1).', printed: 'summary.md headline; drill_summary.csv duplicates; events.csv DUPLICATE' },
  'payments.failed': { unit: 'count', description: 'Payments the firm could not confirm as charged: outcome FAILED or UNKNOWN, faulted replay.', printed: 'summary.md headline; drill_summary.csv failed_payments; dashboard running cost' },
  'payments.failed_amount': { unit: 'money', description: 'Σ amount of the payments.failed payments, reporting currency at the drill\'s FX.', printed: 'summary.md headline; drill_summary.csv failed_payment_amount' },
  'payments.unknown_outcomes': { unit: 'count', description: 'Payments with an unknown outcome (as orders.unknown_outcomes), resolved later or not (§2.5).', printed: 'summary.md headline; drill_summary.csv unknown_outcomes; events.csv unknown_outcome' },
  'payments.unresolved_outcomes': { unit: 'count', description: 'Of payments.unknown_outcomes, those never resolved.', printed: 'summary.md headline; drill_summary.csv unknown_outcomes_unresolved; events.csv unknown_outcome' },
  'payments.duplicates': { unit: 'count', description: 'Charges beyond the first of the same payment (provider ground truth, occurrence > 1).', printed: 'summary.md headline; drill_summary.csv duplicates; events.csv DUPLICATE' },
  'payments.customer_funds_at_risk': { unit: 'money', description: 'Σ amount of the duplicate charges, reporting currency: customer funds to refund, a liability, never P&L (§2.5).', printed: 'summary.md headline' },
  'payments.unsafe_retries': { unit: 'count', description: 'Re-sends of a charge with no idempotency key, or to another provider while an earlier send\'s outcome is unknown, without an answered status query first; each counts whether or not a duplicate followed (§2.5).', printed: 'summary.md headline; drill_summary.csv unsafe_retries; events.csv unsafe_retries' },
  'incident.ttd': { unit: 'duration', description: 'Worst time to detect across incidents.', printed: 'summary.md headline; incidents.csv ttd_s; drill_summary.csv ttd_s' },
  'incident.tta': { unit: 'duration', description: 'Worst time to acknowledge.', printed: 'summary.md headline; incidents.csv tta_s; drill_summary.csv tta_s' },
  'incident.ttm': { unit: 'duration', description: 'Worst time to mitigate: first to last customer harm of an incident (ground truth).', printed: 'summary.md headline; incidents.csv ttm_s; drill_summary.csv ttm_s' },
  'incident.ttr': { unit: 'duration', description: 'Worst time to recover: first customer harm to the provider truly restored (ground truth, not the alert clearing).', printed: 'summary.md headline; incidents.csv ttr_recover_s; drill_summary.csv ttr_recover_s' },
  'sla.credit_receivable': { unit: 'money', description: 'SLA credits receivable from providers: Σ credit_reporting over every receivable contract and service-credit month (sla.csv rows), reporting currency.', printed: 'summary.md headline; sla.csv; drill_summary.csv sla_credit_receivable' },
  'sla.credit_payable': { unit: 'money', description: 'SLA credits payable to clients: Σ −credit_reporting over every payable contract and service-credit month (sla.csv rows), reporting currency.', printed: 'summary.md headline; sla.csv; drill_summary.csv sla_credit_payable' },
  'sla.min_uptime_pct': { unit: 'percent', description: 'Lowest uptime % over every contract and service-credit month (each month over its own length).', printed: 'summary.md headline; sla.csv uptime_pct' },
  'compliance.late': { unit: 'count', description: 'Regulatory obligations submitted late, caused by the incident or routine (compliance.csv cause).', printed: 'summary.md headline; compliance.csv; drill_summary.csv obligations_late' },
  'compliance.missed': { unit: 'count', description: 'Regulatory obligations missed, caused by the incident or routine (compliance.csv cause).', printed: 'summary.md headline; compliance.csv; drill_summary.csv obligations_missed' },
  'compliance.at_risk': { unit: 'count', description: 'Regulatory obligations at risk at the drill\'s end, caused by the incident or routine (compliance.csv cause).', printed: 'summary.md headline; compliance.csv; drill_summary.csv obligations_at_risk' },
  'selfchecks.failed': { unit: 'count', description: 'Self-checks that failed.', printed: 'summary.md self-checks; junit.xml' },
  'clients.affected': { unit: 'count', description: 'Clients and customers with a rejected trade, a stale fill, a failed or unknown payment or a duplicate charge (faulted run).', printed: 'summary.md headline; clients.csv; drill_summary.csv clients_affected' },
  'clients.support_tickets_increase_pct': { unit: 'percent', description: 'Expected support tickets, faulted vs baseline, % increase (contact-rate assumption); not measured when the baseline expects none but the fault affected someone.', printed: 'summary.md headline; drill_summary.csv support_tickets_increase_pct' },
  'faults.unhit': { unit: 'count', description: 'Faults that touched no request (and did not expect to).', printed: 'summary.md fault hits; fault_hits.csv' },
  'resilience.tolerances_breached': { unit: 'count', description: 'Tolerances of critical operations breached (tolerances.csv, verdict BREACHED).', printed: 'summary.md operational resilience; tolerances.csv; drill_summary.csv tolerances_breached' },
};

/** What `operation.<id>.<measure>` measures; `tolerance` names the operation's tolerance it is compared with. */
export interface OperationMeasureInfo extends MetricInfo {
  /** The tolerance `value: tolerance` stands for; absent when the measure has none. */
  tolerance?: 'maxDisruptionMs' | 'maxDataLoss' | 'minServiceLevel' | 'maxCustomersAffected' | 'maxValueAffected';
}

/** The measures of each critical operation (docs/resilience.md), usable in thresholds as `operation.<id>.<measure>`. */
export const OPERATION_MEASURES: Record<string, OperationMeasureInfo> = {
  disruption: { unit: 'duration', tolerance: 'maxDisruptionMs', description: 'Longest disruption of the operation (consecutive disrupted windows), from ground truth.', printed: 'tolerances.csv max_disruption measured; service_windows.csv' },
  data_loss: { unit: 'count', tolerance: 'maxDataLoss', description: 'Records whose outcome is unknown to the firm or lost (the firm recorded a failure, a provider executed it).', printed: 'tolerances.csv max_data_loss measured; affected_items.csv data_loss' },
  service_level: { unit: 'percent', tolerance: 'minServiceLevel', description: 'Lowest service level of any window with traffic: % of arriving transactions served within the minimum-service time.', printed: 'tolerances.csv min_service_level measured; service_windows.csv min_service_level_pct' },
  customers_affected: { unit: 'count', tolerance: 'maxCustomersAffected', description: 'Distinct clients or customers with a transaction not served within the service time.', printed: 'tolerances.csv max_customers_affected measured; affected_items.csv customer_id' },
  value_affected: { unit: 'money', tolerance: 'maxValueAffected', description: 'Value of the transactions not served within the service time, reporting currency.', printed: 'tolerances.csv max_value_affected measured; affected_items.csv value_reporting' },
  breaches: { unit: 'count', description: "The operation's tolerances breached.", printed: 'tolerances.csv verdict; resilience.md' },
};

const OPERATION_METRIC = /^operation\.([a-z0-9][a-z0-9_-]{0,63})\.([a-z_]+)$/;

/** `operation.card-payments.disruption` → { operation: 'card-payments', measure: 'disruption' }; undefined otherwise. */
export function parseOperationMetric(name: string): { operation: string; measure: string; info: OperationMeasureInfo } | undefined {
  const m = OPERATION_METRIC.exec(name);
  const info = m === null ? undefined : OPERATION_MEASURES[m[2]!];
  return m === null || info === undefined ? undefined : { operation: m[1]!, measure: m[2]!, info };
}

/** A metric's unit and description: the static catalogue, or an operation measure. */
export function metricInfo(name: string): MetricInfo | undefined {
  if (Object.prototype.hasOwnProperty.call(METRICS, name)) return METRICS[name];
  return parseOperationMetric(name)?.info;
}

/** Whether the name is a metric (an operation metric's operation is checked against the scenario separately). */
export function isKnownMetric(name: string): boolean {
  return metricInfo(name) !== undefined;
}
