/**
 * Threshold syntax: `"<metric> <op> <value> [unit]"` or `{ metric, op, value, name?, abort_on_fail? }`.
 * Values are business units: money with its currency ("-50k AUD"), durations with a unit ("5m"),
 * counts as plain numbers. Shared by the cross-field rules (which report problems) and the
 * compiler (which assumes a valid scenario).
 */
import type { z } from 'zod';
import { parseDuration } from './duration.js';
import { expandSuffixedNumber } from './decimal-text.js';
import { metricInfo, parseOperationMetric, type MetricUnit } from './metrics.js';
import type { OperationModel, OperationTolerancesModel, ThresholdModel, ThresholdOp } from './model.js';
import { THRESHOLD_PATTERN, type ThresholdSpec } from './schema.js';

/** A threshold as written, split into its parts but not yet checked against the catalogue. */
export interface ThresholdParts {
  name: string;
  metric: string;
  op: ThresholdOp;
  /** The value text as written, without the unit ("-50k", "5m", "3"). */
  valueText: string;
  unit?: string;
  abortOnFail: boolean;
}

const VALUE_AND_UNIT = /^\s*(-?\d+(?:\.\d+)?[kmb]?|tolerance)\s*([A-Za-z%]+)?\s*$/i;

/** Split a threshold (either form) into parts; undefined when the string form does not match. */
export function splitThreshold(spec: z.output<typeof ThresholdSpec>): ThresholdParts | undefined {
  if (typeof spec === 'string') {
    const match = THRESHOLD_PATTERN.exec(spec);
    if (!match) return undefined;
    const [, metric = '', , op = '', valueText = '', , unit] = match;
    return { name: spec.trim(), metric, op: op as ThresholdOp, valueText, ...(unit ? { unit } : {}), abortOnFail: false };
  }
  const raw = typeof spec.value === 'number' ? String(spec.value) : spec.value;
  const match = VALUE_AND_UNIT.exec(raw);
  const valueText = match?.[1] ?? raw.trim();
  const unit = match?.[2];
  return {
    name: spec.name ?? `${spec.metric} ${spec.op} ${raw}`.trim(),
    metric: spec.metric,
    op: spec.op,
    valueText,
    ...(unit ? { unit } : {}),
    abortOnFail: spec.abort_on_fail,
  };
}

/** The canonical value of a threshold, or why it cannot be computed. */
export type ThresholdValue = { ok: true; value: string } | { ok: false; message: string; hint: string };

/**
 * `value: tolerance`: the canonical value of an operation's own tolerance for an operation metric
 * (`undefined` when the operation has no such tolerance, `null` when there is no such operation).
 */
export type ToleranceLookup = (operation: string, measure: string) => string | undefined | null;

/** The canonical value of one tolerance for a measure (ms, count, percent, reporting-currency amount). */
export function toleranceValue(measure: string, t: OperationTolerancesModel): string | undefined {
  switch (parseOperationMetric(`operation.x.${measure}`)?.info.tolerance) {
    case 'maxDisruptionMs':
      return t.maxDisruptionMs === undefined ? undefined : String(t.maxDisruptionMs);
    case 'maxDataLoss':
      return t.maxDataLoss === undefined ? undefined : String(t.maxDataLoss);
    case 'minServiceLevel':
      return t.minServiceLevel === undefined ? undefined : String(t.minServiceLevel.servedPct);
    case 'maxCustomersAffected':
      return t.maxCustomersAffected === undefined ? undefined : String(t.maxCustomersAffected);
    case 'maxValueAffected':
      return t.maxValueAffected;
    default:
      return undefined;
  }
}

/** The tolerance lookup of compiled operations. */
export function operationTolerance(operations: readonly OperationModel[]): ToleranceLookup {
  return (operation, measure) => {
    const op = operations.find((o) => o.id === operation);
    return op === undefined ? null : toleranceValue(measure, op.tolerances);
  };
}

function fromTolerance(parts: ThresholdParts, tolerance: ToleranceLookup | undefined): ThresholdValue {
  const op = parseOperationMetric(parts.metric);
  if (op === undefined) {
    return { ok: false, message: `"tolerance" stands for a critical operation's own tolerance, and "${parts.metric}" is not an operation metric`, hint: 'use it with operation.<id>.<measure>, e.g. "operation.card-payments.disruption <= tolerance", or give a number' };
  }
  if (parts.unit !== undefined) return { ok: false, message: `"tolerance" takes no unit (it is in the tolerance's own unit), got "${parts.unit}"`, hint: `write "${parts.metric} ${parts.op} tolerance"` };
  const value = tolerance?.(op.operation, op.measure);
  if (value === null) return { ok: false, message: `no critical operation "${op.operation}"`, hint: 'operations are declared under `operations:`' };
  if (value === undefined) {
    const key = op.info.tolerance === undefined ? undefined : TOLERANCE_KEYS[op.info.tolerance];
    return {
      ok: false,
      message: key === undefined ? `"${op.measure}" has no tolerance to compare with` : `operation "${op.operation}" sets no ${key} tolerance`,
      hint: key === undefined ? `give a number, e.g. "${parts.metric} ${parts.op} 0"` : `add tolerances.${key} to operations.${op.operation}, or give a number`,
    };
  }
  return { ok: true, value };
}

