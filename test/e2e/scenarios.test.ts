/**
 * Every example drill in scenarios/ validates, runs, and passes every self-check. Thresholds pass
 * unless the scenario's header comment (its story and expected verdicts) says `"<threshold>" FAILS`.
 * Runs in process.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { readScenario } from '../../src/io/read-scenario.js';
import { runScenarioFile } from '../../src/run/run-scenario.js';
import { tempDirs } from '../helpers/tmp.js';

const tmp = tempDirs('faultline-scenarios-');
// scenarios/ and scenarios/nz/ (the NZ firm's drills `faultline init --region nz` starts from).
const FILES = ['scenarios', 'scenarios/nz'].flatMap((dir) => readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(dir, f)));

interface Documented {
  thresholds: string[];
  /** Thresholds the header's expected verdicts say fail. */
  headerFails: string[];
}

/** Read what the file says about its own thresholds. */
function documented(text: string): Documented {
  const lines = text.split('\n');
  const header = lines.slice(0, lines.findIndex((l) => !l.startsWith('#'))).join('\n');
  const start = lines.findIndex((l) => l.startsWith('thresholds:'));
  const thresholds: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break;
    const m = /^\s+-\s+"([^"]+)"/.exec(line);
    if (m !== null) thresholds.push(m[1]!);
  }
  const headerFails = [...header.matchAll(/"([^"]+)"\s+FAILS\b/g)].map((m) => m[1]!);
  return { thresholds, headerFails };
}

test('there are example drills, one per story of the issue at least', () => {
  expect(FILES.length).toBeGreaterThanOrEqual(7);
  expect(FILES).toContain('scenarios/lp-outage.yaml');
});

describe.each(FILES)('%s', (file) => {
  const text = readFileSync(file, 'utf8');
  const doc = documented(text);

  test('validates without problems', async () => {
    const parsed = await readScenario(file);
    expect(parsed.problems).toEqual([]);
    expect(parsed.scenario?.thresholds.length).toBe(doc.thresholds.length);
  });

  test('the thresholds its header says fail are thresholds of the file', () => {
    for (const name of doc.headerFails) expect(doc.thresholds).toContain(name);
  });

  test('runs; every self-check PASSes; exactly the documented thresholds fail', async () => {
    const { evaluation } = await runScenarioFile(file, { out: await tmp() });
    expect(evaluation.incomplete).toBe(false);
    const failedChecks = evaluation.selfChecks.filter((c) => c.status !== 'PASS').map((c) => `${c.id}: ${c.detail}`);
    expect(failedChecks).toEqual([]);
    expect(evaluation.selfChecks.length).toBeGreaterThan(0);
    expect(evaluation.thresholds.map((t) => t.name).sort()).toEqual([...doc.thresholds].sort());
    const failed = evaluation.thresholds.filter((t) => t.status === 'FAIL').map((t) => t.name).sort();
    expect(failed, evaluation.thresholds.map((t) => `${t.name}: ${t.status} ${t.detail ?? ''}`).join('\n')).toEqual([...doc.headerFails].sort());
    expect(evaluation.verdict).toBe(doc.headerFails.length > 0 ? 'FAIL' : 'PASS');
  });
});
