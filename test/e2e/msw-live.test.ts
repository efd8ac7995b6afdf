/**
 * msw mode on a live clock (`--speed N`): for a firm's adapter whose own timers are wall-clock
 * timers, scenario time runs N× the wall clock. A 4-minute cut of the example drill at 60×.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { expect, test } from 'vitest';
import { runScenarioFile } from '../../src/run/run-scenario.js';
import { tempDirs } from '../helpers/tmp.js';

const tmp = tempDirs('faultline-msw-live-');

test('the example adapter drill runs on a live clock in msw mode and the report says so', async () => {
  const original = await readFile('examples/my-client/drill.yaml', 'utf8');
  // Same folder, so the adapter path `./my-client.ts` still resolves.
  const file = `examples/my-client/.live-${process.pid}.yaml`;
  const cut = original
    .replace(/^id: my-client-drill$/m, 'id: my-client-live')
    .replace(/^duration: 30m$/m, 'duration: 4m')
    .replace(/^(\s+at:\s*).*$/m, '$11m')
    .replace(/^(\s+for:\s*).*$/m, '$12m');
  expect(cut).not.toBe(original);
  await writeFile(file, cut);
  try {
    const wallStart = performance.now();
    const run = await runScenarioFile(file, { mode: 'msw', speed: 60, out: await tmp() });
    const wallS = (performance.now() - wallStart) / 1000;
    // Two 4-minute replays at 60× take at least 8 s of wall time: the clock really is live.
    expect(wallS).toBeGreaterThan(7.5);
    expect(run.evaluation.incomplete).toBe(false);
    expect(run.evaluation.faultHits.find((h) => h.faultId === 'stripe-503')?.status).toBe('HIT');
    const summary = JSON.parse(await readFile(`${run.dir}/summary.json`, 'utf8'));
    expect(summary).toMatchObject({ clock: 'live', speed: 60 });
    expect(run.evaluation.selfChecks.filter((c) => c.status === 'FAIL')).toEqual([]);
  } finally {
    await rm(file, { force: true });
  }
}, 90_000);