const TOLERANCE_KEYS: Record<NonNullable<ReturnType<typeof parseOperationMetric>>['info']['tolerance'] & string, string> = {
  maxDisruptionMs: 'max_disruption',
  maxDataLoss: 'max_data_loss',
  minServiceLevel: 'min_service_level',
  maxCustomersAffected: 'max_customers_affected',
  maxValueAffected: 'max_value_affected',
};

const DURATION_UNITS = ['ms', 's', 'm', 'h'];

/**
 * Check a threshold's value and unit against its metric's unit and compute the canonical value:
 * money → decimal string in `reportingCurrency`; duration → milliseconds; others → plain number.
 */
export function thresholdValue(parts: ThresholdParts, reportingCurrency: string, tolerance?: ToleranceLookup): ThresholdValue {
  const info = metricInfo(parts.metric);
  if (info === undefined) {
    return { ok: false, message: `unknown metric "${parts.metric}"`, hint: 'see the metric catalogue in docs/scenarios.md' };
  }
  if (parts.valueText.toLowerCase() === 'tolerance') return fromTolerance(parts, tolerance);
  return valueFor(info.unit, parts, reportingCurrency);
}

function valueFor(unit: MetricUnit, parts: ThresholdParts, reportingCurrency: string): ThresholdValue {
  const { metric, valueText } = parts;
  switch (unit) {
    case 'duration': {
      // "5m" reaches us as value "5m" (m read as million by the pattern) or as "5" + unit "m".
      const text = `${valueText}${parts.unit ?? ''}`;
      if (/^-/.test(text)) return { ok: false, message: `"${metric}" is a duration and cannot be negative`, hint: `write e.g. "${metric} <= 5m"` };
      const ms = parseDuration(text);
      if (ms === undefined || (parts.unit !== undefined && !DURATION_UNITS.includes(parts.unit))) {
        return {
          ok: false,
          message: `"${metric}" is a duration; "${text}" is not one`,
          hint: `give a unit: ms, s, m or h, e.g. "${metric} <= 5m" or "${metric} <= 300s"`,
        };
      }
      return { ok: true, value: String(ms) };
    }
    case 'money': {
      const value = expandSuffixedNumber(valueText);
      if (value === undefined) return { ok: false, message: `"${valueText}" is not an amount`, hint: `write e.g. "${metric} >= -50000 ${reportingCurrency}" or "-50k ${reportingCurrency}"` };
      if (parts.unit === undefined) {
        return { ok: false, message: `"${metric}" is an amount of money and needs a currency`, hint: `add the reporting currency: "${metric} ${parts.op} ${valueText} ${reportingCurrency}"` };
      }
      if (parts.unit !== reportingCurrency) {
        return {
          ok: false,
          message: `"${metric}" is measured in the reporting currency ${reportingCurrency}, not ${parts.unit}`,
          hint: `convert the limit to ${reportingCurrency}, or set reporting.currency: ${parts.unit}`,
        };
      }
      return { ok: true, value };
    }
    case 'count':
    case 'quantity':
    case 'percent': {
      const value = expandSuffixedNumber(valueText);
      if (value === undefined) return { ok: false, message: `"${valueText}" is not a number`, hint: `write e.g. "${metric} <= 0"` };
      const unitOk = parts.unit === undefined || (unit === 'percent' && parts.unit === '%') || (unit === 'quantity' && /^[A-Z][A-Z0-9]{2,9}$/.test(parts.unit));
      if (!unitOk) {
        const expected = unit === 'count' ? 'a count with no unit' : unit === 'percent' ? 'a percentage (no unit or "%")' : 'a quantity in base units (no unit, or the base currency)';
        return { ok: false, message: `"${metric}" is ${expected}, so "${parts.unit}" does not fit`, hint: `write "${metric} ${parts.op} ${valueText}"` };
      }
      return { ok: true, value };
    }
  }
}

/** Compile one threshold; throws on an invalid threshold (validate first). */
export function compileThreshold(spec: z.output<typeof ThresholdSpec>, index: number, reportingCurrency: string, tolerance?: ToleranceLookup): ThresholdModel {
  const parts = splitThreshold(spec);
  if (parts === undefined) throw new RangeError(`thresholds[${index}]: not a threshold: ${String(spec)}`);
  const value = thresholdValue(parts, reportingCurrency, tolerance);
  if (!value.ok) throw new RangeError(`thresholds[${index}]: ${value.message}`);
  return {
    name: parts.name,
    metric: parts.metric,
    op: parts.op,
    value: value.value,
    ...(parts.unit === undefined ? {} : { unit: parts.unit }),
    abortOnFail: parts.abortOnFail,
    index,
  };
}
