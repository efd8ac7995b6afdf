// Behaviour specific to faultline's embedded server: the seed (a deliberate difference from real
// Toxiproxy, whose -seed is a no-op), /metrics, programmatic start-up options, and close().
import { afterEach, describe, expect, it } from 'vitest';
import { FaultlineError } from '../../src/errors.js';
import { startToxiproxyServer, type ToxiproxyServer } from '../../src/toxiproxy/index.js';
import { slabStats } from '../../src/toxiproxy/reads.js';
import { watchStalls } from '../helpers/stalls.js';
import { connectTo, readBytes, startEcho, startServer, type TestServer } from './helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function embedded(options: Parameters<typeof startToxiproxyServer>[0]): Promise<ToxiproxyServer> {
  const server = await startToxiproxyServer({ port: 0, ...options });
  cleanups.push(() => server.close());
  return server;
}

async function echoServer(): Promise<TestServer> {
  const echo = await startEcho();
  cleanups.push(() => echo.close());
  return echo;
}

/**
 * Which of `n` connections a toxicity-0.5 latency toxic hits, on a fresh server with `seed`: `H` hit
 * (≥ 150 ms), `.` missed, `?` when the loop was stalled long enough during that round trip that a
 * miss could look like a hit (helpers/stalls.ts).
 */
async function hitPattern(seed: number, echoPort: number, n: number): Promise<string> {
  const server = await embedded({ seed });
  const created = await fetch(`${server.url}/proxies`, { method: 'POST', body: JSON.stringify({ name: 'p', listen: '127.0.0.1:0', upstream: `127.0.0.1:${echoPort}` }) });
  const port = Number(((await created.json()) as { listen: string }).listen.split(':')[1]);
  await fetch(`${server.url}/proxies/p/toxics`, { method: 'POST', body: '{"type":"latency","toxicity":0.5,"attributes":{"latency":150}}' });
  let pattern = '';
  const stalls = watchStalls();
  for (let i = 0; i < n; i += 1) {
    const socket = await connectTo(port);
    stalls.reset();
    const started = performance.now();
    socket.write('x');
    const at = (await readBytes(socket, 1, started)).at;
    pattern += at < 75 ? '.' : at >= 148 && at > stalls.ms() + 20 ? 'H' : '?';
    socket.destroy();
  }
  stalls.stop();
  return pattern;
}

/** Two patterns agree wherever both are known. */
function agree(a: string, b: string): boolean {
  return [...a].every((c, i) => c === '?' || b[i] === '?' || c === b[i]);
}

