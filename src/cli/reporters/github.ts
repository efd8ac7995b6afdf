/**
 * GitHub Actions conventions (docs/ci.md): when `GITHUB_ACTIONS=true`, every failed threshold and
 * self-check becomes an annotation on the scenario file (`::error file=…,line=…::`, on the
 * threshold's line), and the verdict and incident P&L are appended to `$GITHUB_OUTPUT` for later
 * steps. Rendering is pure; `run` does the writing.
 *
 * Annotations go to stderr with the other lines for people: the runner reads workflow commands
 * from both streams, and stdout carries results (report folders, NDJSON).
 */
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { fixed, minorUnits, plain, ZERO } from '../../finance/decimal.js';
import { terminalText } from '../../report/safe-text.js';
import type { RunScenarioResult } from '../../run/run-scenario.js';

/** Whether this process runs as a GitHub Actions step. */
export function underGithubActions(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.GITHUB_ACTIONS === 'true';
}

/**
 * A scenario path as CI tools resolve it: relative to the repository checkout (`$GITHUB_WORKSPACE`)
 * when the file is inside it, else to the working directory; always with forward slashes.
 */
export function ciPath(file: string, env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  const absolute = path.resolve(cwd, file);
  const workspace = env.GITHUB_WORKSPACE;
  const inWorkspace = workspace !== undefined && workspace !== '' && !path.relative(workspace, absolute).startsWith('..') && !path.isAbsolute(path.relative(workspace, absolute));
  const relative = path.relative(inWorkspace ? workspace : cwd, absolute);
  return (relative.startsWith('..') || path.isAbsolute(relative) ? absolute : relative).split(path.sep).join('/');
}

// Workflow-command escaping, as @actions/core does it: data escapes % CR LF; properties also : and ,.
// Scenario text is made visible first (no escape sequence reaches the log; report/safe-text.ts).
function escapeData(s: string): string {
  return terminalText(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Which failures count toward exit code 1 (`--fail-on`): those are errors, the others warnings. */
export interface CountedFailures {
  thresholds: boolean;
  selfChecks: boolean;
}

/**
 * One workflow command per failed threshold, self-check and incomplete run of a drill. `file` is
 * the scenario path from {@link ciPath}.
 */
export function githubAnnotations(r: RunScenarioResult, file: string, counted: CountedFailures = { thresholds: true, selfChecks: true }): string[] {
  const ev = r.evaluation;
  const id = r.scenario.id;
  const command = (error: boolean, props: Record<string, string | number | undefined>, message: string): string => {
    const p = Object.entries(props).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
    return `::${error ? 'error' : 'warning'} ${p}::${escapeData(message)}`;
  };
  const lines: string[] = [];
  ev.thresholds.forEach((t, i) => {
    if (t.status !== 'FAIL') return;
    lines.push(command(counted.thresholds, { file, line: r.scenario.thresholds[i]?.line, title: `faultline ${id}: threshold ${t.name} failed` }, t.detail));
  });
  for (const c of ev.selfChecks) {
    if (c.status === 'FAIL') lines.push(command(counted.selfChecks, { file, title: `faultline ${id}: self-check ${c.id} failed` }, `${c.title}: ${c.detail}`));
  }
  if (ev.incomplete) lines.push(command(counted.selfChecks, { file, title: `faultline ${id}: drill incomplete` }, ev.incompleteReason ?? 'the drill did not complete'));
  return lines;
}

/**
 * The step outputs of a `faultline run`, as `name=value` lines for `$GITHUB_OUTPUT`:
 * `verdict` (PASS only if every drill passed), `drills`, `failed`, `incident_pnl` (exact, the sum
 * over the drills) with `incident_pnl_rounded` and `currency` when every drill reports in the same
 * currency, then `verdict_<id>` and `incident_pnl_<id>` per drill.
 */
export function githubOutputs(results: readonly RunScenarioResult[]): string {
  const out: [string, string][] = [];
  const failed = results.filter((r) => r.evaluation.verdict !== 'PASS').length;
  out.push(['verdict', failed === 0 && results.length > 0 ? 'PASS' : 'FAIL'], ['drills', String(results.length)], ['failed', String(failed)]);
  const currencies = new Set(results.map((r) => r.evaluation.reportingCcy));
  if (currencies.size === 1) {
    const ccy = [...currencies][0]!;
    const total = results.reduce((sum, r) => sum.plus(r.evaluation.attribution.incidentTotal), ZERO);
    out.push(['incident_pnl', plain(total)], ['incident_pnl_rounded', fixed(total, minorUnits(ccy))], ['currency', ccy]);
  }
  for (const r of results) {
    out.push([`verdict_${r.scenario.id}`, r.evaluation.verdict], [`incident_pnl_${r.scenario.id}`, incidentPnl(r)]);
  }
  return out.map(([k, v]) => `${k}=${v}\n`).join('');
}

/** The drill's incident P&L (faulted − baseline), exact, in its reporting currency. */
function incidentPnl(r: RunScenarioResult): string {
  return plain(r.evaluation.attribution.incidentTotal);
}

export async function appendGithubOutputs(file: string, results: readonly RunScenarioResult[]): Promise<void> {
  await appendFile(file, githubOutputs(results), 'utf8');
}
