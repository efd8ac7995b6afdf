/**
 * Monte Carlo VaR/ES of the unhedged peak position over the outage (finance-reference.md §4, §8),
 * next to the parametric figure of exposure-report.ts.
 *
 * Position: the peak |E| (reporting ccy) with the sign of the net position at that instant, so a
 * short loses when the price rises. Models (§4.1, §4.2): GBM at the instrument's σ; GBM at the
 * §4.2 "stressed" σ = 100%; Merton jump-diffusion at the instrument's σ with the §4.3 jump
 * parameters (λ = 20/yr, μ_J = 0, σ_J = 6%). Each model draws from its own named stream,
 * `createRng(seed).fork('var').fork(<label>)`, so adding a model never shifts another's draws.
 *
 * Self-check (§4.3 (a), §10.4): the closed form of GBM is the exact log-normal quantile
 * V·(exp(−σ²τ/2 + zσ√τ) − 1) for a short, V·(1 − exp(−σ²τ/2 − zσ√τ)) for a long. The check
 * PASSes when the Monte Carlo GBM VaR99 (the parametric GBM model, simulated) is within
 * max(1%, 3 standard errors) of that closed form and its standard error is reported (> 0). A fixed
 * 1% band alone would fail for ~5% of seeds at 10⁵ paths (the relative standard error of a 99%
 * quantile is ≈ 0.5% there), a flaky check. The report's delta-normal figure z σ√τ V is compared
 * with the same closed form and the gap printed: it is not gated, because it is an approximation
 * whose error grows like zσ√τ/2 (≈ 1% at σ = 55%/yr over 2 h) — the detail says when it exceeds 1%.
 */
import { createRng } from '../../engine/rng.js';
import { Dec, ZERO, type Dec as DecT } from '../decimal.js';
import { computeNormalQuantile, simulateMonteCarloVar, type MonteCarloVar, type PathModel } from '../var.js';
import type { ExposureReport } from './exposure-report.js';

export const DEFAULT_MC_PATHS = 100_000;
/** §4.3 jump parameters. */
export const MJD_LAMBDA = 20;
export const MJD_JUMP_MU = 0;
export const MJD_JUMP_SIGMA = 0.06;
/** §4.2 stressed volatility. */
export const STRESSED_SIGMA = 1.0;

export interface McRow {
  label: string;
  stream: string;
  model: 'GBM' | 'MJD';
  sigmaAnnual: number;
  jumpLambda?: number;
  jumpMu?: number;
  jumpSigma?: number;
  result: MonteCarloVar;
}

export interface VarReport {
  paths: number;
  horizonSeconds: number;
  /** Signed unit position (±1) times |E|: the value simulated. */
  signedValue: DecT;
  rows: McRow[];
  closedFormVar99: DecT;
  check: { ok: boolean; detail: string };
}

/** Exact GBM (log-normal, μ = 0) loss quantile of a position of value |V| over τ years. */
export function computeGbmClosedFormVar(absValue: DecT, short: boolean, sigmaAnnual: number, horizonSeconds: number, confidence: string, yearDays = 365): DecT {
  const z = computeNormalQuantile(confidence);
  const tau = new Dec(horizonSeconds).div(yearDays * 86_400);
  const s = new Dec(String(sigmaAnnual));
  const sqrtTau = tau.sqrt();
  const drift = s.pow(2).times(tau).div(2).neg();
  return short
    ? absValue.times(drift.plus(z.times(s).times(sqrtTau)).exp().minus(1))
    : absValue.times(new Dec(1).minus(drift.minus(z.times(s).times(sqrtTau)).exp()));
}

/**
 * Everything the Monte Carlo needs from the exposure report, as plain data (strings for decimals),
 * so it can be simulated on another thread (run/monte-carlo-thread.ts). Undefined when there is
 * nothing to simulate (no exposure, or a zero-length horizon).
 */
export interface MonteCarloInput {
  /** |E| at the peak, reporting ccy (exact decimal string). */
  value: string;
  /** The net position at the peak is short (a short loses when the price rises). */
  short: boolean;
  horizonMs: number;
  sigmaAnnual: number;
  /** The delta-normal VaR99 of exposure-report.ts (exact decimal string), compared in the check. */
  parametricVar99: string;
  seed: number;
  paths: number;
}

export function monteCarloInputOf(ex: ExposureReport, seed: number, paths = DEFAULT_MC_PATHS): MonteCarloInput | undefined {
  const value = ex.varBaseValue;
  if (value.isZero() || ex.horizonMs <= 0) return undefined;
  const atPeak = ex.metrics.rows.find((r) => r.ts === ex.metrics.peakAbsNotionalAt);
  const short = atPeak === undefined ? true : atPeak.qty.isNegative();
  return { value: value.toString(), short, horizonMs: ex.horizonMs, sigmaAnnual: ex.sigmaAnnual, parametricVar99: ex.var99.toString(), seed, paths };
}

