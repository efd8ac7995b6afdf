/**
 * The catalogue of metrics a threshold may name. A threshold on a metric that is not here is an
 * invalid scenario (exit 3), never a silent pass (landscape.md §3.2, k6#1526).
 */
export type MetricUnit = 'money' | 'duration' | 'count' | 'quantity' | 'percent';

export interface MetricInfo {
  unit: MetricUnit;
  description: string;
}

export const METRICS: Record<string, MetricInfo> = {
  'pnl.total': { unit: 'money', description: 'Total incident P&L (faulted − baseline), reporting currency; negative is a loss.' },
  'pnl.stale_slippage': { unit: 'money', description: 'P&L from client fills priced off stale or corrupt prices.' },
  'pnl.missed_fee_gross': { unit: 'money', description: 'Fee and markup revenue lost on rejected client trades and failed payments (gross, negative).' },
  'pnl.missed_fee_net': { unit: 'money', description: 'Missed revenue net of the stated recapture rate (negative).' },
  'pnl.duplicates': { unit: 'money', description: 'Cost of duplicate orders and payments (negative).' },
  'pnl.inventory_mtm': { unit: 'money', description: 'MtM of inventory not taken or unintended.' },
  'pnl.hedge_drift': { unit: 'money', description: 'Market drift on unhedged flow (negative is a loss).' },
  'pnl.hedge_execution': { unit: 'money', description: 'Execution cost difference of hedges (negative is a loss).' },
  'pnl.fees_delta': { unit: 'money', description: 'Fees faulted − baseline, signed as P&L.' },
  'pnl.unattributed': { unit: 'money', description: 'Residual of faulted − baseline not explained by components.' },
  'exposure.peak': { unit: 'money', description: 'Peak absolute net exposure, reporting currency.' },
  'exposure.peak_qty': { unit: 'quantity', description: 'Peak absolute net position, base units.' },
  'exposure.time_weighted': { unit: 'quantity', description: 'Time-weighted absolute net position, base units.' },
  'exposure.breach_seconds': { unit: 'duration', description: 'Time the exposure limit was exceeded.' },
  'exposure.breaches': { unit: 'count', description: 'Number of limit-breach episodes.' },
  'trades.rejected': { unit: 'count', description: 'Client trades rejected (faulted run).' },
  'trades.stale_fills': { unit: 'count', description: 'Client trades filled on a price older than the staleness limit.' },
  'orders.unknown_outcomes': { unit: 'count', description: 'Orders whose outcome was unknown (timeout/5xx/lost response).' },
  'orders.unsafe_retries': { unit: 'count', description: 'Retries sent without an idempotency key or status check.' },
  'orders.duplicates': { unit: 'count', description: 'Orders executed twice.' },
  'payments.failed': { unit: 'count', description: 'Payments that failed (faulted run).' },
  'payments.duplicates': { unit: 'count', description: 'Duplicate charges (faulted run).' },
  'payments.customer_funds_at_risk': { unit: 'money', description: 'Customer funds charged twice, to be refunded (not P&L).' },
  'payments.unsafe_retries': { unit: 'count', description: 'Payment retries sent without an idempotency key.' },
  'incident.ttd': { unit: 'duration', description: 'Worst time to detect across incidents.' },
  'incident.tta': { unit: 'duration', description: 'Worst time to acknowledge.' },
  'incident.ttm': { unit: 'duration', description: 'Worst time to mitigate: first to last customer harm of an incident (ground truth).' },
  'incident.ttr': { unit: 'duration', description: 'Worst time to recover: first customer harm to the provider truly restored (ground truth, not the alert clearing).' },
  'sla.credit_receivable': { unit: 'money', description: 'SLA credits receivable from providers.' },
  'sla.credit_payable': { unit: 'money', description: 'SLA credits payable to clients.' },
  'sla.min_uptime_pct': { unit: 'percent', description: 'Lowest monthly uptime % among providers.' },
  'compliance.late': { unit: 'count', description: 'Obligations submitted late.' },
  'compliance.missed': { unit: 'count', description: 'Obligations missed.' },
  'compliance.at_risk': { unit: 'count', description: 'Obligations at risk.' },
  'selfchecks.failed': { unit: 'count', description: 'Self-checks that failed.' },
  'clients.affected': { unit: 'count', description: 'Clients and customers with a failed, stale, unknown or duplicated transaction (faulted run).' },
  'clients.support_tickets_increase_pct': { unit: 'percent', description: 'Expected support tickets, faulted vs baseline, % increase (contact-rate assumption); not measured when the baseline expects none but the fault affected someone.' },
  'faults.unhit': { unit: 'count', description: 'Faults that touched no request (and did not expect to).' },
};

export function isKnownMetric(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(METRICS, name);
}
