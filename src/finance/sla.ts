/**
 * SLA downtime, uptime, credit tiers and claim deadlines (finance-reference.md §6). The service-credit
 * period is the contract's calendar month, in UTC unless the contract names another time zone (a
 * month then starts at local midnight and its length includes any DST hour); excluded minutes come
 * out of downtime, not out of the denominator (§6.1).
 */
import { addCalendarDays, civilDate, startOfLocalDayUtc, toLocalDate, parseCivilDate } from './calendars/civil-date.js';
import { Dec, ZERO, type DecimalString } from './decimal.js';
import { toDec, toEpochMs, toRate, type DecInput, type RateInput } from './input.js';

const MS_PER_MINUTE = 60_000;

/** One monitoring window: `bad` = errored requests (or failed probes) out of `total`. */
export interface WindowObservation {
  /** Start of the window (epoch ms or ISO). */
  readonly ts: number | string;
  readonly bad: number;
  readonly total: number;
}

/**
 * The contract's downtime rule (§6.1). `error_rate`: a window is down when bad/total > threshold
 * (strict; default 60 s and 5%, Atlassian); a window with no valid requests is not down.
 * `probes`: synthetic probes only, a window is down when no probe succeeded in it (including a
 * window with no probe result at all: the monitor could not show the service was up).
 */
export type DowntimeRule =
  | { readonly kind: 'error_rate'; readonly threshold?: RateInput; readonly windowSeconds?: number }
  | { readonly kind: 'probes'; readonly windowSeconds?: number };

/** A contractually excluded interval [from, to) (maintenance, customer-caused, force majeure). */
export interface ExcludedInterval {
  readonly from: number | string;
  readonly to: number | string;
}

/** Downtime measured from observations. */
export interface DowntimeCount {
  readonly downtimeMinutes: Dec;
  /** Down windows that fell in an excluded interval: reported, not counted. */
  readonly excludedMinutes: Dec;
  /** Start instants of the counted down windows. */
  readonly downWindows: readonly number[];
  readonly windowSeconds: number;
  /** The rule as a label for sla.csv `downtime_rule`, e.g. `error_rate>0.05/60s`. */
  readonly ruleLabel: string;
}

/** A window built by {@link bucketRequests}: its start is always epoch ms. */
export interface BucketedWindow extends WindowObservation {
  readonly ts: number;
}

/** Group request outcomes into windows aligned to the UTC epoch (minute windows start on :00). */
export function bucketRequests(samples: readonly { readonly ts: number | string; readonly ok: boolean }[], windowSeconds = 60): BucketedWindow[] {
  const w = windowSeconds * 1000;
  const buckets = new Map<number, { bad: number; total: number }>();
  for (const [i, s] of samples.entries()) {
    const start = Math.floor(toEpochMs(s.ts, `samples[${i}].ts`) / w) * w;
    const b = buckets.get(start) ?? { bad: 0, total: 0 };
    b.total += 1;
    if (!s.ok) b.bad += 1;
    buckets.set(start, b);
  }
  return [...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([ts, b]) => ({ ts, ...b }));
}

/**
 * Count downtime minutes under a contract rule (finance-reference.md §6.1). Windows are counted
 * once each (duplicates of the same start instant are rejected).
 */
