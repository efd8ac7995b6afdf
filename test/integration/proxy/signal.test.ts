// Interrupts: a child process creates proxies and faults through the controller against the server
// under test. SIGINT/SIGTERM → its cleanup removes everything and it exits 130. SIGKILL → the undo
// log is left, and `faultline cleanup` removes everything from it.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCleanup } from '../../../src/cli/commands/cleanup.js';
import type { CliOutput } from '../../../src/cli/output.js';
import { findUndoLogs } from '../../../src/io/undo-log.js';
import { installCleanupOnSignal } from '../../../src/io/cleanup-on-signal.js';
import { buildChild } from './build-child.js';
import { api, runId, serverState, startTarget, startUpstream, tempRoot, type Target, type Upstream } from './helpers.js';

let target: Target;
let upstream: Upstream;
let root: { dir: string; remove(): Promise<void> };
let child: { script: string; remove(): Promise<void> };

beforeAll(async () => {
  [target, upstream, root, child] = await Promise.all([startTarget(), startUpstream(), tempRoot(), buildChild('test/integration/proxy/fixtures/signal-child.ts')]);
});

afterAll(async () => {
  await Promise.all([target.close(), upstream.close(), root.remove(), child.remove()]);
});

interface Running {
  process: ChildProcess;
  stderr: () => string;
}

async function startChild(id: string): Promise<Running> {
  const p = spawn(process.execPath, [child.script, target.url, root.dir, id, upstream.upstream], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  p.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  await new Promise<void>((resolve, reject) => {
    p.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('READY\n')) resolve();
    });
    p.once('exit', (code) => reject(new Error(`child exited ${code} before READY: ${err}`)));
  });
  return { process: p, stderr: () => err };
}

const dirty = (id: string): { proxies: string[]; toxics: string[] } => ({
  proxies: [`faultline-${id}-gw`, `faultline-${id}-lp`],
  toxics: [`faultline-${id}-gw/gw-reset`, `faultline-${id}-lp/lp-latency`, `faultline-${id}-lp/lp-partial`],
});

function capture(): CliOutput & { out: string; err: string } {
  const o = { out: '', err: '', color: false, isTTY: false, stdout: (t: string) => void (o.out += t), stderr: (t: string) => void (o.err += t) };
  return o;
}

describe('interrupted runs leave nothing behind', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} mid-fault: cleanup runs, exit 130, no proxies and no toxics, undo log gone`, async () => {
      const id = runId(signal.toLowerCase());
      const c = await startChild(id);
      expect(await serverState(target.url, `faultline-${id}`)).toEqual(dirty(id));
      const exited = once(c.process, 'exit');
      c.process.kill(signal);
      const [code] = (await exited) as [number | null];
      expect(code, c.stderr()).toBe(130);
      expect(c.stderr()).toContain(`received ${signal}: cleaning up`);
      expect(c.stderr()).toContain('removed 2 proxies');
      expect(await serverState(target.url, `faultline-${id}`)).toEqual({ proxies: [], toxics: [] });
      if (target.embedded) expect(await serverState(target.url, '')).toEqual({ proxies: [], toxics: [] });
      expect((await findUndoLogs(root.dir)).map((l) => l.runId)).not.toContain(id);
    });
  }

  it('SIGKILL mid-fault: the undo log is left; faultline cleanup removes everything it lists and deletes it', async () => {
    const id = runId('kill');
    const c = await startChild(id);
    const exited = once(c.process, 'exit');
    c.process.kill('SIGKILL');
    await exited;
    expect(await serverState(target.url, `faultline-${id}`)).toEqual(dirty(id));
    // The outage is still on: the gateway's proxy stays disabled until someone cleans up.
    expect(await api(target.url, 'GET', `/proxies/faultline-${id}-gw`)).toMatchObject({ status: 200, json: { enabled: false } });
    const [log] = (await findUndoLogs(root.dir)).filter((l) => l.runId === id);
    expect(log).toMatchObject({ serverUrl: target.url, proxies: dirty(id).proxies.slice().reverse(), disabled: [`faultline-${id}-gw`] });

    const out = capture();
    const summary = await runCleanup({ dir: root.dir }, out);
    expect(summary.kept).toEqual([]);
    expect(summary.cleaned.map((s) => s.runId)).toContain(id);
    expect(out.out).toContain(`removed proxy faultline-${id}-lp on ${target.url}\n`);
    expect(out.out).toContain(`removed proxy faultline-${id}-gw on ${target.url}\n`);
    expect(out.out).toContain(`removed toxic lp-latency from proxy faultline-${id}-lp on ${target.url}\n`);
    expect(await serverState(target.url, `faultline-${id}`)).toEqual({ proxies: [], toxics: [] });
    if (target.embedded) expect(await serverState(target.url, '')).toEqual({ proxies: [], toxics: [] });
    expect((await findUndoLogs(root.dir)).map((l) => l.runId)).not.toContain(id);
    // Idempotent: a second cleanup finds nothing to do.
    const again = capture();
    expect(await runCleanup({ dir: root.dir }, again)).toEqual({ cleaned: [], kept: [] });
    expect(again.err).toContain('nothing to clean up');
  });
});

describe('installCleanupOnSignal (in process)', () => {
  it('runs cleanups once, last registered first, within the time limit, then exits 130; removable', async () => {
    const order: string[] = [];
    const exits: number[] = [];
    const lines: string[] = [];
    const before = process.listenerCount('SIGTERM');
    const guard = installCleanupOnSignal({ exit: (c) => exits.push(c), log: (l) => lines.push(l), timeoutMs: 1_000 });
    try {
      guard.add('first', async () => void order.push('first'));
      const remove = guard.add('removed', () => void order.push('removed'));
      guard.add('failing', () => {
        order.push('failing');
        throw new Error('boom');
      });
      remove();
      process.emit('SIGTERM', 'SIGTERM');
      await new Promise((r) => setTimeout(r, 20));
      expect(order).toEqual(['failing', 'first']);
      expect(exits).toEqual([130]);
      expect(lines).toContain('cleanup failed: failing: boom');
      expect(guard.signal).toBe('SIGTERM');
      expect((await guard.runCleanups()).done).toEqual(['first']);
      expect(order).toHaveLength(2);
    } finally {
      guard.uninstall();
    }
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });

  it('gives up after the time limit, and a second signal exits at once', async () => {
    const exits: number[] = [];
    const lines: string[] = [];
    const guard = installCleanupOnSignal({ exit: (c) => exits.push(c), log: (l) => lines.push(l), timeoutMs: 50 });
    try {
      guard.add('hangs', () => new Promise<void>(() => undefined));
      process.emit('SIGINT', 'SIGINT');
      process.emit('SIGINT', 'SIGINT');
      expect(exits).toEqual([130]);
      expect(lines[1]).toContain('received SIGINT again');
      await new Promise((r) => setTimeout(r, 120));
      expect(exits).toEqual([130, 130]);
      expect(lines.at(-1)).toContain('did not finish within 50 ms');
    } finally {
      guard.uninstall();
    }
  });
});
