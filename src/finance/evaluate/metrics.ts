/**
 * Threshold verdicts: the metric catalogue (scenario/metrics.ts) evaluated against a run, compared
 * in decimal. Durations are compared in ms, money in the reporting currency.
 */
import type { ThresholdModel } from '../../scenario/model.js';
import { METRICS } from '../../scenario/metrics.js';
import { dec, type Dec } from '../decimal.js';

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

export function evaluateThresholds(thresholds: readonly ThresholdModel[], values: MetricValues): ThresholdVerdict[] {
  return thresholds.map((t) => {
    const actual = values[t.metric];
    const unit = METRICS[t.metric]?.unit;
    const base = { name: t.name, metric: t.metric, op: t.op, limit: t.value, ...(t.unit === undefined ? {} : { unit: t.unit }), abortOnFail: t.abortOnFail };
    if (actual === undefined) {
      // A metric that cannot be measured in this run is a failure, never a silent pass.
      return { ...base, status: 'FAIL' as const, detail: `${t.metric} was not measured in this run (no data for it)` };
    }
    const ok = compare(dec(actual), t.op, dec(t.value));
    return { ...base, actual, status: ok ? ('PASS' as const) : ('FAIL' as const), detail: `${t.metric} = ${actual}${unit === 'duration' ? ' ms' : ''} ${ok ? 'satisfies' : 'violates'} ${t.op} ${t.value}` };
  });
}
