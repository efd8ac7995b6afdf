/**
 * Files for CI: the combined JUnit of several drills and the Markdown appended to
 * $GITHUB_STEP_SUMMARY. Rendering is pure; `writeCombinedJunit` / `appendStepSummary` do the I/O.
 */
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { dec } from '../../finance/decimal.js';
import { moneyText } from '../../report/format.js';
import { mdCell, mdCode, mdText } from '../../report/safe-text.js';
import { junitCases, renderJunitSuites } from '../../report/render-junit.js';
import type { RunScenarioResult } from '../../run/run-scenario.js';
import { ciPath } from './github.js';

/**
 * One testsuite per drill (a testcase per self-check and threshold, plus "drill completed" when
 * cut short). Cases name the scenario file as CI resolves it and the threshold's line; each suite
 * carries the drill's wall-clock `timestamp` and `time`.
 */
export function renderCombinedJunit(results: readonly RunScenarioResult[], env: NodeJS.ProcessEnv = process.env): string {
  return renderJunitSuites(results.map((r) => ({
    name: r.scenario.id,
    cases: junitCases(r.evaluation, r.scenario.sourcePath === undefined ? undefined : ciPath(r.scenario.sourcePath, env)),
    timing: { timestamp: r.wall.startedAt.replace(/\.\d+Z$/, 'Z'), seconds: Math.max(0, Date.parse(r.wall.finishedAt) - Date.parse(r.wall.startedAt)) / 1000 },
  })));
}

export async function writeCombinedJunit(file: string, results: readonly RunScenarioResult[]): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, renderCombinedJunit(results), 'utf8');
}

const cell = mdCell;

/** A GitHub-flavoured Markdown summary of a `faultline run`: one row per drill, then every failure. */
export function renderStepSummary(results: readonly RunScenarioResult[]): string {
  const lines = ['## faultline drills', '', '| | Drill | Incident P&L | Thresholds | Self-checks | Report |', '|---|---|---:|---|---|---|'];
  for (const r of results) {
    const ev = r.evaluation;
    const tPass = ev.thresholds.filter((t) => t.status === 'PASS').length;
    const cPass = ev.selfChecks.filter((c) => c.status === 'PASS').length;
    const pnl = moneyText(dec(ev.metrics['pnl.total'] ?? '0'), ev.reportingCcy);
    lines.push(`| ${ev.verdict === 'PASS' ? '✅' : '❌'} | ${cell(r.scenario.id)}${ev.incomplete ? ' (incomplete)' : ''} | ${pnl} | ${tPass}/${ev.thresholds.length} | ${cPass}/${ev.selfChecks.length} | \`${cell(r.dir)}/summary.md\` |`);
  }
  const failures = results.flatMap((r) => [
    ...r.evaluation.thresholds.filter((t) => t.status === 'FAIL').map((t) => `- **${r.scenario.id}** ✗ ${mdCode(t.name)}: ${mdText(t.detail)}`),
    ...r.evaluation.selfChecks.filter((c) => c.status === 'FAIL').map((c) => `- **${r.scenario.id}** ✗ self-check ${mdText(c.title)}: ${mdText(c.detail)}`),
    ...(r.evaluation.incomplete ? [`- **${r.scenario.id}** ✗ incomplete: ${mdText(r.evaluation.incompleteReason ?? 'stopped early')}`] : []),
  ]);
  if (failures.length > 0) lines.push('', '### Failures', '', ...failures);
  return `${lines.join('\n')}\n\n`;
}

export async function appendStepSummary(file: string, results: readonly RunScenarioResult[]): Promise<void> {
  await appendFile(file, renderStepSummary(results), 'utf8');
}