export function countDowntimeMinutes(observations: readonly WindowObservation[], rule: DowntimeRule = { kind: 'error_rate' }, excluded: readonly ExcludedInterval[] = []): DowntimeCount {
  const windowSeconds = rule.windowSeconds ?? 60;
  if (!(windowSeconds > 0)) throw new RangeError('windowSeconds must be positive');
  const threshold = rule.kind === 'error_rate' ? toRate(rule.threshold ?? '0.05', 'threshold') : ZERO;
  const ex = excluded.map((e, i) => ({ from: toEpochMs(e.from, `excluded[${i}].from`), to: toEpochMs(e.to, `excluded[${i}].to`) }));
  const seen = new Set<number>();
  const downWindows: number[] = [];
  let excludedCount = 0;
  for (const [i, o] of observations.entries()) {
    const ts = toEpochMs(o.ts, `observations[${i}].ts`);
    if (seen.has(ts)) throw new RangeError(`observations[${i}]: window ${ts} observed twice`);
    seen.add(ts);
    if (!Number.isInteger(o.bad) || !Number.isInteger(o.total) || o.bad < 0 || o.bad > o.total) throw new RangeError(`observations[${i}]: need integers 0 ≤ bad ≤ total`);
    if (!isDownWindow(o, rule.kind, threshold)) continue;
    if (ex.some((e) => ts >= e.from && ts < e.to)) excludedCount += 1;
    else downWindows.push(ts);
  }
  const perWindow = new Dec(windowSeconds).div(60);
  const ruleLabel = rule.kind === 'error_rate' ? `error_rate>${threshold.toFixed()}/${windowSeconds}s` : `no_probe_success/${windowSeconds}s`;
  return { downtimeMinutes: perWindow.times(downWindows.length), excludedMinutes: perWindow.times(excludedCount), downWindows: downWindows.sort((a, b) => a - b), windowSeconds, ruleLabel };
}

/**
 * Whether one window is a downtime window (§6.1). `error_rate`: bad/total > threshold, strictly, and
 * a window without valid requests is not down; `probes`: no probe succeeded (none at all included).
 */
export function isDownWindow(o: Pick<WindowObservation, 'bad' | 'total'>, kind: DowntimeRule['kind'], threshold: Dec): boolean {
  return kind === 'error_rate' ? o.total > 0 && new Dec(o.bad).gt(threshold.times(o.total)) : o.bad === o.total;
}

/** A service-credit period: one calendar month in the contract's time zone. */
export interface ContractMonth {
  /** `2025-03`. */
  readonly month: string;
  /** First instant (local midnight of the 1st) and the first instant of the next month, epoch ms. */
  readonly start: number;
  readonly end: number;
  /** (end − start) in minutes: 44,640 for 31 days, 40,320 for 28; ±60 for a DST change in the zone. */
  readonly totalMinutes: number;
  readonly timeZone: string;
}

/** The calendar month of `timeZone` (default UTC) containing `ts`. */
export function getContractMonth(ts: number | string, timeZone = 'UTC'): ContractMonth {
  const { year, month } = parseCivilDate(toLocalDate(toEpochMs(ts, 'ts'), timeZone));
  return contractMonthOf(year, month, timeZone);
}

function contractMonthOf(year: number, month: number, timeZone: string): ContractMonth {
  const start = startOfLocalDayUtc(civilDate(year, month, 1), timeZone);
  const end = startOfLocalDayUtc(month === 12 ? civilDate(year + 1, 1, 1) : civilDate(year, month + 1, 1), timeZone);
  return { month: `${year}-${String(month).padStart(2, '0')}`, start, end, totalMinutes: (end - start) / MS_PER_MINUTE, timeZone };
}

/** Every contract month that overlaps [from, to), in order. */
export function contractMonthsBetween(from: number, to: number, timeZone = 'UTC'): ContractMonth[] {
  const months: ContractMonth[] = [];
  let m = getContractMonth(from, timeZone);
  months.push(m);
  while (m.end < to) {
    m = getContractMonth(m.end, timeZone);
    months.push(m);
  }
  return months;
}

/** The UTC calendar month containing `ts`: label, bounds and length in minutes. */
export function getUtcMonth(ts: number | string): ContractMonth {
  return getContractMonth(ts, 'UTC');
}

/** Monthly uptime of the UTC month containing the incident. */
export interface MonthlyUptime {
  readonly month: string;
  readonly totalMinutes: number;
  readonly downtimeMinutes: Dec;
  /** 100 × (1 − downtime / total), unrounded. */
  readonly uptimePct: Dec;
}

/**
 * Monthly uptime % = 100 × (1 − downtime_minutes / total_minutes_in_month) (finance-reference.md
 * §6.1): 95 minutes in a 30-day month (43,200 min) → 99.7801%; 60 minutes → 99.86%. The month is the
 * one containing `incidentTs` in `timeZone` (the contract's; default UTC).
 */
