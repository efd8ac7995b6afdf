// Every method toxiproxy-node-client 4.1.0 offers, against the server under test (reference §5).
// Its TS types require fields the server defaults, so bodies are cast; its errors only carry the status.
import { Toxiproxy, type ICreateToxicBody, type Proxy } from 'toxiproxy-node-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchStalls, type Stalls } from '../helpers/stalls.js';
import { call, collect, connectTo, deleteProxies, readBytes, startEcho, startTarget, uniqueName, type Target, type TestServer } from './helpers.js';

let target: Target;
let echo: TestServer;
let client: Toxiproxy;
const created: string[] = [];
let stalls: Stalls;

/** An upper bound on a round trip: what a quiet machine needs, plus the stalls measured during it (helpers/stalls.ts). */
const late = (ms: number): number => ms + stalls.ms();

const named = (prefix: string): string => {
  const name = uniqueName(prefix);
  created.push(name);
  return name;
};

beforeAll(async () => {
  target = await startTarget();
  echo = await startEcho();
  client = new Toxiproxy(target.url);
  stalls = watchStalls();
});

afterAll(async () => {
  stalls.stop();
  await deleteProxies(target, created);
  await target.close();
  await echo.close();
});

async function roundTrip(port: number, payload = 'ping'): Promise<number> {
  const socket = await connectTo(port);
  stalls.reset();
  const started = performance.now();
  socket.write(payload);
  const { at } = await readBytes(socket, payload.length, started);
  socket.destroy();
  return at;
}

describe('toxiproxy-node-client against the server', () => {
  it('getVersion returns the raw text', async () => {
    expect(await client.getVersion()).toBe('{"version": "2.12.0"}\n');
  });

  it('createProxy, get and getAll return Proxy objects', async () => {
    const name = named('client');
    const proxy = await client.createProxy({ name, listen: '127.0.0.1:0', upstream: `127.0.0.1:${echo.port}` });
    expect(proxy.toJson()).toMatchObject({ name, enabled: true, upstream: `127.0.0.1:${echo.port}` });
    expect(proxy.listen).toMatch(/^127\.0\.0\.1:[1-9]\d*$/);
    const fetched = await client.get(name);
    expect(fetched.listen).toBe(proxy.listen);
    const all = await client.getAll();
    expect(all[name]?.listen).toBe(proxy.listen);
  });

  it('throws "Request failed with status code N" for 409, 404 and 400', async () => {
    const name = named('clienterr');
    await client.createProxy({ name, listen: '127.0.0.1:0', upstream: `127.0.0.1:${echo.port}` });
    await expect(client.createProxy({ name, listen: '127.0.0.1:0', upstream: 'x:1' })).rejects.toThrow('Request failed with status code 409');
    await expect(client.get(uniqueName('absent'))).rejects.toThrow('Request failed with status code 404');
    const proxy = await client.get(name);
    await expect(proxy.addToxic({ type: 'down', attributes: {} } as unknown as ICreateToxicBody<unknown>)).rejects.toThrow('Request failed with status code 400');
  });

  it('populate returns proxies by name', async () => {
    const a = named('clientpop');
    const proxies = await client.populate([{ name: a, listen: '127.0.0.1:0', upstream: `127.0.0.1:${echo.port}` }]);
    expect(Object.keys(proxies)).toEqual([a]);
    expect(proxies[a]?.enabled).toBe(true);
  });

  it('proxy.update (deprecated POST) disables and re-enables; disabled refuses connections', async () => {
    const name = named('clientupd');
    const proxy = await client.createProxy({ name, listen: '127.0.0.1:0', upstream: `127.0.0.1:${echo.port}` });
    const port = Number(proxy.listen.split(':')[1]);
    const open = await connectTo(port);
    const openClosed = collect(open);
    const down = await proxy.update({ enabled: false } as Parameters<Proxy['update']>[0]);
    expect(down.enabled).toBe(false);
    expect((await openClosed).error).toBeUndefined();
    await expect(connectTo(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    const up = await proxy.update({ enabled: true } as Parameters<Proxy['update']>[0]);
    expect(up.enabled).toBe(true);
    expect(await roundTrip(port)).toBeLessThan(late(100));
  });

  it('addToxic, getToxic, toxic.update and toxic.remove change live behaviour', async () => {
    const name = named('clienttox');
    const proxy = await client.createProxy({ name, listen: '127.0.0.1:0', upstream: `127.0.0.1:${echo.port}` });
    const port = Number(proxy.listen.split(':')[1]);
    const toxic = await proxy.addToxic({ type: 'latency', attributes: { latency: 200, jitter: 0 } } as unknown as ICreateToxicBody<{ latency: number; jitter: number }>);
    expect(toxic.toJson()).toEqual({ name: 'latency_downstream', type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: 200, jitter: 0 } });
    expect(await roundTrip(port)).toBeGreaterThanOrEqual(198);
    const fetched = await proxy.getToxic<{ latency: number; jitter: number }>('latency_downstream');
    expect(fetched.attributes.latency).toBe(200);
    const updated = await fetched.update({ attributes: { latency: 100 } } as unknown as Parameters<typeof fetched.update>[0]);
    expect(updated.attributes).toEqual({ latency: 100, jitter: 0 });
    const after = await roundTrip(port);
    expect(after).toBeGreaterThanOrEqual(98);
    expect(after).toBeLessThan(late(190));
    await updated.remove();
    expect(await roundTrip(port)).toBeLessThan(late(90));
    await expect(proxy.getToxic('latency_downstream')).rejects.toThrow('Request failed with status code 404');
  });

  it('reset re-enables proxies and clears toxics; proxy.remove deletes', async () => {
    const name = named('clientreset');
    const proxy = await client.createProxy({ name, listen: '127.0.0.1:0', upstream: `127.0.0.1:${echo.port}` });
    await proxy.addToxic({ type: 'timeout', attributes: { timeout: 0 } } as unknown as ICreateToxicBody<{ timeout: number }>);
    await proxy.update({ enabled: false } as Parameters<Proxy['update']>[0]);
    await client.reset();
    const after = JSON.parse((await call(target, 'GET', `/proxies/${name}`)).text);
    expect(after).toMatchObject({ enabled: true, toxics: [] });
    await proxy.remove();
    await expect(client.get(name)).rejects.toThrow('Request failed with status code 404');
  });
});
