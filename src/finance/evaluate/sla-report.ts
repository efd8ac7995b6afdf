/**
 * SLA per provider contract and per service-credit period (finance-reference.md §6): downtime from
 * the drill's own observations of that provider (every attempt, probes included), bucketed into the
 * contract's windows; each calendar month of the contract (UTC unless `sla.timezone` says otherwise)
 * the drill touches gets its own row, with its uptime over that month's own length, its own tier,
 * credit and claim deadline. The windows themselves are kept as the evidence (`sla_minutes.csv`).
 */
import type { Provider, Scenario } from '../../scenario/model.js';
import { dec, ZERO, type Dec } from '../decimal.js';
import { lookupFxRate, type FxTable } from '../fx.js';
import type { RunLedger } from './ledger.js';
import { computeClaimDeadline, computeMonthlyUptime, computeSlaCredit, contractMonthsBetween, countDowntimeMinutes, getContractMonth, isDownWindow, type ContractMonth, type CreditTier } from '../sla.js';

export interface SlaRow {
  counterparty: string;
  direction: 'payable' | 'receivable';
  service: string;
  slaTargetPct: number;
  /** `2025-03`: the service-credit period. */
  month: string;
  monthStart: number;
  monthEnd: number;
  timeZone: string;
  downtimeRule: string;
  totalMinutes: number;
  downtimeMinutes: Dec;
  excludedMinutes: Dec;
  uptimePct: Dec;
  creditPct: Dec;
  monthlyFee: Dec;
  creditAmount: Dec;
  creditCcy: string;
  /** The rate that translated the credit into the reporting currency (1 when it is in it), its source and time. */
  fxRate: Dec;
  fxSource: string;
  fxTs: number;
  /** Credit in the reporting currency, signed as P&L (+ receivable, − payable). */
  creditReporting: Dec;
  claimDeadline: number;
}

/** One observed window of one SLA provider: the evidence behind its downtime minutes. */
export interface SlaWindow {
  counterparty: string;
  month: string;
  /** Window start (aligned to the UTC epoch) and length. */
  start: number;
  windowMs: number;
  /** Business requests and synthetic probes in the window, and how many of them failed. */
  requests: number;
  probes: number;
  errors: number;
  down: boolean;
  /** Contractually excluded (maintenance and the like): reported, not counted. None can be declared yet. */
  excluded: boolean;
}

export interface SlaReport {
  rows: SlaRow[];
  windows: SlaWindow[];
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

interface Bucket {
  requests: number;
  probes: number;
  errors: number;
}

/** The provider's attempts grouped into the contract's windows (aligned to the UTC epoch), in time order. */
function bucketAttempts(ledger: RunLedger, providerId: string, windowMs: number): [number, Bucket][] {
  const series = ledger.attempts.get(providerId);
  const buckets = new Map<number, Bucket>();
  if (series !== undefined) {
    for (let i = 0; i < series.t.length; i++) {
      const start = Math.floor(series.t[i]! / windowMs) * windowMs;
      let b = buckets.get(start);
      if (b === undefined) buckets.set(start, (b = { requests: 0, probes: 0, errors: 0 }));
      if (series.probe[i] === true) b.probes += 1;
      else b.requests += 1;
      if (series.ok[i] !== true) b.errors += 1;
    }
  }
  return [...buckets.entries()].sort((a, b) => a[0] - b[0]);
}

/** SLA rows and their window evidence for one replay. */
export function computeSla(scenario: Scenario, ledger: RunLedger, fx: FxTable): SlaReport {
  const rows: SlaRow[] = [];
  const windows: SlaWindow[] = [];
  for (const provider of scenario.providers) {
    if (provider.sla === undefined) continue;
    const sla = provider.sla;
    const zone = sla.timeZone;
    const windowSeconds = Math.max(1, Math.round(sla.windowMs / 1000));
    const windowMs = windowSeconds * 1000;
    const rule = { kind: 'error_rate' as const, threshold: dec(String(sla.errorThresholdPct)).div(100), windowSeconds };
    const buckets = bucketAttempts(ledger, provider.id, windowMs);
    // Every month the drill touches, and any month an observed window falls in (retries draining
    // past the end of a drill that ends at a month's end).
    const months = new Map<string, ContractMonth>(contractMonthsBetween(scenario.startMs, scenario.endMs, zone).map((m) => [m.month, m]));
    const monthOfWindow = new Map<number, ContractMonth>();
    let last: ContractMonth | undefined;
    for (const [start] of buckets) {
      const m = last !== undefined && start >= last.start && start < last.end ? last : getContractMonth(start, zone);
      last = m;
      monthOfWindow.set(start, m);
      if (!months.has(m.month)) months.set(m.month, m);
    }
    const rate = lookupFxRate(fx, sla.currency, scenario.reporting.currency);
    for (const m of [...months.values()].sort((a, b) => a.start - b.start)) {
      const observations = buckets.filter(([start]) => monthOfWindow.get(start)?.month === m.month).map(([ts, b]) => ({ ts, bad: b.errors, total: b.requests + b.probes }));
      const downtime = countDowntimeMinutes(observations, rule);
      const uptime = computeMonthlyUptime(downtime.downtimeMinutes, m.start, zone);
      const credit = computeSlaCredit({ uptimePct: uptime.uptimePct, tiers: toCreditTiers(provider), monthlyFee: dec(sla.monthlyFee), cap: dec(sla.monthlyFee).times(sla.capPct).div(100), direction: sla.direction });
      const signed = sla.direction === 'receivable' ? credit.creditAmount : credit.creditAmount.neg();
      rows.push({
        counterparty: provider.id,
        direction: sla.direction,
        service: `${provider.role} (${provider.archetype}-like)`,
        slaTargetPct: sla.uptimeTarget,
        month: m.month,
        monthStart: m.start,
        monthEnd: m.end,
        timeZone: zone,
        downtimeRule: downtime.ruleLabel,
        totalMinutes: m.totalMinutes,
        downtimeMinutes: downtime.downtimeMinutes,
        excludedMinutes: downtime.excludedMinutes,
        uptimePct: uptime.uptimePct,
        creditPct: credit.creditPct,
        monthlyFee: dec(sla.monthlyFee),
        creditAmount: credit.creditAmount,
        creditCcy: sla.currency,
        fxRate: rate.rate,
        fxSource: rate.source,
        fxTs: Number.isFinite(rate.ts) ? rate.ts : scenario.startMs,
        creditReporting: signed.times(rate.rate),
        claimDeadline: computeClaimDeadline(m.start, { kind: 'days_after_month_end', days: sla.claimWindowDays }, zone),
      });
    }
    for (const [start, b] of buckets) {
      windows.push({
        counterparty: provider.id, month: monthOfWindow.get(start)!.month, start, windowMs, requests: b.requests, probes: b.probes, errors: b.errors,
        down: isDownWindow({ bad: b.errors, total: b.requests + b.probes }, 'error_rate', rule.threshold), excluded: false,
      });
    }
  }
  return { rows, windows };
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