/** The Monte Carlo VaR of the unhedged peak, from {@link monteCarloInputOf}'s plain input. */
export function computeMonteCarloVarFrom(input: MonteCarloInput): VarReport {
  const { short, seed, paths, sigmaAnnual } = input;
  const value = new Dec(input.value);
  const parametricVar99 = new Dec(input.parametricVar99);
  const signed = short ? value.neg() : value;
  const horizonSeconds = input.horizonMs / 1000;
  const root = createRng(seed).fork('var');
  const models: { label: string; model: 'GBM' | 'MJD'; sigma: number; path: PathModel }[] = [
    { label: 'gbm', model: 'GBM', sigma: sigmaAnnual, path: { kind: 'gbm', sigmaAnnual: sigmaAnnual } },
    { label: 'gbm-stressed', model: 'GBM', sigma: STRESSED_SIGMA, path: { kind: 'gbm', sigmaAnnual: STRESSED_SIGMA } },
    { label: 'mjd', model: 'MJD', sigma: sigmaAnnual, path: { kind: 'merton', sigmaAnnual: sigmaAnnual, lambdaAnnual: MJD_LAMBDA, jumpMu: MJD_JUMP_MU, jumpSigma: MJD_JUMP_SIGMA } },
  ];
  const rows: McRow[] = models.map((m) => {
    const rng = root.fork(m.label);
    const result = simulateMonteCarloVar({ rng: () => rng.next(), paths, qty: short ? '-1' : '1', spot: value, horizonSeconds, model: m.path });
    return {
      label: m.label, stream: rng.path, model: m.model, sigmaAnnual: m.sigma,
      ...(m.model === 'MJD' ? { jumpLambda: MJD_LAMBDA, jumpMu: MJD_JUMP_MU, jumpSigma: MJD_JUMP_SIGMA } : {}),
      result,
    };
  });
  const closed = computeGbmClosedFormVar(value, short, sigmaAnnual, horizonSeconds, '0.99');
  const gbm = rows[0]!.result;
  const paramDiff = parametricVar99.minus(closed).abs();
  const paramWithin = !closed.isZero() && paramDiff.div(closed).lte('0.01');
  const mcDiff = gbm.var99.minus(closed).abs();
  const band = Dec.max(closed.times('0.01'), gbm.stderrVar99.times(3));
  const mcOk = mcDiff.lte(band) && gbm.stderrVar99.gt(ZERO);
  const pct = (x: DecT): string => (closed.isZero() ? 'n/a' : `${x.div(closed).times(100).toFixed(3)}%`);
  return {
    paths, horizonSeconds, signedValue: signed, rows, closedFormVar99: closed,
    check: {
      ok: mcOk,
      detail: `closed-form GBM VaR99 (exact log-normal) ${closed.toFixed(2)}; MC GBM VaR99 ${gbm.var99.toFixed(2)} ± ${gbm.stderrVar99.toFixed(2)} (batch-means stderr, ${gbm.batches} batches, ${paths} paths), off by ${pct(mcDiff)} (PASS if ≤ max(1%, 3 stderr) = ${band.toFixed(2)}); `
        + `delta-normal parametric ${parametricVar99.toFixed(2)} (z 2.326) off by ${pct(paramDiff)}${paramWithin ? ' (within 1%)' : ' (over 1%: the normal approximation is loose at this σ√τ; prefer the closed form)'}; MJD VaR99 ${rows[2]!.result.var99.toFixed(2)}`,
    },
  };
}

/** A VarReport as JSON-safe data (decimals as their exact strings), for a thread boundary. */
export function varReportToData(r: VarReport): unknown {
  const plainOf = (v: unknown): unknown => {
    if (v instanceof Dec) return { dec: v.toString() };
    if (Array.isArray(v)) return v.map(plainOf);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plainOf(x)]));
    return v;
  };
  return plainOf(r);
}

/** The inverse of {@link varReportToData}: every decimal back as the same exact value. */
export function varReportFromData(data: unknown): VarReport {
  const revive = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(revive);
    if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o);
      if (keys.length === 1 && keys[0] === 'dec' && typeof o.dec === 'string') return new Dec(o.dec);
      return Object.fromEntries(keys.map((k) => [k, revive(o[k])]));
    }
    return v;
  };
  return revive(data) as VarReport;
}
