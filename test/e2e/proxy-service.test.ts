/**
 * The firm's own service under a drill (`integration: { type: http }`): examples/order-router's
 * drill (5 scenario minutes) through `faultline run --mode proxy --speed auto`, run again at the
 * speed the report names if its clock did not keep time (helpers/live.ts), against the embedded
 * Toxiproxy server or a real one when TOXIPROXY_URL is set. faultline starts the router, hands it
 * the proxies' URLs, drives the workload through its HTTP API, and stops it at the end.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunEvent } from '../../src/engine/events.js';
import { findUndoLogs } from '../../src/io/undo-log.js';
import { startTarget, type Target } from '../integration/proxy/helpers.js';
import { LIVE_RUN_TIMEOUT_MS, runUntilTimeKept, timeWasKept, timingOfSummary, type LiveAttempt } from '../helpers/live.js';

const BIN = resolve('bin/faultline.js');
const DRILL = resolve('examples/order-router/drill.yaml');

function runCli(cwd: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

type Exec = Extract<RunEvent, { type: 'execution' }>;

describe('proxy mode, http integration (examples/order-router)', () => {
  let dir: string;
  let target: Target;
  let run: { code: number | null; stdout: string; stderr: string };
  let attempts: LiveAttempt<{ code: number | null; stdout: string; stderr: string; reportDir: string; summary: SummaryJson | undefined }>[];
  let reportDir: string;
  let events: RunEvent[];

  interface SummaryJson { clock: string; speed: number; incomplete?: boolean; timing?: { speed: number; reliable: boolean; wouldHoldSpeed: number | null } }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'faultline-proxy-service-'));
    target = await startTarget(11);
    attempts = await runUntilTimeKept(async (speed) => {
      const r = await runCli(dir, ['run', DRILL, '--mode', 'proxy', '--speed', String(speed), '--toxiproxy', target.url, '--out', 'reports', '--ci']);
      const folder = resolve(dir, r.stdout.trim().split('\n').at(-1) ?? '');
      const summary = await readFile(join(folder, 'summary.json'), 'utf8').then((t) => JSON.parse(t) as SummaryJson, () => undefined);
      return { ...r, reportDir: folder, summary };
    }, (r) => (r.summary === undefined ? undefined : timingOfSummary(r.summary)));
    const last = attempts.at(-1)!.result;
    run = last;
    reportDir = last.reportDir;
    const journal = await readFile(join(reportDir, 'journal.jsonl'), 'utf8').catch(() => '');
    events = journal.trim().split('\n').slice(1).filter(Boolean).map((l) => JSON.parse(l) as RunEvent);
  }, LIVE_RUN_TIMEOUT_MS);

  test('the live clock kept time, or the report said not (exit 1) and the run at the speed it named did', () => {
    const kept = timeWasKept(attempts);
    expect(kept.ok, kept.why).toBe(true);
    for (const a of attempts.slice(0, -1)) expect(a.result.code, 'a run whose clock did not keep time fails its self-check').toBe(1);
  });

  afterAll(async () => {
    await target.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('the drill passes and writes the report, with the service\'s output in service.log', async () => {
    expect(run.stderr).not.toContain('    at ');
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(await readFile(join(reportDir, 'summary.json'), 'utf8')) as SummaryJson;
    expect(summary).toMatchObject({ clock: 'live', speed: attempts.at(-1)!.timing!.speed });
    const log = await readFile(join(reportDir, 'service.log'), 'utf8');
    expect(log).toMatch(/^\[faulted\] order-router \(pid \d+\) listening/m);
    expect(log).toMatch(/^\[baseline\] order-router \(pid \d+\) listening/m);
  });

  test('money is plausible: the router failed over to the backup venue, payments executed once each', () => {
    const execs = (run: string) => events.filter((e): e is Exec => e.type === 'execution' && e.run === run);
    const faulted = execs('faulted');
    const baseline = execs('baseline');
    // Hedges: the primary is dark from minute 1 to 4, so the router sends them to backup_lp; the baseline never needs it.
    expect(faulted.some((e) => e.op === 'place_order' && e.provider === 'backup_lp')).toBe(true);
    expect(baseline.some((e) => e.op === 'place_order' && e.provider === 'backup_lp')).toBe(false);
    expect(baseline.filter((e) => e.op === 'place_order').length).toBeGreaterThan(0);
    // Payments: the router's retries with the same Idempotency-Key ride out most of the 503s, never charging twice.
    const charges = (xs: Exec[]) => xs.filter((e) => e.op === 'create_payment');
    expect(charges(baseline).length).toBeGreaterThan(30);
    expect(charges(faulted).length).toBeGreaterThanOrEqual(Math.floor(charges(baseline).length * 0.8));
    expect(charges(faulted).every((e) => e.occurrence === 1)).toBe(true);
    // The service's own requests are journaled from the mocks' side, and the 503s hit them.
    expect(events.some((e) => e.type === 'attempt' && e.run === 'faulted' && e.requestId.startsWith('svc:') && e.faultId === 'stripe-503' && e.outcome === 'http_error')).toBe(true);
    const payments = events.filter((e) => e.type === 'payment' && e.run === 'faulted');
    expect(payments.filter((e) => e.type === 'payment' && e.outcome === 'SUCCEEDED').length).toBeGreaterThan(30);
  });

  test('both faults hit', async () => {
    const hits = await readFile(join(reportDir, 'fault_hits.csv'), 'utf8');
    expect(hits).toMatch(/,lp-dark,outage,binance,toxiproxy,.*,HIT\n/);
    expect(hits).toMatch(/,stripe-503,error,stripe,msw,.*,HIT\n/);
  });

  test('the server ends clean and the service processes are gone', async () => {
    const proxies = (await (await fetch(`${target.url}/proxies`)).json()) as Record<string, unknown>;
    const runId = reportDir.split('/').at(-1)!.replace(/-\d+$/, '');
    expect(Object.keys(proxies).filter((name) => name.startsWith(`faultline-${runId}`))).toEqual([]);
    if (target.embedded) expect(proxies).toEqual({});
    expect(await findUndoLogs(dir)).toEqual([]);
    const log = await readFile(join(reportDir, 'service.log'), 'utf8');
    const pids = [...log.matchAll(/order-router \(pid (\d+)\)/g)].map((m) => Number(m[1]));
    expect(pids).toHaveLength(2);
    for (const pid of pids) expect(alive(pid)).toBe(false); // `exec node order-router.mjs`: faultline's own children, reaped
  });

  test('--mode msw refuses an http integration with a usage error (exit 2) and a hint', async () => {
    const r = await runCli(dir, ['run', DRILL, '--mode', 'msw', '--out', 'reports', '--ci']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot run an http integration');
    expect(r.stderr).toContain('--mode proxy');
    expect(r.stderr).not.toContain('    at ');
  });

  test('a service command that does not exist: exit 4, the code and the command named, no stack trace', async () => {
    const yaml = (await readFile(DRILL, 'utf8')).replace('command: node order-router.mjs', 'command: no-such-router-binary --serve');
    await writeFile(join(dir, 'missing.yaml'), yaml);
    const r = await runCli(dir, ['run', 'missing.yaml', '--mode', 'proxy', '--toxiproxy', target.url, '--out', 'reports', '--ci']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('command not found (no-such-router-binary --serve)');
    expect(r.stderr).not.toContain('    at ');
    expect(await findUndoLogs(dir)).toEqual([]);
  });

  /** Start the drill at speed 60 and wait until the LP outage (minutes 1–4) is in force; the service's process group id. */
  async function startInFault(): Promise<{ child: ReturnType<typeof spawn>; exited: Promise<number | null>; group: number }> {
    const child = spawn(process.execPath, [BIN, 'run', DRILL, '--mode', 'proxy', '--speed', '60', '--toxiproxy', target.url, '--out', 'reports', '--ci'], { cwd: dir, stdio: 'ignore' });
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    // A wait for the fault to be in force, not a tolerance: a loaded machine starts the CLI slowly.
    const deadline = Date.now() + 120_000;
    for (;;) {
      await new Promise((r) => setTimeout(r, 50));
      const state = (await (await fetch(`${target.url}/proxies`)).json()) as Record<string, { enabled: boolean }>;
      // The run id (same scenario, seed, mode and version as the first test's run) prefixes this run's proxies.
      const runId = reportDir.split('/').at(-1)!.replace(/-\d+$/, '');
      if (Object.entries(state).some(([name, p]) => name.startsWith(`faultline-${runId}`) && name.endsWith('-binance') && !p.enabled)) break;
      if (Date.now() > deadline) throw new Error('the LP outage never started');
    }
    // The service runs in its own process group, led by faultline's direct child.
    const group = Number(execFileSync('ps', ['-o', 'pid=', '--ppid', String(child.pid)], { encoding: 'utf8' }).trim().split(/\s+/)[0]);
    expect(group).toBeGreaterThan(0);
    expect(groupAlive(group)).toBe(true);
    return { child, exited, group };
  }

  test('SIGINT mid-fault: exit 130, partial report, the service stopped, the server clean', async () => {
    const { child, exited, group } = await startInFault();
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(await groupGoneWithin(group, 3000)).toBe(true);
    const runs = await readdir(join(dir, 'reports', 'order-router-drill'));
    const summaries = await Promise.all(runs.map(async (r) => JSON.parse(await readFile(join(dir, 'reports', 'order-router-drill', r, 'summary.json'), 'utf8')) as { incomplete: boolean; incompleteReason?: string }));
    expect(summaries.some((x) => x.incomplete && x.incompleteReason === 'interrupted: SIGINT')).toBe(true);
    expect(await findUndoLogs(dir)).toEqual([]);
    if (target.embedded) expect(await (await fetch(`${target.url}/proxies`)).json()).toEqual({});
  }, 300_000);

  test('SIGKILL mid-fault: the service exits by itself when faultline\'s end of its stdin closes', async () => {
    const { child, exited, group } = await startInFault();
    child.kill('SIGKILL');
    await exited;
    expect(await groupGoneWithin(group, 5000)).toBe(true);
    // Proxies left by the killed run are faultline cleanup's business (proxy-signals.test.ts).
    const cleanup = await runCli(dir, ['cleanup', '--toxiproxy', target.url]);
    expect(cleanup.code).toBe(0);
  }, 300_000);
});

/** Whether the process group is gone within `ms` (an orphan is a zombie until the system reaps it). */
async function groupGoneWithin(pgid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (groupAlive(pgid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}
