/** `runScenarioFile(..., { mode: 'msw' })`: the whole drill through real fetch, report written. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { runScenarioFile } from '../../../src/run/run-scenario.js';

const out = mkdtempSync(join(tmpdir(), 'faultline-msw-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

test('a drill runs in msw mode end to end and says so in its journal and manifest', async () => {
  const msw = await runScenarioFile('scenarios/rate-limit-429-storm.yaml', { mode: 'msw', out, now: () => new Date('2026-01-01T00:00:00Z') });
  const sim = await runScenarioFile('scenarios/rate-limit-429-storm.yaml', { mode: 'sim', out, now: () => new Date('2026-01-01T00:00:00Z') });
  const journal = readFileSync(join(msw.dir, 'journal.jsonl'), 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { type?: string; mode?: string });
  expect(journal.find((e) => e.type === 'run.started')).toMatchObject({ mode: 'msw' });
  expect(msw.evaluation.verdict).toBe(sim.evaluation.verdict);
  expect(msw.evaluation.attribution.incidentTotal.toString()).toBe(sim.evaluation.attribution.incidentTotal.toString());
  // No MSW server is left patching fetch after the run.
  await expect(fetch('https://binance.faultline.test/api/v3/ping')).rejects.toThrow();
}, 120_000);
