/**
 * `faultline compare`: a side-by-side of two runs from their summary.json — headline figures,
 * attribution components, thresholds and self-checks — with deltas (B − A). Pure: the command reads
 * the files and writes comparison.md and comparison.csv.
 */
import { dec, plain } from '../finance/decimal.js';
import { csvLine } from './csv-line.js';
import { mdCell, mdCode, mdText } from './safe-text.js';

/** The parts of summary.json (render-json.ts) a comparison reads. */
export interface SummaryDoc {
  runId: string;
  scenarioId: string;
  title?: string;
  mode?: string;
  seed?: number;
  verdict: string;
  incomplete?: boolean;
  reportingCurrency: string;
  headline: Record<string, string | undefined>;
  attribution: { component: string; instrument: string; impact: string; currency: string }[];
  thresholds: { name: string; status: string; actual: string | null; limit?: string; unit?: string | null }[];
  selfChecks: { id: string; title: string; status: string }[];
}

export interface CompareRow {
  section: 'run' | 'headline' | 'attribution' | 'threshold' | 'selfcheck';
  item: string;
  a: string;
  b: string;
  /** B − A for numbers; "changed" / "" for statuses and text. */
  delta: string;
}

export interface Comparison {
  a: SummaryDoc;
  b: SummaryDoc;
  labelA: string;
  labelB: string;
  rows: CompareRow[];
}

const NUMBER = /^-?\d+(\.\d+)?$/;

export function numericDelta(a: string, b: string): string {
  if (!NUMBER.test(a) || !NUMBER.test(b)) return a === b ? '' : 'changed';
  return plain(dec(b).minus(dec(a)));
}

/** Headline fields that identify a run rather than measure it. */
const IDENTITY = new Set(['run_id', 'scenario_id', 'seed', 'started_at_utc', 'ended_at_utc', 'reporting_ccy', 'cost_method']);

function union(a: readonly string[], b: readonly string[]): string[] {
  const out = [...a];
  for (const x of b) if (!out.includes(x)) out.push(x);
  return out;
}

export function compareSummaries(a: SummaryDoc, b: SummaryDoc, labelA = `${a.scenarioId}/${a.runId}`, labelB = `${b.scenarioId}/${b.runId}`): Comparison {
  const rows: CompareRow[] = [];
  const text = (section: CompareRow['section'], item: string, x: string, y: string): void => {
    rows.push({ section, item, a: x, b: y, delta: x === y ? '' : 'changed' });
  };
  text('run', 'scenario', a.scenarioId, b.scenarioId);
  text('run', 'run id', a.runId, b.runId);
  text('run', 'verdict', a.verdict, b.verdict);
  text('run', 'reporting currency', a.reportingCurrency, b.reportingCurrency);
  text('run', 'incomplete', String(a.incomplete ?? false), String(b.incomplete ?? false));
  for (const key of union(Object.keys(a.headline), Object.keys(b.headline))) {
    if (IDENTITY.has(key)) continue;
    const x = a.headline[key] ?? '';
    const y = b.headline[key] ?? '';
    if (x === '' && y === '') continue;
    rows.push({ section: 'headline', item: key, a: x, b: y, delta: numericDelta(x, y) });
  }
  const attrKey = (l: SummaryDoc['attribution'][number]): string => `${l.component}${l.instrument === '' ? '' : ` ${l.instrument}`}`;
  const attrA = new Map(a.attribution.map((l) => [attrKey(l), l.impact]));
  const attrB = new Map(b.attribution.map((l) => [attrKey(l), l.impact]));
  for (const key of union([...attrA.keys()], [...attrB.keys()])) {
    const x = attrA.get(key) ?? '0';
    const y = attrB.get(key) ?? '0';
    rows.push({ section: 'attribution', item: key, a: x, b: y, delta: numericDelta(x, y) });
  }
  const thA = new Map(a.thresholds.map((t) => [t.name, t]));
  const thB = new Map(b.thresholds.map((t) => [t.name, t]));
  for (const name of union([...thA.keys()], [...thB.keys()])) {
    const x = thA.get(name);
    const y = thB.get(name);
    const show = (t: typeof x): string => (t === undefined ? '—' : `${t.status} (${t.actual ?? 'n/a'})`);
    const delta = x?.actual != null && y?.actual != null ? numericDelta(x.actual, y.actual) : x?.status === y?.status ? '' : 'changed';
    rows.push({ section: 'threshold', item: name, a: show(x), b: show(y), delta: x?.status !== y?.status ? `${x?.status ?? '—'} → ${y?.status ?? '—'}${delta === '' || delta === 'changed' ? '' : `; ${delta}`}` : delta });
  }
  const scA = new Map(a.selfChecks.map((c) => [c.id, c]));
  const scB = new Map(b.selfChecks.map((c) => [c.id, c]));
  for (const id of union([...scA.keys()], [...scB.keys()])) {
    const x = scA.get(id)?.status ?? '—';
    const y = scB.get(id)?.status ?? '—';
    rows.push({ section: 'selfcheck', item: `${id}: ${scA.get(id)?.title ?? scB.get(id)?.title ?? ''}`, a: x, b: y, delta: x === y ? '' : `${x} → ${y}` });
  }
  return { a, b, labelA, labelB, rows };
}

const cell = mdCell;

const SECTION_TITLE: Record<CompareRow['section'], string> = {
  run: 'Runs',
  headline: 'Headline figures (drill_summary.csv)',
  attribution: 'P&L attribution (impact, reporting currency)',
  threshold: 'Thresholds (status and actual value)',
  selfcheck: 'Self-checks',
};

export function renderComparisonMarkdown(c: Comparison): string {
  // Everything here comes from two summary.json files, which anyone could have written: all of it
  // goes through safe-text.ts.
  const out = [`# Comparison: ${mdText(c.labelA)} vs ${mdText(c.labelB)}`, ''];
  out.push(`A = ${mdCode(c.labelA)} (${mdText(c.a.title ?? c.a.scenarioId)}), B = ${mdCode(c.labelB)} (${mdText(c.b.title ?? c.b.scenarioId)}). Deltas are B − A in each figure's own unit; amounts are in the runs' reporting currency${c.a.reportingCurrency === c.b.reportingCurrency ? ` (${mdText(c.a.reportingCurrency)})` : ` (A: ${mdText(c.a.reportingCurrency)}, B: ${mdText(c.b.reportingCurrency)} — not comparable as amounts)`}.`);
  for (const section of ['run', 'headline', 'attribution', 'threshold', 'selfcheck'] as const) {
    const rows = c.rows.filter((r) => r.section === section);
    if (rows.length === 0) continue;
    out.push('', `## ${SECTION_TITLE[section]}`, '', '| Item | A | B | Δ (B − A) |', '|---|---:|---:|---:|');
    for (const r of rows) out.push(`| ${cell(r.item)} | ${cell(r.a)} | ${cell(r.b)} | ${cell(r.delta)} |`);
  }
  out.push('');
  return out.join('\n');
}

export function renderComparisonCsv(c: Comparison): string {
  const lines = [csvLine(['section', 'item', 'a', 'b', 'delta'])];
  for (const r of c.rows) lines.push(csvLine([r.section, r.item, r.a, r.b, r.delta]));
  return lines.join('');
}
