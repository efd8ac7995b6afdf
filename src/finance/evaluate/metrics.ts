/**
 * Threshold verdicts: the metric catalogue (scenario/metrics.ts) evaluated against a run, compared
 * in decimal. Durations are compared in ms, money in the reporting currency.
 */
import type { ThresholdModel } from '../../scenario/model.js';
import { metricInfo } from '../../scenario/metrics.js';
import { dec, fixed, minorUnits, type Dec } from '../decimal.js';

export interface ThresholdVerdict {
  name: string;
  metric: string;
  op: ThresholdModel['op'];
  /** Limit in the metric's canonical unit (money: reporting ccy; duration: ms). */
  limit: string;
  /** Observed value in the same unit; undefined when the run could not measure it. */
  actual?: string;
  unit?: string;
  status: 'PASS' | 'FAIL';
  detail: string;
  abortOnFail: boolean;
  /** The observed value as people read it: money to the cent with currency, durations in h/m/s. */
  actualDisplay: string;
  limitDisplay: string;
}

/** A metric value for people (reports, terminal); the exact value stays in `actual`. */
export function displayMetric(metric: string, value: string, currency: string): string {
  const unit = metricInfo(metric)?.unit;
  const d = dec(value);
  switch (unit) {
    case 'money':
      return `${d.toFixed(2)} ${currency}`;
    case 'duration': {
      const s = d.div(1000).toDecimalPlaces(3).toNumber();
      if (s < 60) return `${s}s`;
      const m = Math.floor(s / 60);
      const rest = Math.round(s - m * 60);
      return m < 60 ? `${m}m ${rest}s` : `${Math.floor(m / 60)}h ${m % 60}m ${rest}s`;
    }
    case 'percent':
      return `${d.toDecimalPlaces(4).toFixed()}%`;
    case 'quantity':
      return d.toDecimalPlaces(8).toFixed();
    default:
      return d.toFixed();
  }
}

/** A metric value as `--json` results carry it: exact in its canonical unit, and rounded as reported. */
export interface MetricFigure {
  /** Unit of the exact value: the reporting currency, ms, %, the base asset, or count. */
  unit: string;
  /** The value rounded the way its figure is reported, and that value's unit. */
  rounded: { value: string; unit: string };
}

/**
 * How a metric value is reported: money to the currency's minor unit (half-even), durations to
 * whole seconds (exact in ms), percentages to 4 places, quantities to 8 places in the base asset
 * (`baseAsset`, else "units"), counts as they are.
 */
export function metricFigure(metric: string, value: string, currency: string, baseAsset?: string): MetricFigure {
  const d = dec(value);
  switch (metricInfo(metric)?.unit) {
    case 'money':
      return { unit: currency, rounded: { value: fixed(d, minorUnits(currency)), unit: currency } };
    case 'duration':
      return { unit: 'ms', rounded: { value: fixed(d.div(1000), 0), unit: 's' } };
    case 'percent':
      return { unit: '%', rounded: { value: fixed(d, 4), unit: '%' } };
    case 'quantity':
      return { unit: baseAsset ?? 'units', rounded: { value: fixed(d, 8), unit: baseAsset ?? 'units' } };
    default:
      return { unit: 'count', rounded: { value: d.toFixed(), unit: 'count' } };
  }
}

/** Metric values of a run, canonical units, as decimal strings. Missing = not measurable in this run. */
export type MetricValues = Record<string, string | undefined>;

function compare(a: Dec, op: ThresholdModel['op'], b: Dec): boolean {
  switch (op) {
    case '<=':
      return a.lte(b);
    case '>=':
      return a.gte(b);
    case '<':
      return a.lt(b);
    case '>':
      return a.gt(b);
    case '==':
      return a.eq(b);
    case '!=':
      return !a.eq(b);
  }
}

export function evaluateThresholds(thresholds: readonly ThresholdModel[], values: MetricValues, currency = ''): ThresholdVerdict[] {
  return thresholds.map((t) => {
    const actual = values[t.metric];
    const limitDisplay = displayMetric(t.metric, t.value, currency);
    const base = { name: t.name, metric: t.metric, op: t.op, limit: t.value, ...(t.unit === undefined ? {} : { unit: t.unit }), abortOnFail: t.abortOnFail, limitDisplay };
    if (actual === undefined) {
      // A metric that cannot be measured in this run is a failure, never a silent pass.
      return { ...base, status: 'FAIL' as const, detail: `${t.metric} was not measured in this run (no data for it)`, actualDisplay: 'not measured' };
    }
    const ok = compare(dec(actual), t.op, dec(t.value));
    const actualDisplay = displayMetric(t.metric, actual, currency);
    return { ...base, actual, actualDisplay, status: ok ? ('PASS' as const) : ('FAIL' as const), detail: `${t.metric} = ${actualDisplay} ${ok ? 'satisfies' : 'violates'} ${t.op} ${limitDisplay}` };
  });
}