describe('embedded server', () => {
  it('makes toxicity rolls reproducible for a given seed', async () => {
    const echo = await echoServer();
    const first = await hitPattern(7, echo.port, 10);
    const second = await hitPattern(7, echo.port, 10);
    expect(agree(first, second), `${first} vs ${second}`).toBe(true);
    // Enough of it known to mean something: at least 8 of 10 rolls read in both runs.
    expect([...first].filter((c, i) => c !== '?' && second[i] !== '?').length, `${first} vs ${second}`).toBeGreaterThanOrEqual(8);
    expect(first + second).toMatch(/H/);
    expect(first + second).toMatch(/\./);
  });

  it('serves /metrics only when enabled, counting bytes per direction', async () => {
    const echo = await echoServer();
    const plain = await embedded({});
    expect((await fetch(`${plain.url}/metrics`)).status).toBe(404);
    const server = await embedded({ metrics: true, proxies: [{ name: 'm', listen: '127.0.0.1:0', upstream: `127.0.0.1:${echo.port}` }] });
    const proxy = (await (await fetch(`${server.url}/proxies/m`)).json()) as { listen: string };
    const socket = await connectTo(Number(proxy.listen.split(':')[1]));
    socket.write('hello');
    await readBytes(socket, 5);
    socket.destroy();
    const reply = await fetch(`${server.url}/metrics`);
    const text = await reply.text();
    expect(reply.headers.get('content-type')).toMatch(/^text\/plain/);
    const labels = `listener="${proxy.listen}",proxy="m",upstream="127.0.0.1:${echo.port}"`;
    for (const family of ['received', 'sent']) {
      for (const direction of ['upstream', 'downstream']) {
        expect(text).toContain(`toxiproxy_proxy_${family}_bytes_total{direction="${direction}",${labels}} 5\n`);
      }
    }
  });

  it('creates configured proxies at start-up and reports the seed and url', async () => {
    const echo = await echoServer();
    const server = await embedded({ seed: 99, proxies: [{ name: 'a', listen: '127.0.0.1:0', upstream: `127.0.0.1:${echo.port}`, enabled: false }] });
    expect(server.seed).toBe(99);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    const proxy = (await (await fetch(`${server.url}/proxies/a`)).json()) as { enabled: boolean };
    expect(proxy.enabled).toBe(false);
  });

  it('throws a runtime FaultlineError when the API port or a configured proxy cannot bind', async () => {
    const busy = await startServer(() => undefined);
    cleanups.push(() => busy.close());
    const api = startToxiproxyServer({ port: busy.port });
    await expect(api).rejects.toBeInstanceOf(FaultlineError);
    await expect(api).rejects.toMatchObject({ kind: 'runtime', code: 'TOXIPROXY_BIND_FAILED' });
    const proxy = startToxiproxyServer({ port: 0, proxies: [{ name: 'x', listen: `127.0.0.1:${busy.port}`, upstream: 'x:1' }] });
    await expect(proxy).rejects.toMatchObject({ kind: 'runtime', code: 'TOXIPROXY_POPULATE_FAILED' });
  });

  it('logs to the given logger, warning about the deprecated POST update', async () => {
    const lines: string[] = [];
    const logger = { info: (m: string) => lines.push(`INF ${m}`), warn: (m: string) => lines.push(`WRN ${m}`) };
    const server = await embedded({ logger, proxies: [{ name: 'l', listen: '127.0.0.1:0', upstream: '127.0.0.1:1' }] });
    await fetch(`${server.url}/proxies/l`, { method: 'POST', body: '{"enabled":false}' });
    expect(lines).toContain('INF Started proxy');
    expect(lines).toContain('WRN ProxyUpdate: HTTP method POST is depercated. Use HTTP PATCH instead.');
    expect(lines).toContain('INF Terminated proxy');
  });

  it('answers an empty 503 when a request outlasts the handler timeout (Go\'s TimeoutHandler)', async () => {
    const echo = await echoServer();
    const server = await embedded({ handlerTimeoutMs: 200, proxies: [{ name: 't', listen: '127.0.0.1:0', upstream: `127.0.0.1:${echo.port}` }] });
    await fetch(`${server.url}/proxies/t/toxics`, { method: 'POST', body: '{"type":"reset_peer","stream":"upstream","attributes":{"timeout":800}}' });
    const proxy = (await (await fetch(`${server.url}/proxies/t`)).json()) as { listen: string };
    const socket = await connectTo(Number(proxy.listen.split(':')[1]));
    socket.on('error', () => undefined);
    socket.write('x');
    await new Promise((r) => setTimeout(r, 50));
    // Removing reset_peer waits for its uninterruptible 800 ms wait.
    const reply = await fetch(`${server.url}/proxies/t/toxics/reset_peer_upstream`, { method: 'DELETE' });
    expect([reply.status, await reply.text()]).toEqual([503, '']);
    socket.destroy();
  });

  it('reads new connections into the slabs of closed ones: no allocation per connection under churn', async () => {
    const echo = await echoServer();
    const server = await embedded({ proxies: [{ name: 'churn', listen: '127.0.0.1:0', upstream: `127.0.0.1:${echo.port}` }] });
    const port = Number(((await (await fetch(`${server.url}/proxies/churn`)).json()) as { listen: string }).listen.split(':')[1]);
    /** One short connection; resolves once the proxy has closed both of its sockets (their slabs back in the pool). */
    const shortConnection = async (): Promise<void> => {
      const pooled = slabStats().pooledBytes;
      const socket = await connectTo(port);
      socket.write('x');
      await readBytes(socket, 1);
      socket.destroy();
      const giveUp = performance.now() + 10_000;
      while (slabStats().pooledBytes < pooled + (pooled === 0 ? 2 * 64 * 1024 : 0) && performance.now() < giveUp) await new Promise((r) => setTimeout(r, 2));
    };
    await shortConnection(); // the first connection's two slabs are new, then pooled
    const allocated = slabStats().allocated;
    for (let i = 0; i < 20; i += 1) await shortConnection();
    expect(slabStats().allocated - allocated, '20 more connections, one at a time').toBe(0);
  });

  it('close() closes listeners and live connections, even with pending toxic timers', async () => {
    const echo = await echoServer();
    const server = await startToxiproxyServer({ port: 0, proxies: [{ name: 'c', listen: '127.0.0.1:0', upstream: `127.0.0.1:${echo.port}` }] });
    const proxy = (await (await fetch(`${server.url}/proxies/c`)).json()) as { listen: string };
    await fetch(`${server.url}/proxies/c/toxics`, { method: 'POST', body: '{"type":"latency","attributes":{"latency":60000}}' });
    const port = Number(proxy.listen.split(':')[1]);
    const socket = await connectTo(port);
    socket.write('stuck in a 60 s latency');
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined);
    const stalls = watchStalls();
    const started = performance.now();
    await server.close();
    await closed;
    // Not the 60 s of the toxic: at once, give or take what the loop was stalled meanwhile.
    expect(performance.now() - started).toBeLessThan(1000 + stalls.ms());
    stalls.stop();
    await expect(connectTo(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await expect(fetch(`${server.url}/version`)).rejects.toThrow();
  });
});
