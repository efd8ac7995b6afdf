/**
 * A module adapter in proxy mode: examples/my-client's adapter, driven through real sockets and
 * Toxiproxy proxies, on a 4-minute cut of its drill at `--speed auto` (a Stripe 503 burst in the
 * mocks, plus a CoinGecko outage as a `via: toxiproxy` fault), run again at the speed the report
 * names if its clock did not keep time (helpers/live.ts). The Toxiproxy server is the embedded one,
 * or a real one when TOXIPROXY_URL is set.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunEvent } from '../../src/engine/events.js';
import { findUndoLogs } from '../../src/io/undo-log.js';
import { runScenarioFile, type RunScenarioResult } from '../../src/run/run-scenario.js';
import { startTarget, type Target } from '../integration/proxy/helpers.js';
import { LIVE_RUN_TIMEOUT_MS, runUntilTimeKept, timeWasKept, timingOfRun, type LiveAttempt } from '../helpers/live.js';

type Attempt = Extract<RunEvent, { type: 'attempt' }>;

describe('proxy mode, module adapter (examples/my-client)', () => {
  let dir: string;
  let target: Target;
  let r: RunScenarioResult;
  let attempts: LiveAttempt<RunScenarioResult>[];
  const cwd = process.cwd();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'faultline-proxy-adapter-'));
    const yaml = (await readFile('examples/my-client/drill.yaml', 'utf8'))
      .replace('duration: 30m', 'duration: 4m')
      .replace('module: ./my-client.ts', `module: ${resolve('examples/my-client/my-client.ts')}`)
      .replace('at: 10m\n    for: 5m', 'at: 30s\n    for: 90s')
      .replace('\nthresholds:', `  - id: feed-dark
    kind: outage
    target: coingecko
    via: toxiproxy
    at: 2m30s
    for: 1m

thresholds:`);
    expect(yaml).toContain('feed-dark');
    const file = join(dir, 'adapter-proxy.yaml');
    await writeFile(file, yaml);
    target = await startTarget(7);
    process.chdir(dir); // .faultline/undo and .faultline/adapters go under the test's folder
    try {
      attempts = await runUntilTimeKept((speed) => runScenarioFile(file, { mode: 'proxy', speed, out: join(dir, 'reports'), toxiproxyUrl: target.url, keepEvents: true, warn: () => undefined }), timingOfRun);
      r = attempts.at(-1)!.result;
    } finally {
      process.chdir(cwd);
    }
  }, LIVE_RUN_TIMEOUT_MS);

  afterAll(async () => {
    await target.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('the live clock kept time, or the report said not and the run at the speed it named did', () => {
    const kept = timeWasKept(attempts);
    expect(kept.ok, kept.why).toBe(true);
  });

  test('writes a complete report of the adapter\'s drill', async () => {
    expect(r.evaluation.incomplete).toBe(false);
    const md = await readFile(join(r.dir, 'summary.md'), 'utf8');
    expect(md).toContain(`mode \`proxy\` (live clock × ${r.info.speed}`);
    const faulted = r.events.filter((e) => e.run === 'faulted');
    // Every payment of the workload (~40) gets an answer from the adapter; most succeed. The bounds
    // are loose because at speed 60 the adapter's 3 s timeout is 50 wall ms, and a stall longer than
    // that (rarer than 1 % of the loop's turns when the clock keeps time) times out a burst of calls
    // (measured 20–45 succeeded at speed 60 with the whole suite on 2 cores).
    const payments = faulted.filter((e) => e.type === 'payment');
    expect(payments.length).toBeGreaterThan(30);
    expect(payments.filter((e) => e.type === 'payment' && e.outcome === 'SUCCEEDED').length).toBeGreaterThan(10);
    expect(faulted.filter((e) => e.type === 'price.accepted').length).toBeGreaterThan(10);
  });

  test('the adapter\'s own requests are journaled as attempts through the proxies, and both faults hit', () => {
    const attempts = r.events.filter((e): e is Attempt => e.type === 'attempt' && e.run === 'faulted' && e.requestId.startsWith('adapter:'));
    expect(attempts.some((a) => a.faultId === 'stripe-503' && a.outcome === 'http_error')).toBe(true);
    // The disabled proxy refuses the adapter's price requests: they never reach the mocks, yet are journaled.
    expect(attempts.some((a) => a.faultId === 'feed-dark' && a.outcome === 'refused' && a.op === 'get_price')).toBe(true);
    for (const id of ['stripe-503', 'feed-dark']) expect(r.evaluation.faultHits.find((h) => h.faultId === id)?.status).toBe('HIT');
  });

  test('the Toxiproxy server ends with none of the run\'s proxies, and the undo logs are gone', async () => {
    const proxies = (await (await fetch(`${target.url}/proxies`)).json()) as Record<string, unknown>;
    expect(Object.keys(proxies).filter((name) => name.startsWith(`faultline-${r.plan.runId}`))).toEqual([]);
    if (target.embedded) expect(proxies).toEqual({});
    expect(await findUndoLogs(dir)).toEqual([]);
  });
});
