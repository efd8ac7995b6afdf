/**
 * `--mode proxy` end to end with the reference integration, against the embedded Toxiproxy server
 * (started here so the test can inspect it afterwards; the run gets it as `toxiproxyUrl`, as with
 * `--toxiproxy`), or against a real Toxiproxy when TOXIPROXY_URL is set. A 6-minute cut of lp-outage
 * (binance dark from 1m for 3m, `via: toxiproxy`) at `--speed auto` (60 on a quiet machine: ~6 s per
 * replay), run again at the speed the report names if its clock did not keep time (helpers/live.ts).
 * Tolerances against sim mode are explained in docs/proxy-mode.md.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunEvent } from '../../src/engine/events.js';
import { findUndoLogs } from '../../src/io/undo-log.js';
import { runScenarioFile, type RunScenarioResult } from '../../src/run/run-scenario.js';
import { startTarget, type Target } from '../integration/proxy/helpers.js';
import { LIVE_RUN_TIMEOUT_MS, runUntilTimeKept, timeWasKept, timingOfRun, type LiveAttempt } from '../helpers/live.js';

type Exec = Extract<RunEvent, { type: 'execution' }>;
const executions = (r: RunScenarioResult): Exec[] => r.events.filter((e): e is Exec => e.type === 'execution' && e.run === 'faulted');
const paid = (r: RunScenarioResult): number => executions(r).filter((e) => e.op === 'create_payment').reduce((s, e) => s + Number(e.amount), 0);

describe('proxy mode, reference integration, embedded Toxiproxy', () => {
  let dir: string;
  let server: Target;
  let proxy: RunScenarioResult;
  let attempts: LiveAttempt<RunScenarioResult>[];
  let sim: RunScenarioResult;
  const cwd = process.cwd();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'faultline-proxy-'));
    const yaml = (await readFile('scenarios/lp-outage.yaml', 'utf8')).replace('duration: 2h', 'duration: 6m').replace('at: 15m\n    for: 45m', 'at: 1m\n    for: 3m');
    const file = join(dir, 'lp-outage-short.yaml');
    await writeFile(file, yaml);
    server = await startTarget(1);
    process.chdir(dir); // the undo log goes to <cwd>/.faultline/undo/
    try {
      attempts = await runUntilTimeKept((speed) => runScenarioFile(file, { mode: 'proxy', speed, out: join(dir, 'reports'), toxiproxyUrl: server.url, keepEvents: true, warn: () => undefined }), timingOfRun);
      proxy = attempts.at(-1)!.result;
    } finally {
      process.chdir(cwd);
    }
    sim = await runScenarioFile(file, { mode: 'sim', out: join(dir, 'reports'), keepEvents: true });
  }, LIVE_RUN_TIMEOUT_MS);

  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('the live clock kept time, or the report said not and the run at the speed it named did', () => {
    const kept = timeWasKept(attempts);
    expect(kept.ok, kept.why).toBe(true);
  });

  test('writes the report, saying the clock was live and at what speed', async () => {
    const speed = proxy.info.speed!;
    expect(speed).toBeGreaterThan(0);
    const md = await readFile(join(proxy.dir, 'summary.md'), 'utf8');
    expect(md).toContain(`mode \`proxy\` (live clock × ${speed}${attempts.length === 1 ? ', --speed auto' : ''})`);
    const json = JSON.parse(await readFile(join(proxy.dir, 'summary.json'), 'utf8')) as { clock: string; speed: number };
    expect(json).toMatchObject({ clock: 'live', speed });
  });

  test('the toxiproxy outage hit: connections to binance were refused in its window', () => {
    const hit = proxy.evaluation.faultHits.find((h) => h.faultId === 'lp-dark');
    expect(hit?.status).toBe('HIT');
    expect(hit?.byOutcome.refused ?? 0).toBeGreaterThan(0);
  });

  test('the server ends with no proxies and no toxics, and the undo log is gone', async () => {
    const proxies = (await (await fetch(`${server.url}/proxies`)).json()) as Record<string, unknown>;
    expect(Object.keys(proxies).filter((name) => name.startsWith(`faultline-${proxy.plan.runId}`))).toEqual([]);
    if (server.embedded) expect(proxies).toEqual({});
    expect(await findUndoLogs(dir)).toEqual([]);
  });

  test('journal money agrees with sim mode within the stated tolerances', () => {
    // Payments: count and amount within 20 % (measured 0–15 % at speed 60: an event-loop stall of ~33 wall ms
    // is a 2 s scenario timeout there, and a timed-out payment without a retry budget is not re-sent).
    const payments = (r: RunScenarioResult): number => executions(r).filter((e) => e.op === 'create_payment').length;
    expect(Math.abs(payments(proxy) - payments(sim))).toBeLessThanOrEqual(Math.ceil(payments(sim) * 0.2));
    expect(Math.abs(paid(proxy) - paid(sim)) / paid(sim)).toBeLessThanOrEqual(0.2);
    // Hedges: within ±25 % in count (fill times shift by socket noise; the hedger reacts to positions).
    const orders = (r: RunScenarioResult): number => executions(r).filter((e) => e.op === 'place_order').length;
    expect(Math.abs(orders(proxy) - orders(sim))).toBeLessThanOrEqual(Math.max(2, Math.ceil(orders(sim) * 0.25)));
    // Incident P&L within 1 500 AUD (measured 0 in sim vs −200…−600 AUD in proxy mode).
    expect(Math.abs(Number(proxy.evaluation.attribution.incidentTotal.toString()) - Number(sim.evaluation.attribution.incidentTotal.toString()))).toBeLessThanOrEqual(1500);
  });
});
