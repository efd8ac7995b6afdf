/** All report files of a run, rendered from its evaluation (pure: no I/O, no wall clock). */
import type { RunEvent } from '../engine/events.js';
import { JOURNAL_FORMAT_VERSION } from '../engine/events.js';
import type { Evaluation } from '../finance/evaluate/evaluate-run.js';
import { renderCsv, writeCsv } from '../report/render-csv.js';
import { renderSummaryJson } from '../report/render-json.js';
import { renderJunit } from '../report/render-junit.js';
import { renderSummaryMarkdown } from '../report/render-markdown.js';
import { renderResilienceMarkdown } from '../report/render-resilience.js';
import type { ClockInfo, RunInfo } from '../report/run-info.js';
import { buildTables, type Table } from '../report/tables.js';
import { renderCharts } from '../report/charts/index.js';

export interface RenderedFile {
  name: string;
  content: string;
  /** The same bytes as `content`, line by line (the run folder writes big tables this way). */
  writeTo?(write: (chunk: string) => void): void;
}

/** The journal's first line (docs/journal.md). A live clock's speed is kept there, so `report` re-renders it. */
export function journalHeader(ev: Pick<Evaluation, 'runId' | 'seed' | 'mode' | 'scenario'>, info: Pick<RunInfo, 'version'> & Partial<ClockInfo>): string {
  const clock = info.clock === 'live' ? { clock: 'live', speed: info.speed, ...(info.autoSpeed === undefined ? {} : { autoSpeed: info.autoSpeed }) } : {};
  return JSON.stringify({ format: 'faultline-journal', version: JOURNAL_FORMAT_VERSION, runId: ev.runId, scenarioId: ev.scenario.id, faultlineVersion: info.version, seed: ev.seed, mode: ev.mode, ...clock });
}

/** journal.jsonl: a header line, then one event per line in emission order (docs/journal.md). */
export function renderJournal(ev: Pick<Evaluation, 'runId' | 'seed' | 'mode' | 'scenario'>, info: Pick<RunInfo, 'version'> & Partial<ClockInfo>, events: readonly RunEvent[]): string {
  const lines = [journalHeader(ev, info)];
  for (const e of events) lines.push(JSON.stringify(e));
  return `${lines.join('\n')}\n`;
}

/**
 * The report files. Each CSV is rendered when its `content` is first read (the run folder writes
 * them one at a time), so a long drill's big tables are never all in memory at once.
 */
export function renderReportFiles(ev: Evaluation, info: RunInfo): RenderedFile[] {
  const tables = buildTables(ev);
  const charts = renderCharts(ev);
  return [
    { name: 'summary.md', content: renderSummaryMarkdown(ev, info, tables, charts) },
    { name: 'resilience.md', content: renderResilienceMarkdown(ev, info) },
    { name: 'summary.json', content: renderSummaryJson(ev, info, tables) },
    { name: 'junit.xml', content: renderJunit(ev) },
    ...tables.map((t) => csvFile(t)),
    ...charts.map((c) => ({ name: c.name, content: c.content })),
  ];
}

/** Rendered on every read, never kept: pure, so a second read gives the same bytes. */
function csvFile(table: Table): RenderedFile {
  return {
    name: `${table.name}.csv`,
    get content() {
      return renderCsv(table);
    },
    writeTo(write) {
      writeCsv(table, write);
    },
  };
}
