/**
 * `--json`: NDJSON on stdout, one JSON object per line (docs/ci.md):
 *   {"kind":"event","scenario":"<id>","event":<RunEvent as in journal.jsonl>}   for every event
 *   {"kind":"result","scenario":"<id>",...}                                     last line per drill
 * The RunEvent objects are exactly the journal's lines (docs/journal.md), both replays.
 */
import type { RunEvent } from '../../engine/events.js';
import type { EventSink } from '../../engine/ports.js';
import type { RunScenarioResult } from '../../run/run-scenario.js';

export function createNdjsonReporter(write: (line: string) => void, scenarioId: string): EventSink {
  const prefix = `{"kind":"event","scenario":${JSON.stringify(scenarioId)},"event":`;
  return { emit: (e: RunEvent) => write(`${prefix}${JSON.stringify(e)}}\n`) };
}

/** The result line printed after a drill's events. */
export function jsonResultLine(r: RunScenarioResult): string {
  return `${JSON.stringify(jsonResult(r))}\n`;
}

export interface JsonResult {
  kind: 'result';
  scenario: string;
  runId: string;
  dir: string;
  verdict: 'PASS' | 'FAIL';
  incomplete: boolean;
  incompleteReason: string | null;
  incidentPnl: string | undefined;
  currency: string;
  thresholds: { name: string; metric: string; status: string; actual: string | null; limit: string }[];
  selfChecks: { id: string; status: string }[];
}

export function jsonResult(r: RunScenarioResult): JsonResult {
  const ev = r.evaluation;
  return {
    kind: 'result',
    scenario: r.scenario.id,
    runId: ev.runId,
    dir: r.dir,
    verdict: ev.verdict,
    incomplete: ev.incomplete,
    incompleteReason: ev.incompleteReason ?? null,
    incidentPnl: ev.metrics['pnl.total'],
    currency: ev.reportingCcy,
    thresholds: ev.thresholds.map((t) => ({ name: t.name, metric: t.metric, status: t.status, actual: t.actual ?? null, limit: t.limit })),
    selfChecks: ev.selfChecks.map((c) => ({ id: c.id, status: c.status })),
  };
}
