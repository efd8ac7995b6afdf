/**
 * `--json`: NDJSON on stdout, one JSON object per line (docs/ci.md):
 *   {"kind":"event","scenario":"<id>","event":<RunEvent as in journal.jsonl>}   for every event
 *   {"kind":"result","scenario":"<id>",...}                                     last line per drill
 * The RunEvent objects are exactly the journal's lines (docs/journal.md), both replays.
 */
import type { RunEvent } from '../../engine/events.js';
import type { EventSink } from '../../engine/ports.js';
import { plain } from '../../finance/decimal.js';
import { metricFigure, type MetricFigure } from '../../finance/evaluate/metrics.js';
import type { RunScenarioResult } from '../../run/run-scenario.js';

export function createNdjsonReporter(write: (line: string) => void, scenarioId: string): EventSink {
  const prefix = `{"kind":"event","scenario":${JSON.stringify(scenarioId)},"event":`;
  return { emit: (e: RunEvent) => write(`${prefix}${JSON.stringify(e)}}\n`) };
}

/** The result line printed after a drill's events. */
export function jsonResultLine(r: RunScenarioResult): string {
  return `${JSON.stringify(jsonResult(r))}\n`;
}

/** A threshold in the result line: exact values in the metric's canonical unit, rounded values and text beside them. */
export interface JsonThreshold {
  name: string;
  metric: string;
  status: string;
  /** Exact, in `unit`; null when the run could not measure the metric. */
  actual: string | null;
  limit: string;
  /** Unit of `actual` and `limit`: the reporting currency, ms, %, the base asset, or count. */
  unit: string;
  /** Both rounded as the report rounds them (money to the cent, durations to whole seconds), in `rounded.unit`. */
  rounded: { actual: string | null; limit: string; unit: string };
  /** As people read them ("-4692.02 AUD", "4m 32s"). */
  text: { actual: string; limit: string };
}

export interface JsonResult {
  kind: 'result';
  scenario: string;
  runId: string;
  dir: string;
  verdict: 'PASS' | 'FAIL';
  incomplete: boolean;
  incompleteReason: string | null;
  /** Exact, in `currency`. */
  incidentPnl: string;
  /** Rounded to the currency's minor unit (half-even), as the report prints it. */
  incidentPnlRounded: string;
  currency: string;
  thresholds: JsonThreshold[];
  selfChecks: { id: string; status: string }[];
}

export function jsonResult(r: RunScenarioResult): JsonResult {
  const ev = r.evaluation;
  const ccy = ev.reportingCcy;
  const hedged = r.scenario.hedging === undefined ? undefined : r.scenario.market.instruments.find((i) => i.symbol === r.scenario.hedging!.instrument);
  const figure = (metric: string, value: string): MetricFigure => metricFigure(metric, value, ccy, hedged?.base);
  const pnl = plain(ev.attribution.incidentTotal);
  return {
    kind: 'result',
    scenario: r.scenario.id,
    runId: ev.runId,
    dir: r.dir,
    verdict: ev.verdict,
    incomplete: ev.incomplete,
    incompleteReason: ev.incompleteReason ?? null,
    incidentPnl: pnl,
    incidentPnlRounded: figure('pnl.total', pnl).rounded.value,
    currency: ccy,
    thresholds: ev.thresholds.map((t) => {
      const limit = figure(t.metric, t.limit);
      return {
        name: t.name,
        metric: t.metric,
        status: t.status,
        actual: t.actual ?? null,
        limit: t.limit,
        unit: limit.unit,
        rounded: { actual: t.actual === undefined ? null : figure(t.metric, t.actual).rounded.value, limit: limit.rounded.value, unit: limit.rounded.unit },
        text: { actual: t.actualDisplay, limit: t.limitDisplay },
      };
    }),
    selfChecks: ev.selfChecks.map((c) => ({ id: c.id, status: c.status })),
  };
}
