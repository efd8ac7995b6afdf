// The Toxiproxy controller against the server under test: version check, loopback guard,
// per-run proxy names, the server's own error messages, toxics, outage, and the undo log.
import { readFile, stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultlineError } from '../../../src/errors.js';
import { findUndoLogs, parseUndoLog } from '../../../src/io/undo-log.js';
import { startToxiproxyController, type ToxiproxyController } from '../../../src/transports/toxiproxy-controller.js';
import { api, closedPort, getVia, runId, serverState, startFake, startTarget, startUpstream, tempRoot, type Target, type Upstream } from './helpers.js';

let target: Target;
let upstream: Upstream;
let root: { dir: string; remove(): Promise<void> };

beforeAll(async () => {
  [target, upstream, root] = await Promise.all([startTarget(), startUpstream(), tempRoot()]);
});

afterAll(async () => {
  await Promise.all([target.close(), upstream.close(), root.remove()]);
});

async function caught(promise: Promise<unknown>): Promise<FaultlineError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof FaultlineError) return err;
    throw err;
  }
  throw new Error('expected a FaultlineError');
}

const start = (id: string, extra: { url?: string; allowRemote?: boolean; timeoutMs?: number } = {}): Promise<ToxiproxyController> =>
  startToxiproxyController({ url: extra.url ?? target.url, runId: id, root: root.dir, ...extra });

describe('start-up checks', () => {
  it('accepts a 2.x server and reports its version', async () => {
    const c = await start(runId('version'));
    expect(c.version).toMatch(/^2\./);
    await c.close();
  });

  it('names the URL when nothing answers (runtime, TOXIPROXY_UNREACHABLE)', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const err = await caught(start(runId('down'), { url }));
    expect(err).toMatchObject({ code: 'TOXIPROXY_UNREACHABLE', kind: 'runtime' });
    expect(err.title).toContain(url);
    expect(err.title).toContain('ECONNREFUSED');
  });

  it('refuses another major version, saying what it found', async () => {
    const fake = await startFake(200, '{"version": "3.0.1"}\n');
    const err = await caught(start(runId('v3'), { url: fake.url }));
    await fake.close();
    expect(err).toMatchObject({ code: 'TOXIPROXY_VERSION', kind: 'runtime' });
    expect(err.title).toContain(fake.url);
    expect(err.title).toContain('found version 3.0.1');
  });

  it('accepts the plain-text /version of Toxiproxy 2.5', async () => {
    const fake = await startFake(200, '2.5.0', 'text/plain');
    // Version passes; nothing else is called before the undo log opens.
    const c = await start(runId('v25'), { url: fake.url });
    expect(c.version).toBe('2.5.0');
  });

  it('says when the server is not Toxiproxy at all', async () => {
    const fake = await startFake(404, '<html>nope</html>', 'text/html');
    const err = await caught(start(runId('html'), { url: fake.url }));
    await fake.close();
    expect(err).toMatchObject({ code: 'TOXIPROXY_VERSION', kind: 'runtime' });
    expect(err.title).toContain('is not Toxiproxy: GET /version answered 404');
  });

  it('refuses a non-loopback control URL unless allowRemote (usage), without contacting it', async () => {
    for (const url of ['http://10.1.2.3:8474', 'http://toxiproxy.internal:8474', 'http://[2001:db8::1]:8474']) {
      const err = await caught(start(runId('remote'), { url }));
      expect(err).toMatchObject({ code: 'TOXIPROXY_REMOTE', kind: 'usage' });
      expect(err.hint).toContain('--allow-remote');
    }
    // With allowRemote it does try (and here finds nothing, quickly).
    const err = await caught(start(runId('remote'), { url: 'http://192.0.2.1:8474', allowRemote: true, timeoutMs: 200 }));
    expect(err.code).toBe('TOXIPROXY_UNREACHABLE');
    expect(err.title).toContain('http://192.0.2.1:8474');
  });

  it('accepts localhost, 127.x and ::1 forms', async () => {
    const port = new URL(target.url).port;
    const c = await start(runId('lo'), { url: `http://localhost:${port}/` });
    expect(c.url).toBe(`http://localhost:${port}`);
    await c.close();
  });
});

