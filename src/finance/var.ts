/**
 * Value at risk and expected shortfall of an unhedged position over an outage (finance-reference.md
 * §3.3, §4, §8). Losses are positive. Money inputs and outputs are Dec; simulated log-returns are
 * JS numbers because they are dimensionless draws (the money is applied once, in Dec, at the end).
 */
import { Dec, ONE, ZERO } from './decimal.js';
import { toDec, toRate, type DecInput, type RateInput } from './input.js';

const SECONDS_PER_DAY = 86_400;

/**
 * z_α as printed in finance-reference.md §8.1 (and the usual 97.5%/99.9% companions). The
 * reference's own figures (e.g. 8,217) use these rounded constants, so they are the default.
 */
export const PRINTED_Z: Readonly<Record<string, string>> = { '0.95': '1.645', '0.975': '1.960', '0.99': '2.326', '0.999': '3.090' };

/** Standard normal density φ(x) = exp(−x²/2)/√(2π). */
export function computeNormalPdf(x: DecInput): Dec {
  const v = toDec(x, 'x');
  return v.pow(2).div(-2).exp().div(Dec.acos(-1).times(2).sqrt());
}

/**
 * Standard normal CDF Φ(x) by the series Φ(x) = ½ + φ(x) Σ x^(2n+1)/(2n+1)!!, at the configured
 * 50-digit precision (converges for any x; used for |x| ≤ 10, beyond that Φ is 0 or 1 to 20 digits).
 */
export function computeNormalCdf(x: DecInput): Dec {
  const v = toDec(x, 'x');
  if (v.gt(10)) return ONE;
  if (v.lt(-10)) return ZERO;
  const x2 = v.pow(2);
  let term = v;
  let sum = v;
  const eps = new Dec('1e-60');
  for (let n = 1; n < 2000 && term.abs().gt(eps); n++) {
    term = term.times(x2).div(2 * n + 1);
    sum = sum.plus(term);
  }
  return new Dec('0.5').plus(computeNormalPdf(v).times(sum));
}

/**
 * Inverse standard normal Φ⁻¹(p): Acklam's rational approximation (relative error ≈ 1e-9) as the
 * start, then Newton steps on the 50-digit {@link computeNormalCdf} until the step is below 1e-30.
 * Φ⁻¹(0.99) = 2.3263478740…, Φ⁻¹(0.95) = 1.6448536269….
 */
export function computeNormalQuantile(p: RateInput): Dec {
  const pd = toRate(p, 'p');
  if (pd.lte(0) || pd.gte(1)) throw new RangeError('p must be in (0, 1)');
  let x = new Dec(String(acklam(pd.toNumber())));
  for (let i = 0; i < 8; i++) {
    const step = computeNormalCdf(x).minus(pd).div(computeNormalPdf(x));
    x = x.minus(step);
    if (step.abs().lt('1e-30')) break;
  }
  return x;
}

