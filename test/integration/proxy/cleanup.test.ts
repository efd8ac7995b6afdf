// `faultline cleanup`: replays undo logs against the server they name (or --toxiproxy), removes
// only what faultline created, keeps the logs and exits 4 when the server does not answer.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { registerCleanupCommand, runCleanup } from '../../../src/cli/commands/cleanup.js';
import type { CliOutput } from '../../../src/cli/output.js';
import { printError } from '../../../src/cli/print-error.js';
import { openUndoLog, undoDir } from '../../../src/io/undo-log.js';
import { proxyNameFor } from '../../../src/transports/toxiproxy-controller.js';
import { api, closedPort, runId, serverState, startTarget, startUpstream, tempRoot, type Target, type Upstream } from './helpers.js';

let target: Target;
let upstream: Upstream;
let root: { dir: string; remove(): Promise<void> };

beforeAll(async () => {
  [target, upstream] = await Promise.all([startTarget(), startUpstream()]);
});
afterAll(async () => {
  await Promise.all([target.close(), upstream.close()]);
});
beforeEach(async () => {
  root = await tempRoot();
});
afterEach(async () => {
  await root.remove();
});

function capture(): CliOutput & { out: string; err: string } {
  const o = { out: '', err: '', color: false, isTTY: false, stdout: (t: string) => void (o.out += t), stderr: (t: string) => void (o.err += t) };
  return o;
}

/** Runs `faultline cleanup <args>` through commander; returns the exit code the CLI would set. */
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = capture();
  const program = new Command().exitOverride();
  registerCleanupCommand(program, out);
  try {
    await program.parseAsync(['cleanup', '--dir', root.dir, ...args], { from: 'user' });
    return { code: 0, out: out.out, err: out.err };
  } catch (err) {
    return { code: printError(out, err), out: out.out, err: out.err };
  }
}

/** What a killed run leaves: a log (written first) and the proxies/toxics on the server. */
async function leftover(id: string, url = target.url): Promise<string[]> {
  const log = await openUndoLog(root.dir, id, url, new Date(0));
  const names = [proxyNameFor(id, 'lp'), proxyNameFor(id, 'gw')];
  for (const name of names) {
    await log.append({ op: 'proxy', name, upstream: upstream.upstream });
    await api(target.url, 'POST', '/proxies', { name, listen: '127.0.0.1:0', upstream: upstream.upstream });
  }
  await log.append({ op: 'toxic', proxy: names[0]!, name: 'slow', type: 'latency' });
  await api(target.url, 'POST', `/proxies/${names[0]}/toxics`, { name: 'slow', type: 'latency', attributes: { latency: 5 } });
  // Listed but never created (killed between the log write and the request): fine.
  await log.append({ op: 'toxic', proxy: names[1]!, name: 'never-sent', type: 'timeout' });
  await log.close();
  return names;
}