export function computeMonthlyUptime(downtimeMinutes: RateInput, incidentTs: number | string, timeZone = 'UTC'): MonthlyUptime {
  const m = getContractMonth(incidentTs, timeZone);
  const down = toRate(downtimeMinutes, 'downtimeMinutes');
  if (down.lt(0) || down.gt(m.totalMinutes)) throw new RangeError('downtime minutes must be within the month');
  return { month: m.month, totalMinutes: m.totalMinutes, downtimeMinutes: down, uptimePct: new Dec(100).times(new Dec(1).minus(down.div(m.totalMinutes))) };
}

/** One step of a credit tier table; bounds in uptime percent, inclusivity as in the contract. */
export interface CreditTier {
  /** Lower bound; omitted = no lower bound. */
  readonly minUptimePct?: DecInput;
  /** Default true (≥). */
  readonly minInclusive?: boolean;
  /** Upper bound; omitted = no upper bound. */
  readonly maxUptimePct?: DecInput;
  /** Default false (<). */
  readonly maxInclusive?: boolean;
  /** Credit as a percentage of the monthly fee, e.g. '10'. */
  readonly creditPct: DecInput;
}

/** When a credit claim must arrive. */
export type ClaimRule =
  | { readonly kind: 'days_after_month_end'; readonly days: number }
  | { readonly kind: 'end_of_billing_cycle'; readonly cycles: number };

/** A vendor SLA as data. */
export interface SlaTemplate {
  readonly id: string;
  readonly commitmentPct: DecimalString;
  readonly tiers: readonly CreditTier[];
  readonly claim: ClaimRule;
  readonly source: string;
  /** Verification level as in finance-reference.md: P, S or V. */
  readonly verified: 'P' | 'S' | 'V';
}

/** Public tier tables (finance-reference.md §6.2), shipped as templates; contracts override them. */
export const SLA_TEMPLATES: Readonly<Record<string, SlaTemplate>> = {
  'aws-compute-region': {
    id: 'aws-compute-region',
    commitmentPct: '99.99',
    tiers: [
      { minUptimePct: '99.0', maxUptimePct: '99.99', creditPct: '10' },
      { minUptimePct: '95.0', maxUptimePct: '99.0', creditPct: '30' },
      { maxUptimePct: '95.0', creditPct: '100' },
    ],
    claim: { kind: 'end_of_billing_cycle', cycles: 2 },
    source: 'https://aws.amazon.com/compute/sla/ (finance-reference.md [23])',
    verified: 'P',
  },
  'azure-vm': {
    id: 'azure-vm',
    commitmentPct: '99.99',
    tiers: [
      { minUptimePct: '99.0', maxUptimePct: '99.99', creditPct: '10' },
      { minUptimePct: '95.0', maxUptimePct: '99.0', creditPct: '25' },
      { maxUptimePct: '95.0', creditPct: '100' },
    ],
    // Claim window not in the reference: a placeholder to be replaced from the contract.
    claim: { kind: 'end_of_billing_cycle', cycles: 2 },
    source: 'finance-reference.md §6.2 [24] (tiers [S]; claim rule [V])',
    verified: 'S',
  },
  'atlassian-cloud-premium': {
    id: 'atlassian-cloud-premium',
    commitmentPct: '99.9',
    // Only the 10% step is confirmed by the reference (99.86% → 10%); the lower steps follow the
    // published Appendix B shape as recalled and must be checked before quoting.
    tiers: [
      { minUptimePct: '99.0', maxUptimePct: '99.9', creditPct: '10' },
      { minUptimePct: '95.0', maxUptimePct: '99.0', creditPct: '25' },
      { maxUptimePct: '95.0', creditPct: '50' },
    ],
    claim: { kind: 'days_after_month_end', days: 15 },
    source: 'https://www.atlassian.com/legal/sla (finance-reference.md [25]; lower tiers [V])',
    verified: 'V',
  },
};