function acklam(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - lo) return -acklam(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** Volatility: annual (annualised with √yearDays, 365 for 24/7 crypto, §4.2) or daily. */
export type VolatilityInput = { readonly annual: RateInput; readonly yearDays?: number } | { readonly daily: RateInput };

/** Inputs for {@link computeParametricVar}. */
export interface ParametricVarInput {
  /** Position value V (e.g. the peak notional); the sign is ignored (|V|). */
  readonly value: DecInput;
  readonly sigma: VolatilityInput;
  readonly horizonSeconds: number;
  /** Confidence α, e.g. '0.99'. */
  readonly confidence: RateInput;
  /** `printed` (default): the §8.1 constants when α is one of them, else exact; `exact`: Φ⁻¹(α). */
  readonly z?: 'printed' | 'exact';
}

/** Closed-form VaR/ES with every input it used, for the report's `scenarios.csv`. */
export interface ParametricVar {
  readonly var: Dec;
  readonly es: Dec;
  readonly z: Dec;
  readonly zSource: 'printed' | 'exact';
  readonly confidence: Dec;
  readonly sigmaDaily: Dec;
  /** τ in days. */
  readonly horizonDays: Dec;
  /** σ_daily × √τ. */
  readonly sigmaHorizon: Dec;
  readonly absValue: Dec;
}

/** σ per day from an annual (÷ √yearDays) or daily volatility. */
export function toDailySigma(sigma: VolatilityInput): Dec {
  if ('daily' in sigma) return toRate(sigma.daily, 'sigma.daily');
  return toRate(sigma.annual, 'sigma.annual').div(new Dec(sigma.yearDays ?? 365).sqrt());
}

/**
 * Parametric (normal, GBM small-horizon) VaR and ES of a position (finance-reference.md §3.3, §8.1):
 * VaR_α = z_α σ √τ |V|, ES_α = σ √τ φ(z_α)/(1 − α) |V|, τ in days. §3.3: 2.326 × 0.03 × √(42/1440)
 * × 689,520 ≈ 8,217 (≈ 7,885 with 55%/yr over √365).
 */
export function computeParametricVar(input: ParametricVarInput): ParametricVar {
  const alpha = toRate(input.confidence, 'confidence');
  if (alpha.lte(0) || alpha.gte(1)) throw new RangeError('confidence must be in (0, 1)');
  if (!(input.horizonSeconds >= 0)) throw new RangeError('horizonSeconds must be ≥ 0');
  const printed = PRINTED_Z[alpha.toFixed()];
  const usePrinted = (input.z ?? 'printed') === 'printed' && printed !== undefined;
  const z = usePrinted ? new Dec(printed) : computeNormalQuantile(alpha);
  const sigmaDaily = toDailySigma(input.sigma);
  const horizonDays = new Dec(input.horizonSeconds).div(SECONDS_PER_DAY);
  const sigmaHorizon = sigmaDaily.times(horizonDays.sqrt());
  const absValue = toDec(input.value, 'value').abs();
  return {
    var: z.times(sigmaHorizon).times(absValue),
    es: sigmaHorizon.times(computeNormalPdf(z)).div(ONE.minus(alpha)).times(absValue),
    z,
    zSource: usePrinted ? 'printed' : 'exact',
    confidence: alpha,
    sigmaDaily,
    horizonDays,
    sigmaHorizon,
    absValue,
  };
}

/** Price model for the Monte Carlo (finance-reference.md §4.1). */
export type PathModel =
  | { readonly kind: 'gbm'; readonly sigmaAnnual: RateInput }
  | {
      readonly kind: 'merton';
      readonly sigmaAnnual: RateInput;
      /** Jump intensity per year. */
      readonly lambdaAnnual: RateInput;
      /** Mean and std of the log jump size. */
      readonly jumpMu: RateInput;
      readonly jumpSigma: RateInput;
    };

/** Inputs for {@link simulateMonteCarloVar}. */
export interface MonteCarloVarInput {
  /** Uniform in [0, 1); the engine passes a seeded stream (e.g. `() => rng.fork('var').next()`). */
  readonly rng: () => number;
  readonly paths: number;
  /** Signed position, base units (− short). */
  readonly qty: DecInput;
  readonly spot: DecInput;
  readonly horizonSeconds: number;
  readonly model: PathModel;
  /** Drift per year (default 0, §4.1 for short horizons). */
  readonly muAnnual?: RateInput;
  readonly yearDays?: number;
  /** Batches for the batch-means standard error (default 40, §8.3). */
  readonly batches?: number;
}

/** Monte Carlo VaR/ES (losses positive, quote ccy) with the standard error of VaR99. */
export interface MonteCarloVar {
  readonly paths: number;
  readonly model: PathModel['kind'];
  readonly var95: Dec;
  readonly es95: Dec;
  readonly var99: Dec;
  readonly es99: Dec;
  readonly meanLoss: Dec;
  /** Batch-means standard error of VaR99: sd(batch VaR99) / √batches. */
  readonly stderrVar99: Dec;
  readonly batches: number;
}

function normalDraw(rng: () => number): number {
  // Box–Muller with 1 − u so the log never sees 0; one normal per two uniforms keeps draws aligned.
  const u1 = 1 - uniform(rng);
  const u2 = uniform(rng);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

function uniform(rng: () => number): number {
  const u = rng();
  if (!(u >= 0 && u < 1)) throw new RangeError(`rng must return a number in [0, 1), got ${u}`);
  return u;
}

function poissonDraw(rng: () => number, mean: number): number {
  // Knuth's product method: fine for the small λτ of an outage window.
  const limit = Math.exp(-mean);
  let k = 0;
  let p = uniform(rng);
  while (p > limit) {
    k += 1;
    p *= uniform(rng);
  }
  return k;
}

/** Empirical VaR (rank ⌈αn⌉ of ascending losses) and ES (mean of the worst n − ⌊αn⌋ losses) of sorted factors. */
function tailOf(sorted: Float64Array, alpha: Dec): { var: Dec; es: Dec } {
  const n = sorted.length;
  const rank = alpha.times(n).ceil().toNumber();
  const tailStart = alpha.times(n).floor().toNumber();
  let sum = ZERO;
  for (let i = tailStart; i < n; i++) sum = sum.plus(new Dec(sorted[i]!));
  return { var: new Dec(sorted[Math.max(rank, 1) - 1]!), es: sum.div(n - tailStart) };
}

/**
 * Seeded Monte Carlo VaR/ES of a position over a horizon under GBM or Merton jump-diffusion
 * (finance-reference.md §4.1, §4.3, §8). The terminal log-return is drawn exactly in one step:
 * (μ − λk − σ²/2)τ + σ√τ Z + Σ_{N~Poisson(λτ)} N(μ_J, σ_J²), k = exp(μ_J + σ_J²/2) − 1, τ in years
 * of `yearDays` days. Loss = −qty × spot × (exp(r) − 1). VaR is the ⌈αn⌉-th smallest loss; ES the
 * mean of the worst n − ⌊αn⌋; the standard error of VaR99 is by batch means over contiguous batches.
 */
export function simulateMonteCarloVar(input: MonteCarloVarInput): MonteCarloVar {
  const { paths, horizonSeconds, yearDays = 365, batches = 40 } = input;
  if (!Number.isInteger(paths) || paths < 100 * batches) throw new RangeError(`paths must be an integer ≥ 100 × batches (${100 * batches})`);
  if (!Number.isInteger(batches) || batches < 2) throw new RangeError('batches must be an integer ≥ 2');
  const qty = toDec(input.qty, 'qty');
  const spot = toDec(input.spot, 'spot');
  const tau = horizonSeconds / (yearDays * SECONDS_PER_DAY);
  const sigma = toRate(input.model.sigmaAnnual, 'model.sigmaAnnual').toNumber();
  const mu = input.muAnnual === undefined ? 0 : toRate(input.muAnnual, 'muAnnual').toNumber();
  const jumps =
    input.model.kind === 'merton'
      ? { lambda: toRate(input.model.lambdaAnnual, 'lambdaAnnual').toNumber(), muJ: toRate(input.model.jumpMu, 'jumpMu').toNumber(), sigmaJ: toRate(input.model.jumpSigma, 'jumpSigma').toNumber() }
      : null;
  const k = jumps === null ? 0 : Math.exp(jumps.muJ + (jumps.sigmaJ * jumps.sigmaJ) / 2) - 1;
  const drift = (mu - (jumps === null ? 0 : jumps.lambda * k) - (sigma * sigma) / 2) * tau;
  const diffusion = sigma * Math.sqrt(tau);
  // Loss per unit of |qty × spot|: a long loses when the price falls, a short when it rises.
  const direction = qty.isNegative() ? 1 : -1;
  const factors = new Float64Array(paths);
  for (let i = 0; i < paths; i++) {
    let r = drift + diffusion * normalDraw(input.rng);
    if (jumps !== null) {
      const n = poissonDraw(input.rng, jumps.lambda * tau);
      for (let j = 0; j < n; j++) r += jumps.muJ + jumps.sigmaJ * normalDraw(input.rng);
    }
    factors[i] = direction * Math.expm1(r);
  }
  const scale = qty.abs().times(spot);
  const batchSize = Math.floor(paths / batches);
  const alpha99 = new Dec('0.99');
  const batchVars: Dec[] = [];
  for (let b = 0; b < batches; b++) {
    const slice = factors.slice(b * batchSize, (b + 1) * batchSize).sort();
    batchVars.push(tailOf(slice, alpha99).var);
  }
  const bMean = batchVars.reduce((a, v) => a.plus(v), ZERO).div(batches);
  const bVar = batchVars.reduce((a, v) => a.plus(v.minus(bMean).pow(2)), ZERO).div(batches - 1);
  // Mean of a dimensionless factor: a compensated float sum is exact enough and 100× faster than Dec.
  let sum = 0;
  let carry = 0;
  for (const f of factors) {
    const y = f - carry;
    const t = sum + y;
    carry = t - sum - y;
    sum = t;
  }
  const total = new Dec(sum);
  const sorted = factors.slice().sort();
  const t95 = tailOf(sorted, new Dec('0.95'));
  const t99 = tailOf(sorted, alpha99);
  return {
    paths,
    model: input.model.kind,
    var95: t95.var.times(scale),
    es95: t95.es.times(scale),
    var99: t99.var.times(scale),
    es99: t99.es.times(scale),
    meanLoss: total.div(paths).times(scale),
    stderrVar99: bVar.sqrt().div(new Dec(batches).sqrt()).times(scale),
    batches,
  };
}
