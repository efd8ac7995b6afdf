/**
 * junit.xml: one testsuite per scenario, one testcase per threshold and per self-check, so CI
 * systems show drill verdicts like test results. Failures match the exit code (1 when any fails).
 */
import type { Evaluation } from '../finance/evaluate/evaluate-run.js';
import { xmlText } from './safe-text.js';

const escapeXml = (s: string): string => xmlText(s);

export interface JunitCase {
  classname: string;
  name: string;
  failure?: string;
}

export function junitCases(ev: Evaluation): JunitCase[] {
  const cls = `faultline.${ev.scenario.id}`;
  const cases: JunitCase[] = [];
  for (const c of ev.selfChecks) cases.push({ classname: `${cls}.selfcheck`, name: `${c.id}: ${c.title}`, ...(c.status === 'FAIL' ? { failure: c.detail } : {}) });
  for (const t of ev.thresholds) cases.push({ classname: `${cls}.threshold`, name: t.name, ...(t.status === 'FAIL' ? { failure: t.detail } : {}) });
  if (ev.incomplete) cases.push({ classname: `${cls}.run`, name: 'drill completed', failure: ev.incompleteReason ?? 'the drill did not complete' });
  return cases;
}

export function renderJunitSuites(suites: readonly { name: string; cases: readonly JunitCase[] }[]): string {
  const total = suites.reduce((n, s) => n + s.cases.length, 0);
  const failures = suites.reduce((n, s) => n + s.cases.filter((c) => c.failure !== undefined).length, 0);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="faultline" tests="${total}" failures="${failures}" errors="0">`];
  for (const s of suites) {
    const f = s.cases.filter((c) => c.failure !== undefined).length;
    lines.push(`  <testsuite name="${escapeXml(s.name)}" tests="${s.cases.length}" failures="${f}" errors="0" skipped="0">`);
    for (const c of s.cases) {
      if (c.failure === undefined) lines.push(`    <testcase classname="${escapeXml(c.classname)}" name="${escapeXml(c.name)}"/>`);
      else {
        lines.push(`    <testcase classname="${escapeXml(c.classname)}" name="${escapeXml(c.name)}">`);
        lines.push(`      <failure message="${escapeXml(c.failure)}">${xmlText(c.failure, true)}</failure>`);
        lines.push('    </testcase>');
      }
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

export function renderJunit(ev: Evaluation): string {
  return renderJunitSuites([{ name: ev.scenario.id, cases: junitCases(ev) }]);
}
