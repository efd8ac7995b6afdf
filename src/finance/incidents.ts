/**
 * Incident timings, detection bounds, duration distributions and error budgets
 * (finance-reference.md §7). Durations are seconds (numbers: they are counts of time, not money);
 * ratios that a report prints as percentages are Dec.
 */
import { Dec, ONE } from './decimal.js';
import { toEpochMs, toRate, type RateInput } from './input.js';

type Instant = number | string;

/** The §7.1 timestamps of one incident; the drill knows `tFault` exactly. */
export interface IncidentTimestamps {
  readonly tFault: Instant;
  readonly tImpact?: Instant;
  readonly tDetect?: Instant;
  readonly tAck?: Instant;
  readonly tMitigate?: Instant;
  readonly tRecover?: Instant;
  readonly tResolve?: Instant;
}

/** Durations in seconds; null when either end is missing. Which "R" each TTR means is in its name. */
export interface IncidentTimings {
  /** t_detect − t_fault. */
  readonly ttdS: number | null;
  /** t_detect − t_impact. */
  readonly ttdFromImpactS: number | null;
  /** t_ack − t_detect. */
  readonly ttaS: number | null;
  /** t_mitigate − t_impact. */
  readonly ttmS: number | null;
  /** t_recover − t_impact. */
  readonly ttrRecoverS: number | null;
  /** t_resolve − t_impact. */
  readonly ttrResolveS: number | null;
}

function span(from: Instant | undefined, to: Instant | undefined, name: string): number | null {
  if (from === undefined || to === undefined) return null;
  const d = (toEpochMs(to, `${name}.to`) - toEpochMs(from, `${name}.from`)) / 1000;
  if (d < 0) throw new RangeError(`${name}: negative duration (${d} s); timestamps out of order`);
  return d;
}

/**
 * TTD/TTA/TTM/TTR(recover)/TTR(resolve) from timestamps (finance-reference.md §7.1). When
 * `tImpact` is absent the impact is taken to start at the fault (the drill's ground truth).
 */
export function computeIncidentTimings(t: IncidentTimestamps): IncidentTimings {
  const impact = t.tImpact ?? t.tFault;
  return {
    ttdS: span(t.tFault, t.tDetect, 'ttd'),
    ttdFromImpactS: span(impact, t.tDetect, 'ttd_from_impact'),
    ttaS: span(t.tDetect, t.tAck, 'tta'),
    ttmS: span(impact, t.tMitigate, 'ttm'),
    ttrRecoverS: span(impact, t.tRecover, 'ttr_recover'),
    ttrResolveS: span(impact, t.tResolve, 'ttr_resolve'),
  };
}

/** Theoretical detection time of a synthetic monitor. */
export interface DetectionBound {
  readonly meanS: number;
  readonly maxS: number;
}

/**
 * Detection bound for probes every Δ seconds alerting after k consecutive failures
 * (finance-reference.md §7.2): a fault at a uniform time is seen after U + (k−1)Δ, U ~ U(0, Δ],
 * so mean (k − ½)Δ and max kΔ, plus evaluation/notification latency. Δ = 60, k = 3 → 150 / 180 s.
 */
export function computeDetectionBound(intervalS: number, k: number, latencyS = 0): DetectionBound {
  if (!(intervalS > 0)) throw new RangeError('intervalS must be positive');
  if (!Number.isInteger(k) || k < 1) throw new RangeError('k must be a positive integer');
  return { meanS: (k - 0.5) * intervalS + latencyS, maxS: k * intervalS + latencyS };
}

/** n, p50, p90, max and mean of a set of durations (means printed with a caveat, §7.1). */
export interface DurationSummary {
  readonly n: number;
  readonly p50: number | null;
  readonly p90: number | null;
  readonly max: number | null;
  readonly mean: number | null;
  /** The percentile method, for the report. */
  readonly method: 'nearest-rank';
}

/**
 * Nearest-rank percentile: the value at rank ⌈p/100 × n⌉ of the ascending sample (an observed
 * duration, never an interpolated one, which is what a reviewer can find in incidents.csv).
 */
export function computePercentile(values: readonly number[], p: number): number | null {
  if (!(p > 0 && p <= 100)) throw new RangeError('p must be in (0, 100]');
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  // Integer arithmetic on p×n avoids 0.9 × 10 = 9.000000000000002 style rank errors.
  const rank = Math.max(1, Math.ceil(Math.round(p * values.length * 1e6) / 1e8));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

/** Distribution of durations across incidents (finance-reference.md §7.1); nulls are skipped. */
export function summarizeDurations(values: readonly (number | null)[]): DurationSummary {
  const xs = values.filter((v): v is number => v !== null);
  if (xs.some((v) => !Number.isFinite(v))) throw new RangeError('durations must be finite');
  if (xs.length === 0) return { n: 0, p50: null, p90: null, max: null, mean: null, method: 'nearest-rank' };
  return { n: xs.length, p50: computePercentile(xs, 50), p90: computePercentile(xs, 90), max: Math.max(...xs), mean: xs.reduce((a, b) => a + b, 0) / xs.length, method: 'nearest-rank' };
}

/** Inputs for {@link computeErrorBudget}. */
export interface ErrorBudgetInput {
  /** SLO as a fraction, e.g. '0.999'. */
  readonly slo: RateInput;
  /** SLO window in minutes (30 d = 43,200). */
  readonly windowMinutes: number;
  /** Error ratio observed over W (1 for a total outage). */
  readonly errorRatio: RateInput;
  /** W, the observation window in minutes (the outage length). */
  readonly observedMinutes: number;
}

/** Error budget and burn (Google SRE, finance-reference.md §7.3). */
export interface ErrorBudget {
  /** 1 − SLO. */
  readonly budgetRatio: Dec;
  /** (1 − SLO) × window. */
  readonly budgetMinutes: Dec;
  /** error_ratio / (1 − SLO). */
  readonly burnRate: Dec;
  /** burn_rate × W / window, as a fraction. */
  readonly consumedFraction: Dec;
  readonly consumedPct: Dec;
  /** window / burn_rate (null when nothing burns). */
  readonly timeToExhaustionMinutes: Dec | null;
}

/**
 * Error budget consumed and burn rate (finance-reference.md §7.3): a 42-minute total outage
 * against 99.9% over 30 days burns at 1,000× and consumes 97.2% of the 43.2-minute budget.
 */
export function computeErrorBudget(input: ErrorBudgetInput): ErrorBudget {
  const slo = toRate(input.slo, 'slo');
  if (slo.lte(0) || slo.gte(1)) throw new RangeError('slo must be a fraction in (0, 1), e.g. 0.999');
  const ratio = toRate(input.errorRatio, 'errorRatio');
  if (ratio.lt(0) || ratio.gt(1)) throw new RangeError('errorRatio must be in [0, 1]');
  if (!(input.windowMinutes > 0) || !(input.observedMinutes >= 0)) throw new RangeError('windows must be positive');
  const budgetRatio = ONE.minus(slo);
  const window = new Dec(input.windowMinutes);
  const burnRate = ratio.div(budgetRatio);
  const consumedFraction = burnRate.times(input.observedMinutes).div(window);
  return {
    budgetRatio,
    budgetMinutes: budgetRatio.times(window),
    burnRate,
    consumedFraction,
    consumedPct: consumedFraction.times(100),
    timeToExhaustionMinutes: burnRate.isZero() ? null : window.div(burnRate),
  };
}