function tierMatches(t: CreditTier, u: Dec): boolean {
  if (t.minUptimePct !== undefined) {
    const lo = toDec(t.minUptimePct, 'minUptimePct');
    if ((t.minInclusive ?? true) ? u.lt(lo) : u.lte(lo)) return false;
  }
  if (t.maxUptimePct !== undefined) {
    const hi = toDec(t.maxUptimePct, 'maxUptimePct');
    if ((t.maxInclusive ?? false) ? u.gt(hi) : u.gte(hi)) return false;
  }
  return true;
}

/** The tier an uptime falls in (null = no credit). Overlapping tiers are a contract-data error. */
export function selectCreditTier(tiers: readonly CreditTier[], uptimePct: DecInput): CreditTier | null {
  const u = toDec(uptimePct, 'uptimePct');
  const hits = tiers.filter((t) => tierMatches(t, u));
  if (hits.length > 1) throw new RangeError(`uptime ${u.toFixed()}% matches ${hits.length} tiers; the tier table overlaps`);
  return hits[0] ?? null;
}

/** Credits flow both ways: receivable from vendors, payable to the firm's own B2B clients (§6.2). */
export type CreditDirection = 'payable' | 'receivable';

/** An SLA credit and its P&L sign. */
export interface SlaCredit {
  readonly creditPct: Dec;
  /** creditPct × monthly fee before the cap. */
  readonly uncappedAmount: Dec;
  /** min(uncapped, cap). */
  readonly creditAmount: Dec;
  readonly capApplied: boolean;
  readonly direction: CreditDirection;
  /** + for a credit receivable, − for a credit payable (firm's side, §1.4). */
  readonly pnl: Dec;
}

/**
 * SLA credit = min(credit_pct × monthly_fee, cap) (finance-reference.md §6.1). `cap` defaults to
 * 100% of the monthly fee. Amounts in the fee's currency, unrounded.
 */
export function computeSlaCredit(input: { readonly uptimePct: DecInput; readonly tiers: readonly CreditTier[]; readonly monthlyFee: DecInput; readonly cap?: DecInput; readonly direction: CreditDirection }): SlaCredit {
  const fee = toDec(input.monthlyFee, 'monthlyFee');
  const cap = input.cap === undefined ? fee : toDec(input.cap, 'cap');
  const tier = selectCreditTier(input.tiers, input.uptimePct);
  const creditPct = tier === null ? ZERO : toDec(tier.creditPct, 'creditPct');
  const uncappedAmount = creditPct.div(100).times(fee);
  const capApplied = uncappedAmount.gt(cap);
  const creditAmount = capApplied ? cap : uncappedAmount;
  return { creditPct, uncappedAmount, creditAmount, capApplied, direction: input.direction, pnl: input.direction === 'receivable' ? creditAmount : creditAmount.neg() };
}

/**
 * Claim deadline as the first instant after the claim window (a claim must arrive before it),
 * billing cycles being the contract's calendar months in `timeZone` (default UTC, §6.1). Atlassian,
 * incident in April: 15 days after month end → before 2025-05-16T00:00Z; AWS: end of the 2nd
 * billing cycle → before 1 July. Days are calendar days of the zone (local midnight to midnight).
 */
export function computeClaimDeadline(incidentTs: number | string, rule: ClaimRule, timeZone = 'UTC'): number {
  const m = getContractMonth(incidentTs, timeZone);
  const nextMonthStart = toLocalDate(m.end, timeZone);
  if (rule.kind === 'days_after_month_end') {
    if (!Number.isInteger(rule.days) || rule.days < 0) throw new RangeError('days must be a non-negative integer');
    return startOfLocalDayUtc(addCalendarDays(nextMonthStart, rule.days), timeZone);
  }
  if (!Number.isInteger(rule.cycles) || rule.cycles < 1) throw new RangeError('cycles must be a positive integer');
  let end = m;
  for (let i = 0; i < rule.cycles; i++) end = getContractMonth(end.end, timeZone);
  return end.end;
}
