// The TCP side of a proxy (reference §2 "Proxy TCP behaviour"): pass-through, enable/disable,
// unreachable upstream, no half-close, delete.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import { call, closesWithin, collect, connectTo, createProxy, deleteProxies, readBytes, startEcho, startServer, startTarget, uniqueName, type Target, type TestServer } from './helpers.js';

let target: Target;
let echo: TestServer;
const servers: TestServer[] = [];
const sockets: Socket[] = [];
const created: string[] = [];

beforeAll(async () => {
  target = await startTarget();
  echo = await startEcho();
});

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await deleteProxies(target, created.splice(0));
  for (const s of servers.splice(0)) await s.close();
});

afterAll(async () => {
  await target.close();
  await echo.close();
});

async function proxyTo(upstreamPort: number): Promise<{ name: string; port: number }> {
  const name = uniqueName('tcp');
  created.push(name);
  const { port } = await createProxy(target, name, upstreamPort);
  return { name, port };
}

async function open(port: number): Promise<Socket> {
  const socket = await connectTo(port);
  sockets.push(socket);
  return socket;
}

describe('proxy TCP behaviour', () => {
  it('passes small, two-part and big messages through unchanged', async () => {
    const { port } = await proxyTo(echo.port);
    const socket = await open(port);
    socket.write('hello ');
    socket.write('world');
    expect((await readBytes(socket, 11)).data.toString()).toBe('hello world');
    const big = randomBytes(4 * 1024 * 1024);
    socket.write(big);
    expect((await readBytes(socket, big.length)).data.equals(big)).toBe(true);
  });

  it('serves several connections at once', async () => {
    const { port } = await proxyTo(echo.port);
    const results = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const socket = await open(port);
        socket.write(`conn-${i}`);
        return (await readBytes(socket, `conn-${i}`.length)).data.toString();
      }),
    );
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => `conn-${i}`));
  });

  it('accepts then closes the client when the upstream is unreachable (EOF, not ECONNREFUSED)', async () => {
    const dead = await startServer(() => undefined);
    const deadPort = dead.port;
    await dead.close();
    const { port } = await proxyTo(deadPort);
    const socket = await open(port);
    const { error, data } = await collect(socket);
    expect(error).toBeUndefined();
    expect(data.length).toBe(0);
  });

  it('disabling closes existing connections and refuses new ones; enabling restores service', async () => {
    const { name, port } = await proxyTo(echo.port);
    const socket = await open(port);
    socket.write('x');
    await readBytes(socket, 1);
    await call(target, 'PATCH', `/proxies/${name}`, '{"enabled":false}');
    expect(await closesWithin(socket, 500)).toBe(true);
    await expect(connectTo(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await call(target, 'PATCH', `/proxies/${name}`, '{"enabled":true}');
    const again = await open(port);
    again.write('y');
    expect((await readBytes(again, 1)).data.toString()).toBe('y');
  });

  it('does not pass a half-close through: one side ending closes both sockets', async () => {
    let upstreamEnded = false;
    // This upstream would happily keep its half of the connection open forever.
    const halfOpen = await startServer(
      (s) => {
        s.on('end', () => {
          upstreamEnded = true;
        });
        s.resume();
      },
      { allowHalfOpen: true },
    );
    servers.push(halfOpen);
    const { port } = await proxyTo(halfOpen.port);
    const socket = await open(port);
    await new Promise((r) => setTimeout(r, 50));
    socket.end();
    // The client only half-closed, yet its socket is fully closed by the proxy...
    expect(await closesWithin(socket, 1000)).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    // ...and the upstream got a FIN although it never ended its own side.
    expect(upstreamEnded).toBe(true);
  });

  it('deleting a proxy closes its connections and its port', async () => {
    const { name, port } = await proxyTo(echo.port);
    const socket = await open(port);
    await call(target, 'DELETE', `/proxies/${name}`);
    expect(await closesWithin(socket, 500)).toBe(true);
    await expect(connectTo(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('changing upstream restarts the proxy: old connections close, new ones reach the new upstream', async () => {
    const other = await startServer((s) => s.end('other'));
    servers.push(other);
    const { name, port } = await proxyTo(echo.port);
    const socket = await open(port);
    await call(target, 'PATCH', `/proxies/${name}`, JSON.stringify({ upstream: `127.0.0.1:${other.port}` }));
    expect(await closesWithin(socket, 500)).toBe(true);
    const fresh = await open(port);
    expect((await collect(fresh)).data.toString()).toBe('other');
  });
});
