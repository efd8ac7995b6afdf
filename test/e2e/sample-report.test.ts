/**
 * The sample report in reports/sample/ lets a reader see a drill report without running anything.
 * It must be exactly what the current code produces: this test regenerates it and compares every
 * committed file byte for byte. To refresh it after an intended change: `npm run sample:write`.
 */
import { copyFile, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runScenarioFile } from '../../src/run/run-scenario.js';
import { tempDirs } from '../helpers/tmp.js';

const SAMPLE_DIR = 'reports/sample/lp-outage';
/** Left out of the sample: the 5 MB journal (regenerate it with `faultline run`) and the wall-clock manifest. */
const EXCLUDED = new Set(['journal.jsonl', 'manifest.json']);
const tmp = tempDirs('faultline-sample-');

test('reports/sample is the current report of scenarios/lp-outage.yaml', async () => {
  const run = await runScenarioFile('scenarios/lp-outage.yaml', { out: await tmp() });
  const generated = (await readdir(run.dir)).filter((f) => !EXCLUDED.has(f)).sort();
  if (process.env.UPDATE_SAMPLE === '1') {
    await rm(SAMPLE_DIR, { recursive: true, force: true });
    await mkdir(SAMPLE_DIR, { recursive: true });
    for (const f of generated) await copyFile(join(run.dir, f), join(SAMPLE_DIR, f));
  }
  const committed = (await readdir(SAMPLE_DIR)).sort();
  expect(committed, 'files in reports/sample/lp-outage differ from a fresh run; run `npm run sample:write`').toEqual(generated);
  for (const f of generated) {
    const [a, b] = await Promise.all([readFile(join(run.dir, f), 'utf8'), readFile(join(SAMPLE_DIR, f), 'utf8')]);
    expect(b === a, `reports/sample/lp-outage/${f} is stale: run \`npm run sample:write\` and commit the result`).toBe(true);
  }
}, 120_000);
