/**
 * junit.xml: one testsuite per scenario, one testcase per threshold and per self-check, so CI
 * systems show drill verdicts like test results. Failures match the exit code (1 when any fails).
 *
 * Every testcase names the scenario file (`file`); a threshold's also names its line (`line`), so
 * CI tools that annotate from JUnit (mikepenz/action-junit-report, GitLab, Jenkins) point at the
 * threshold in the scenario. The run folder's own junit.xml names `scenario.yaml`, the copy beside
 * it (same lines), and has no wall-clock `time`/`timestamp`, so reports stay byte-identical across
 * reruns; the combined file `faultline run --junit` writes names the scenario as run and carries
 * both (docs/ci.md).
 */
import type { Evaluation } from '../finance/evaluate/evaluate-run.js';
import { xmlText } from './safe-text.js';

const escapeXml = (s: string): string => xmlText(s);

export interface JunitCase {
  classname: string;
  name: string;
  failure?: string;
  /** The scenario file the case comes from. */
  file?: string;
  /** The line of the threshold in that file. */
  line?: number;
}

/** Wall-clock timing of one drill (combined JUnit only). */
export interface JunitTiming {
  /** ISO-8601 instant the drill started. */
  timestamp: string;
  /** Wall seconds the drill took. */
  seconds: number;
}

export interface JunitSuite {
  name: string;
  cases: readonly JunitCase[];
  timing?: JunitTiming;
}

/** The testcases of one drill; `file` is the scenario path the cases name (see the module comment). */
export function junitCases(ev: Evaluation, file?: string): JunitCase[] {
  const cls = `faultline.${ev.scenario.id}`;
  const at = file === undefined ? {} : { file };
  const cases: JunitCase[] = [];
  for (const c of ev.selfChecks) cases.push({ classname: `${cls}.selfcheck`, name: `${c.id}: ${c.title}`, ...at, ...(c.status === 'FAIL' ? { failure: c.detail } : {}) });
  ev.thresholds.forEach((t, i) => {
    const line = ev.scenario.thresholds[i]?.line;
    cases.push({ classname: `${cls}.threshold`, name: t.name, ...at, ...(file === undefined || line === undefined ? {} : { line }), ...(t.status === 'FAIL' ? { failure: t.detail } : {}) });
  });
  if (ev.incomplete) cases.push({ classname: `${cls}.run`, name: 'drill completed', ...at, failure: ev.incompleteReason ?? 'the drill did not complete' });
  return cases;
}

/** JUnit's `time`: seconds with millisecond precision. */
function secondsText(s: number): string {
  return (Math.round(s * 1000) / 1000).toFixed(3);
}

function caseAttributes(c: JunitCase): string {
  return `classname="${escapeXml(c.classname)}" name="${escapeXml(c.name)}"${c.file === undefined ? '' : ` file="${escapeXml(c.file)}"`}${c.line === undefined ? '' : ` line="${c.line}"`}`;
}

export function renderJunitSuites(suites: readonly JunitSuite[]): string {
  const total = suites.reduce((n, s) => n + s.cases.length, 0);
  const failures = suites.reduce((n, s) => n + s.cases.filter((c) => c.failure !== undefined).length, 0);
  const timed = suites.length > 0 && suites.every((s) => s.timing !== undefined);
  // As jest-junit and vitest write it: `time` on the root, `time` and `timestamp` on each suite.
  const rootTiming = timed ? ` time="${secondsText(suites.reduce((n, s) => n + s.timing!.seconds, 0))}"` : '';
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="faultline" tests="${total}" failures="${failures}" errors="0"${rootTiming}>`];
  for (const s of suites) {
    const f = s.cases.filter((c) => c.failure !== undefined).length;
    const timing = s.timing === undefined ? '' : ` time="${secondsText(s.timing.seconds)}" timestamp="${escapeXml(s.timing.timestamp)}"`;
    lines.push(`  <testsuite name="${escapeXml(s.name)}" tests="${s.cases.length}" failures="${f}" errors="0" skipped="0"${timing}>`);
    for (const c of s.cases) {
      if (c.failure === undefined) lines.push(`    <testcase ${caseAttributes(c)}/>`);
      else {
        lines.push(`    <testcase ${caseAttributes(c)}>`);
        lines.push(`      <failure message="${escapeXml(c.failure)}">${xmlText(c.failure, true)}</failure>`);
        lines.push('    </testcase>');
      }
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

/** The run folder's junit.xml: cases point at `scenario.yaml`, the copy of the scenario beside it. */
export function renderJunit(ev: Evaluation): string {
  return renderJunitSuites([{ name: ev.scenario.id, cases: junitCases(ev, 'scenario.yaml') }]);
}
