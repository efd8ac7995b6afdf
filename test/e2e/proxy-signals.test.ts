/**
 * Cleanup as a contract (issue 6): kill a `faultline run --mode proxy` in the middle of a fault
 * window and show that the Toxiproxy server ends with no proxies and no toxics — by itself after
 * SIGINT (exit 130, partial report), and after `faultline cleanup` for SIGKILL.
 * The CLI is spawned from a temporary folder, so its `.faultline/` undo logs live there.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { startToxiproxyServer, type ToxiproxyServer } from '../../src/toxiproxy/index.js';

const BIN = resolve('bin/faultline.js');
let dir: string;
let server: ToxiproxyServer;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'faultline-proxy-signals-'));
  // lp-outage cut to 10 minutes, binance dark from minute 1 for 8 minutes (via toxiproxy).
  const yaml = (await readFile('scenarios/lp-outage.yaml', 'utf8')).replace('duration: 2h', 'duration: 10m').replace('at: 15m\n    for: 45m', 'at: 1m\n    for: 8m');
  await writeFile(join(dir, 'drill.yaml'), yaml);
  server = await startToxiproxyServer({ host: '127.0.0.1', port: 0, seed: 1 });
});

afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function runCli(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) => done({ code, output }));
  });
}

async function proxies(): Promise<Record<string, { enabled: boolean; toxics: unknown[] }>> {
  return (await (await fetch(`${server.url}/proxies`)).json()) as Record<string, { enabled: boolean; toxics: unknown[] }>;
}

/** Start a proxy-mode run (speed 20: one scenario minute every 3 s) and wait until its fault is in force. */
async function startRunInFault(): Promise<{ child: ReturnType<typeof spawn>; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> }> {
  const child = spawn(process.execPath, [BIN, 'run', 'drill.yaml', '--mode', 'proxy', '--speed', '20', '--toxiproxy', server.url, '--out', 'reports', '--ci'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
  // A wait for the fault to be in force, not a tolerance: a loaded machine starts the CLI slowly.
  const deadline = Date.now() + 120_000;
  for (;;) {
    const state = await proxies();
    // The outage is a disabled proxy: the fault window is open.
    if (Object.values(state).some((p) => !p.enabled)) return { child, exited };
    if (Date.now() > deadline) throw new Error(`the fault never started; proxies: ${JSON.stringify(state)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('SIGINT mid-fault: exit 130, partial report marked incomplete, server clean', async () => {
  const { child, exited } = await startRunInFault();
  child.kill('SIGINT');
  const { code } = await exited;
  expect(code).toBe(130);
  expect(await proxies()).toEqual({});
  const [runDir] = await readdir(join(dir, 'reports', 'lp-outage'));
  const summary = JSON.parse(await readFile(join(dir, 'reports', 'lp-outage', runDir!, 'summary.json'), 'utf8')) as { incomplete: boolean };
  expect(summary.incomplete).toBe(true);
  // Nothing left for `cleanup` to do.
  expect((await readdir(join(dir, '.faultline', 'undo')).catch(() => [])).filter((f) => f.endsWith('.jsonl'))).toEqual([]);
}, 300_000);

test('a second SIGINT quits at once: exit 130, server clean, the journal so far kept as <run-id>-interrupted', async () => {
  const { child, exited } = await startRunInFault();
  child.kill('SIGINT');
  await new Promise((r) => setTimeout(r, 150));
  child.kill('SIGINT');
  const { code } = await exited;
  expect(code).toBe(130);
  expect(await proxies()).toEqual({});
  const folders = await readdir(join(dir, 'reports', 'lp-outage'));
  // Nothing half-written: no staging folder, one folder marked interrupted with the journal so far.
  expect(folders.filter((f) => f.startsWith('.staging'))).toEqual([]);
  expect(folders).toHaveLength(1);
  expect(folders[0]).toMatch(/-interrupted$/);
  const runDir = join(dir, 'reports', 'lp-outage', folders[0]!);
  const manifest = JSON.parse(await readFile(join(runDir, 'manifest.json'), 'utf8')) as { verdict: string; incomplete: boolean };
  expect([manifest.verdict, manifest.incomplete]).toEqual(['INTERRUPTED', true]);
  const journal = (await readFile(join(runDir, 'journal.jsonl'), 'utf8')).trimEnd().split('\n');
  expect(journal.length).toBeGreaterThan(10);
  // Whole lines only, and the fault had started.
  for (const line of journal) JSON.parse(line);
  expect(journal.some((l) => l.includes('"fault.started"'))).toBe(true);
  expect(await readFile(join(runDir, 'summary.md'), 'utf8')).toMatch(/no figures/);
}, 300_000);

test('SIGKILL mid-fault leaves the fault in place; faultline cleanup removes it', async () => {
  const { child, exited } = await startRunInFault();
  child.kill('SIGKILL');
  const { signal } = await exited;
  expect(signal).toBe('SIGKILL');
  const left = await proxies();
  expect(Object.keys(left).length).toBeGreaterThan(0);
  expect(Object.values(left).some((p) => !p.enabled)).toBe(true);
  // Spawned asynchronously: the Toxiproxy server lives in this process and must keep answering.
  const cleanup = await runCli(['cleanup', '--toxiproxy', server.url]);
  expect(cleanup.code, cleanup.output).toBe(0);
  expect(cleanup.output).toMatch(/removed proxy/);
  expect(await proxies()).toEqual({});
  expect((await readdir(join(dir, '.faultline', 'undo')).catch(() => [])).filter((f) => f.endsWith('.jsonl'))).toEqual([]);
}, 300_000);