describe('proxies and toxics', () => {
  it('creates faultline-<runId>-<provider>, passes traffic, and removes only its own on close', async () => {
    const id = runId('own');
    const foreign = `someone-else-${id}`;
    await api(target.url, 'POST', '/proxies', { name: foreign, listen: '127.0.0.1:0', upstream: upstream.upstream });
    const c = await start(id);
    const p = await c.createProxy('lp-a', upstream.upstream);
    expect(p).toMatchObject({ name: `faultline-${id}-lp-a`, enabled: true, upstream: upstream.upstream });
    expect(p.listen).toMatch(/^127\.0\.0\.1:[1-9]\d*$/);
    expect(await getVia(p.listen, '/ping')).toBe('ok /ping');
    await c.addToxic(p.name, { name: 'lat', type: 'latency', attributes: { latency: 1 } });
    expect((await c.listProxies()).map((x) => x.name)).toEqual([p.name]);

    const report = await c.close();
    expect(report).toEqual({ proxies: [p.name], toxics: [{ proxy: p.name, name: 'lat' }], failures: [] });
    expect(await serverState(target.url, `faultline-${id}`)).toEqual({ proxies: [], toxics: [] });
    expect((await api(target.url, 'GET', `/proxies/${foreign}`)).status).toBe(200);
    await api(target.url, 'DELETE', `/proxies/${foreign}`);
    // The log is gone once everything is removed; close is idempotent.
    await expect(stat(c.undoLogPath)).rejects.toThrow('ENOENT');
    expect(await c.close()).toEqual(report);
  });

  it("reports the server's own words: 409 proxy already exists, and never removes that proxy", async () => {
    const id = runId('dup');
    const c = await start(id);
    const name = c.proxyName('lp');
    await api(target.url, 'POST', '/proxies', { name, listen: '127.0.0.1:0', upstream: upstream.upstream });
    const err = await caught(c.createProxy('lp', upstream.upstream));
    expect(err).toMatchObject({ code: 'TOXIPROXY_CONFLICT', kind: 'runtime' });
    expect(err.title).toBe(`Toxiproxy at ${target.url} refused to create proxy ${name}: 409 proxy already exists`);
    const logs = await findUndoLogs(root.dir);
    expect(logs.find((l) => l.runId === id)?.proxies).toEqual([]);
    await expect(c.addToxic(name, { name: 't', type: 'noop' })).rejects.toThrow('only changes its own proxies');
    expect((await c.close()).proxies).toEqual([]);
    expect((await api(target.url, 'GET', `/proxies/${name}`)).status).toBe(200);
    await api(target.url, 'DELETE', `/proxies/${name}`);
  });

  it('adds toxics with only the fields the server needs, lists, patches and removes them', async () => {
    const c = await start(runId('toxics'));
    const p = await c.createProxy('gw', upstream.upstream);
    const added = await c.addToxic(p.name, { name: 'slow', type: 'latency', attributes: { latency: 50 } });
    expect(added).toEqual({ name: 'slow', type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: 50, jitter: 0 } });
    await c.addToxic(p.name, { name: 'cut', type: 'timeout', stream: 'upstream', toxicity: 0.25, attributes: { timeout: 0 } });
    expect((await c.listToxics(p.name)).map((t) => [t.name, t.stream, t.toxicity])).toEqual([['cut', 'upstream', 0.25], ['slow', 'downstream', 1]]);

    expect((await caught(c.addToxic(p.name, { name: 'slow', type: 'latency' }))).title).toContain('409 toxic already exists');
    expect((await caught(c.addToxic(p.name, { name: 'x', type: 'down' as 'noop' }))).title).toContain('400 invalid toxic type');
    expect((await caught(c.addToxic(p.name, { name: 'y', type: 'latency', stream: 'sideways' as 'upstream' }))).title).toContain(
      '400 stream was invalid, can be either upstream or downstream',
    );

    expect(await c.updateToxic(p.name, 'slow', { attributes: { jitter: 5 } })).toMatchObject({ attributes: { latency: 50, jitter: 5 } });
    expect(await c.removeToxic(p.name, 'slow')).toBe(true);
    expect(await c.removeToxic(p.name, 'slow')).toBe(false);
    expect((await c.listToxics(p.name)).map((t) => t.name)).toEqual(['cut']);
    await c.close();
  });

  it('outage: disable refuses connections, enable restores them', async () => {
    const c = await start(runId('outage'));
    const p = await c.createProxy('feed', upstream.upstream, { listen: '127.0.0.1:0' });
    expect((await c.disableProxy(p.name)).enabled).toBe(false);
    expect(await getVia(p.listen)).toBe('error ECONNREFUSED');
    expect((await c.enableProxy(p.name)).enabled).toBe(true);
    expect(await getVia(p.listen, '/back')).toBe('ok /back');
    await c.close();
  });

  it('refuses to touch a proxy outside its run prefix', async () => {
    const c = await start(runId('guard'));
    await expect(c.addToxic('faultline-other-run-lp', { name: 'x', type: 'noop' })).rejects.toThrow('only changes its own proxies');
    await expect(c.disableProxy('redis')).rejects.toThrow('only changes its own proxies');
    await c.close();
  });
});

describe('undo log', () => {
  it('writes each change before applying it, fsynced, one JSON object per line', async () => {
    const id = runId('log');
    const c = await start(id);
    const p = await c.createProxy('lp', upstream.upstream);
    await c.addToxic(p.name, { name: 'lat', type: 'latency', attributes: { latency: 5 } });
    // A change the server rejects is still in the log: it was written first.
    await caught(c.addToxic(p.name, { name: 'bad', type: 'latency', attributes: { latency: 'x' as unknown as number } }));
    await c.disableProxy(p.name);
    const { entries, badLines } = parseUndoLog(await readFile(c.undoLogPath, 'utf8'));
    expect(badLines).toBe(0);
    expect(entries.map((e) => e.op)).toEqual(['server', 'proxy', 'toxic', 'toxic', 'disable']);
    expect(entries[0]).toMatchObject({ op: 'server', url: target.url, runId: id, pid: process.pid });
    expect(c.undoLogPath).toBe(`${root.dir}/.faultline/undo/${id}.jsonl`);
    const [log] = (await findUndoLogs(root.dir)).filter((l) => l.runId === id);
    expect(log).toMatchObject({ serverUrl: target.url, proxies: [p.name], toxics: [{ proxy: p.name, name: 'lat' }, { proxy: p.name, name: 'bad' }], disabled: [p.name] });
    await c.close();
    expect((await findUndoLogs(root.dir)).filter((l) => l.runId === id)).toEqual([]);
  });

  it('refuses to reuse a run id whose log is still there', async () => {
    const id = runId('reuse');
    const c = await start(id);
    await expect(start(id)).rejects.toThrow('EEXIST');
    await c.close();
  });
});

describe('close', () => {
  it('is shared by concurrent callers (signal handler and normal exit)', async () => {
    const c = await start(runId('twice'));
    await c.createProxy('lp', upstream.upstream);
    const [a, b] = await Promise.all([c.close(), c.close()]);
    expect(a).toBe(b);
    expect(a.proxies).toEqual([c.proxyName('lp')]);
    await expect(c.createProxy('late', upstream.upstream)).rejects.toThrow('is closed');
  });
});
