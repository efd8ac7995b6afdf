/**
 * The operational-resilience CSVs (docs/resilience.md §5): every verdict recomputable from them.
 * - tolerances.csv: one row per tolerance of each critical operation: limit, measured, WITHIN /
 *   BREACHED, when and by how much, beside the monitor's view;
 * - service_windows.csv: per operation and window, arrivals and transactions served (the service
 *   level and the disrupted windows are recomputed from these counts);
 * - affected_items.csv: every transaction not served within the service time (customers, value,
 *   data loss and the breach instants are recomputed from these rows);
 * - regimes.csv: what each switched-on regime tests, the measured value and the result.
 */
import { dec, minorUnits, plain } from '../finance/decimal.js';
import type { Evaluation } from '../finance/evaluate/evaluate-run.js';
import { DATA_LOSS_OUTCOMES } from '../finance/evaluate/service-items.js';
import type { ToleranceVerdict } from '../finance/resilience/index.js';
import { decimalText, isoUtc, money, places } from './format.js';
import { streamedTable, table, type Table } from './table.js';

/** A canonical measure value (ms, count, percent, reporting amount) as a CSV cell: seconds, count, percent at 4 dp, money at minor units. */
export function measureCell(unit: ToleranceVerdict['unit'], value: string, ccy: string): string {
  if (value === '') return '';
  switch (unit) {
    case 'duration':
      return plain(dec(value).div(1000));
    case 'percent':
      return decimalText(value, 4);
    case 'money':
      return decimalText(value, minorUnits(ccy));
    case 'count':
      return value;
  }
}

/** The unit column of tolerances.csv. */
export function measureUnit(unit: ToleranceVerdict['unit'], ccy: string): string {
  return unit === 'duration' ? 's' : unit === 'percent' ? '%' : unit === 'money' ? ccy : 'count';
}

export function tolerancesTable(ev: Evaluation): Table {
  const ccy = ev.reportingCcy;
  const columns = [
    'run_id', 'operation_id', 'operation_title', 'tolerance', 'metric', 'unit', 'limit', 'measured', 'verdict', 'breached_at_utc', 'excess',
    'service_within_s', 'min_service_within_s', 'window_s', 'longest_disruption_start_utc', 'longest_disruption_end_utc', 'first_affected_utc', 'firm_detected_utc', 'firm_detected_by', 'firm_resolved_utc', 'derived',
  ];
  const rows: Record<string, string>[] = [];
  for (const o of ev.resilience.operations) {
    const e = o.measures.longestEpisode;
    const firstAffected = o.measures.affected.reduce<number | undefined>((m, a) => (m === undefined || a.item.arrivedAt < m ? a.item.arrivedAt : m), undefined);
    for (const v of o.verdicts) {
      rows.push({
        run_id: ev.runId, operation_id: o.op.id, operation_title: o.op.title, tolerance: v.kind, metric: `operation.${o.op.id}.${v.measure}`, unit: measureUnit(v.unit, ccy),
        limit: measureCell(v.unit, v.limit, ccy), measured: measureCell(v.unit, v.measured, ccy), verdict: v.verdict, breached_at_utc: isoUtc(v.breachedAtMs),
        excess: measureCell(v.unit, v.excess, ccy), service_within_s: String(o.op.service.withinMs / 1000), min_service_within_s: v.withinMs === undefined ? '' : String(v.withinMs / 1000),
        window_s: String(o.op.service.windowMs / 1000), longest_disruption_start_utc: isoUtc(e?.startMs), longest_disruption_end_utc: isoUtc(e?.endMs),
        first_affected_utc: isoUtc(firstAffected), firm_detected_utc: isoUtc(o.monitor.detectedAtMs), firm_detected_by: o.monitor.detectedBy ?? '',
        firm_resolved_utc: isoUtc(o.monitor.resolvedAtMs), derived: String(o.op.derived),
      });
    }
  }
  return table('tolerances', columns, rows);
}

export function serviceWindowsTable(ev: Evaluation): Table {
  const columns = ['run_id', 'operation_id', 'window_start_utc', 'window_end_utc', 'arrived', 'served_within', 'service_level_pct', 'disrupted_below_pct', 'disrupted', 'served_within_min', 'min_service_level_pct'];
  const count = ev.resilience.operations.reduce((n, o) => n + o.measures.windows.length, 0);
  return streamedTable('service_windows', columns, count, function* () {
    for (const o of ev.resilience.operations) {
      for (const w of o.measures.windows) {
        yield [
          ev.runId, o.op.id, isoUtc(w.startMs), isoUtc(w.endMs), String(w.arrived), String(w.served), w.levelPct === undefined ? '' : places(w.levelPct, 4),
          String(o.op.service.disruptedBelowPct), String(w.disrupted), String(w.servedMin), w.levelMinPct === undefined ? '' : places(w.levelMinPct, 4),
        ];
      }
    }
  });
}

export function affectedItemsTable(ev: Evaluation): Table {
  const ccy = ev.reportingCcy;
  const columns = ['run_id', 'operation_id', 'flow', 'item_id', 'customer_id', 'provider', 'arrived_utc', 'answered_utc', 'wait_ms', 'outcome', 'late', 'data_loss', 'value_reporting', 'reporting_ccy'];
  const count = ev.resilience.operations.reduce((n, o) => n + o.measures.affected.length, 0);
  return streamedTable('affected_items', columns, count, function* () {
    for (const o of ev.resilience.operations) {
      for (const a of o.measures.affected) {
        const i = a.item;
        yield [
          ev.runId, o.op.id, i.flow, i.id, i.customer ?? '', i.provider ?? '', isoUtc(i.arrivedAt), isoUtc(i.answeredAt), String(a.waitMs), i.outcome, String(a.late),
          String(DATA_LOSS_OUTCOMES.has(i.outcome)), i.customer === undefined ? '' : money(i.value, ccy), ccy,
        ];
      }
    }
  });
}

export function regimesTable(ev: Evaluation): Table {
  const columns = ['run_id', 'regime', 'operation_id', 'criterion', 'threshold', 'measured', 'result', 'at_utc', 'source_url', 'confidence'];
  const rows = ev.resilience.regimes.findings.map((f) => ({
    run_id: ev.runId, regime: f.regime, operation_id: f.operationId, criterion: f.criterion, threshold: f.threshold, measured: f.measured, result: f.result,
    at_utc: isoUtc(f.atMs), source_url: f.source, confidence: f.confidence,
  }));
  return table('regimes', columns, rows);
}
