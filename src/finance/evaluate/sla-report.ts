/**
 * SLA per provider contract (finance-reference.md §6): downtime minutes from the drill's own
 * observations of that provider (every attempt, probes included), the monthly uptime of the UTC
 * calendar month the drill falls in, the credit tier, and the credit payable or receivable.
 */
import type { Provider, Scenario } from '../../scenario/model.js';
import { dec, ZERO, type Dec } from '../decimal.js';
import { lookupFxRate, type FxTable } from '../fx.js';
import type { RunLedger } from './ledger.js';
import { bucketRequests, computeMonthlyUptime, computeSlaCredit, countDowntimeMinutes, getUtcMonth, type CreditTier } from '../sla.js';

export interface SlaRow {
  counterparty: string;
  direction: 'payable' | 'receivable';
  service: string;
  slaTargetPct: number;
  month: string;
  downtimeRule: string;
  totalMinutes: number;
  downtimeMinutes: Dec;
  excludedMinutes: Dec;
  uptimePct: Dec;
  creditPct: Dec;
  monthlyFee: Dec;
  creditAmount: Dec;
  creditCcy: string;
  /** Credit in the reporting currency, signed as P&L (+ receivable, − payable). */
  creditReporting: Dec;
  claimDeadline: number;
}

/** Tiers from the scenario ("below X% → Y% credit") as half-open intervals: the worst applicable tier wins. */
function toCreditTiers(provider: Provider): CreditTier[] {
  const sla = provider.sla!;
  const sorted = [...sla.tiers].sort((a, b) => b.below - a.below);
  return sorted.map((tier, i) => {
    const next = sorted[i + 1];
    return {
      maxUptimePct: String(tier.below),
      maxInclusive: false,
      ...(next === undefined ? {} : { minUptimePct: String(next.below), minInclusive: true }),
      creditPct: String(tier.creditPct),
    };
  });
}

export function computeSlaRows(scenario: Scenario, ledger: RunLedger, fx: FxTable): SlaRow[] {
  const rows: SlaRow[] = [];
  const month = getUtcMonth(scenario.startMs);
  for (const provider of scenario.providers) {
    if (provider.sla === undefined) continue;
    const sla = provider.sla;
    const series = ledger.attempts.get(provider.id);
    const samples = series === undefined ? [] : series.t.map((ts, i) => ({ ts, ok: series.ok[i]! }));
    const windowSeconds = Math.max(1, Math.round(sla.windowMs / 1000));
    const downtime = countDowntimeMinutes(bucketRequests(samples, windowSeconds), { kind: 'error_rate', threshold: dec(String(sla.errorThresholdPct)).div(100), windowSeconds });
    const uptime = computeMonthlyUptime(downtime.downtimeMinutes, scenario.startMs);
    const credit = computeSlaCredit({ uptimePct: uptime.uptimePct, tiers: toCreditTiers(provider), monthlyFee: dec(sla.monthlyFee), cap: dec(sla.monthlyFee).times(sla.capPct).div(100), direction: sla.direction });
    const rate = lookupFxRate(fx, sla.currency, scenario.reporting.currency).rate;
    const signed = sla.direction === 'receivable' ? credit.creditAmount : credit.creditAmount.neg();
    rows.push({
      counterparty: provider.id,
      direction: sla.direction,
      service: `${provider.role} (${provider.archetype}-like)`,
      slaTargetPct: sla.uptimeTarget,
      month: month.month,
      downtimeRule: downtime.ruleLabel,
      totalMinutes: month.totalMinutes,
      downtimeMinutes: downtime.downtimeMinutes,
      excludedMinutes: downtime.excludedMinutes,
      uptimePct: uptime.uptimePct,
      creditPct: credit.creditPct,
      monthlyFee: dec(sla.monthlyFee),
      creditAmount: credit.creditAmount,
      creditCcy: sla.currency,
      creditReporting: signed.times(rate),
      claimDeadline: month.end + sla.claimWindowDays * 86_400_000,
    });
  }
  return rows;
}

export function sumCredits(rows: readonly SlaRow[]): { receivable: Dec; payable: Dec } {
  let receivable = ZERO;
  let payable = ZERO;
  for (const r of rows) {
    if (r.direction === 'receivable') receivable = receivable.plus(r.creditReporting);
    else payable = payable.plus(r.creditReporting.neg());
  }
  return { receivable, payable };
}