describe('faultline cleanup', () => {
  it('removes what the logs list, prints it, deletes the logs, exit 0; leaves everything else alone', async () => {
    const a = runId('a');
    const b = runId('b');
    const [lpA, gwA] = await leftover(a);
    const [lpB, gwB] = await leftover(b);
    const foreign = [`redis-${a}`, `faultline-${runId('c')}-lp`];
    for (const name of foreign) await api(target.url, 'POST', '/proxies', { name, listen: '127.0.0.1:0', upstream: upstream.upstream });
    // A torn last line (power cut mid-write) does not stop the replay.
    await writeFile(join(undoDir(root.dir), `${a}.jsonl`), '{"op":"toxic","proxy":"fau', { flag: 'a' });

    const r = await cli([]);
    expect(r.code).toBe(0);
    expect(r.out.split('\n').filter(Boolean).sort()).toEqual(
      [
        `removed proxy ${lpA} on ${target.url}`,
        `removed proxy ${gwA} on ${target.url}`,
        `removed toxic slow from proxy ${lpA} on ${target.url}`,
        `removed proxy ${lpB} on ${target.url}`,
        `removed proxy ${gwB} on ${target.url}`,
        `removed toxic slow from proxy ${lpB} on ${target.url}`,
      ].sort(),
    );
    expect(r.err).toContain('cleaned 2 undo log(s)');
    expect(await readdir(undoDir(root.dir))).toEqual([]);
    for (const id of [a, b]) expect(await serverState(target.url, `faultline-${id}`)).toEqual({ proxies: [], toxics: [] });
    for (const name of foreign) {
      expect((await api(target.url, 'GET', `/proxies/${name}`)).status).toBe(200);
      await api(target.url, 'DELETE', `/proxies/${name}`);
    }
  });

  it('never removes a name the log marked as not ours, nor one outside the log’s own prefix', async () => {
    const id = runId('forget');
    const log = await openUndoLog(root.dir, id, target.url, new Date(0));
    const theirs = proxyNameFor(id, 'lp');
    const stray = `elsewhere-${id}`;
    await api(target.url, 'POST', '/proxies', { name: theirs, listen: '127.0.0.1:0', upstream: upstream.upstream });
    await api(target.url, 'POST', '/proxies', { name: stray, listen: '127.0.0.1:0', upstream: upstream.upstream });
    await log.append({ op: 'proxy', name: theirs, upstream: upstream.upstream });
    await log.append({ op: 'forget-proxy', name: theirs });
    await log.append({ op: 'proxy', name: stray, upstream: upstream.upstream });
    await log.close();
    const r = await cli([]);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toContain('nothing left on');
    for (const name of [theirs, stray]) {
      expect((await api(target.url, 'GET', `/proxies/${name}`)).status).toBe(200);
      await api(target.url, 'DELETE', `/proxies/${name}`);
    }
  });

  it('server unreachable: exit 4, the logs are kept; --toxiproxy URL then cleans them against the right server', async () => {
    const id = runId('moved');
    const gone = `http://127.0.0.1:${await closedPort()}`;
    const names = await leftover(id, gone);
    const r = await cli([]);
    expect(r.code).toBe(4);
    expect(r.err).toContain('error[TOXIPROXY_UNREACHABLE]');
    expect(r.err).toContain(gone);
    expect(r.err).toContain('Kept 1 undo log(s)');
    expect(await readdir(undoDir(root.dir))).toEqual([`${id}.jsonl`]);

    const again = await cli(['--toxiproxy', target.url]);
    expect(again.code).toBe(0);
    expect(again.out).toContain(`removed proxy ${names[0]} on ${target.url}`);
    expect(await readdir(undoDir(root.dir))).toEqual([]);
  });

  it('refuses a non-loopback --toxiproxy without --allow-remote (exit 2), before touching anything', async () => {
    await leftover(runId('remote'));
    const r = await cli(['--toxiproxy', 'http://10.9.8.7:8474']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('error[TOXIPROXY_REMOTE]');
    expect(await readdir(undoDir(root.dir))).toHaveLength(1);
    await runCleanup({ dir: root.dir }, capture());
  });

  it('skips the log of a run that is still going', async () => {
    const id = runId('live');
    await mkdir(undoDir(root.dir), { recursive: true });
    const header = { op: 'server', url: target.url, runId: id, pid: process.ppid, host: hostname(), startedAt: new Date(0).toISOString() };
    await writeFile(join(undoDir(root.dir), `${id}.jsonl`), `${JSON.stringify(header)}\n`);
    const out = capture();
    const summary = await runCleanup({ dir: root.dir }, out);
    expect(summary.kept).toEqual([{ runId: id, reason: `its run is still going (pid ${process.ppid})` }]);
    expect(out.err).toContain(`skipped ${id}: its run is still going`);
    expect(await readdir(undoDir(root.dir))).toEqual([`${id}.jsonl`]);
  });

  it('with no .faultline folder: nothing to clean up, exit 0', async () => {
    const r = await cli([]);
    expect(r).toMatchObject({ code: 0, out: '' });
    expect(r.err).toContain('nothing to clean up');
  });
});
