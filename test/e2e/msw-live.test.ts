/**
 * msw mode on a live clock (`--speed N`): for a firm's adapter whose own timers are wall-clock
 * timers, scenario time runs N× the wall clock. A 4-minute cut of the example drill at
 * `--speed auto`, run again at the speed the report names if its clock did not keep time
 * (helpers/live.ts).
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { expect, test } from 'vitest';
import { runScenarioFile } from '../../src/run/run-scenario.js';
import { tempDirs } from '../helpers/tmp.js';
import { LIVE_RUN_TIMEOUT_MS, runUntilTimeKept, timeWasKept, timingOfRun } from '../helpers/live.js';

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
    const out = await tmp();
    let wallS = 0;
    const attempts = await runUntilTimeKept(async (speed) => {
      const wallStart = performance.now();
      const run = await runScenarioFile(file, { mode: 'msw', speed, out });
      wallS = (performance.now() - wallStart) / 1000;
      return run;
    }, timingOfRun);
    const kept = timeWasKept(attempts);
    expect(kept.ok, kept.why).toBe(true);
    const run = attempts.at(-1)!.result;
    const speed = run.info.speed!;
    // Two 4-minute replays at × speed take at least 2 × 240 / speed s of wall time: the clock really is live.
    expect(wallS).toBeGreaterThanOrEqual((2 * 240) / speed);
    expect(run.evaluation.incomplete).toBe(false);
    expect(run.evaluation.faultHits.find((h) => h.faultId === 'stripe-503')?.status).toBe('HIT');
    const summary = JSON.parse(await readFile(`${run.dir}/summary.json`, 'utf8'));
    expect(summary).toMatchObject({ clock: 'live', speed });
    expect(run.evaluation.selfChecks.filter((c) => c.status === 'FAIL')).toEqual([]);
  } finally {
    await rm(file, { force: true });
  }
}, LIVE_RUN_TIMEOUT_MS);
