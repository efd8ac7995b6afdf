// Toxic semantics (reference §3), measured on real loopback sockets. Strict on the fast side (a
// toxic must never be early); on the slow side, the slack a quiet machine needs plus the time this
// process's event loop was measured to be stalled during the test (helpers/stalls.ts), never a
// margin fixed in advance against a busy machine.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import { watchStalls, type Stalls } from '../helpers/stalls.js';
import { addToxic, call, closesWithin, collect, connectTo, createProxy, deleteProxies, readBytes, sleep, startEcho, startServer, startTarget, uniqueName, type Target, type TestServer } from './helpers.js';

let target: Target;
let echo: TestServer;
const servers: TestServer[] = [];
const sockets: Socket[] = [];
const created: string[] = [];
let stalls: Stalls;

/** An upper bound on a wall-clock measure: what a quiet machine needs, plus the stalls measured since the test began. */
const late = (ms: number): number => ms + stalls.ms();

beforeAll(async () => {
  target = await startTarget();
  echo = await startEcho();
  stalls = watchStalls();
});

beforeEach(() => stalls.reset());

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await deleteProxies(target, created.splice(0));
  for (const s of servers.splice(0)) await s.close();
});

afterAll(async () => {
  stalls.stop();
  await target.close();
  await echo.close();
});

async function proxyTo(upstreamPort: number, toxics: Record<string, unknown>[] = []): Promise<{ name: string; port: number }> {
  const name = uniqueName('tox');
  created.push(name);
  const { port } = await createProxy(target, name, upstreamPort);
  for (const toxic of toxics) await addToxic(target, name, toxic);
  return { name, port };
}

async function open(port: number): Promise<Socket> {
  const socket = await connectTo(port);
  sockets.push(socket);
  return socket;
}

async function server(onConnection: (socket: Socket) => void, allowHalfOpen = false): Promise<TestServer> {
  const s = await startServer(onConnection, { allowHalfOpen });
  servers.push(s);
  return s;
}

async function echoRoundTrip(port: number, payload: Buffer | string = 'hello'): Promise<number> {
  const socket = await open(port);
  const started = performance.now();
  socket.write(payload);
  return (await readBytes(socket, Buffer.byteLength(payload), started)).at;
}

describe('latency', () => {
  it('delays downstream data by latency ms', async () => {
    const { port } = await proxyTo(echo.port, [{ type: 'latency', attributes: { latency: 200 } }]);
    const at = await echoRoundTrip(port);
    expect(at).toBeGreaterThanOrEqual(198);
    expect(at).toBeLessThan(late(290));
  });

  it('adds upstream and downstream latency on a round trip, and stacks two toxics on one stream', async () => {
    const both = await proxyTo(echo.port, [
      { type: 'latency', stream: 'upstream', attributes: { latency: 100 } },
      { type: 'latency', stream: 'downstream', attributes: { latency: 100 } },
    ]);
    const stacked = await proxyTo(echo.port, [
      { name: 'a', type: 'latency', attributes: { latency: 100 } },
      { name: 'b', type: 'latency', attributes: { latency: 100 } },
    ]);
    for (const port of [both.port, stacked.port]) {
      const at = await echoRoundTrip(port);
      expect(at).toBeGreaterThanOrEqual(196);
      expect(at).toBeLessThan(late(300));
    }
  });

  it('pipelines chunks: the delay counts from arrival and does not add up', async () => {
    const { port } = await proxyTo(echo.port, [{ type: 'latency', attributes: { latency: 150 } }]);
    const socket = await open(port);
    const started = performance.now();
    const arrivals: number[] = [];
    socket.on('data', () => arrivals.push(performance.now() - started));
    for (let i = 0; i < 5; i += 1) {
      socket.write(`chunk${i}`);
      await sleep(30);
    }
    await readBytes(socket, 0);
    await sleep(260);
    expect(arrivals.length).toBeGreaterThanOrEqual(2);
    expect(arrivals[0]).toBeGreaterThanOrEqual(148);
    // Five chunks sent over ~120 ms; cumulative delay would take 750 ms.
    expect(arrivals[arrivals.length - 1]).toBeLessThan(late(400));
  });

  it('sends what it holds at once when removed or updated mid-delay, in order and whole', async () => {
    const { name, port } = await proxyTo(echo.port, [{ name: 'slow', type: 'latency', attributes: { latency: 5000 } }]);
    const socket = await open(port);
    const started = performance.now();
    const first = randomBytes(1000);
    const second = randomBytes(1000);
    const received = readBytes(socket, 2000, started);
    socket.write(first);
    await sleep(50);
    socket.write(second);
    await sleep(150);
    // An update restarts the toxic: the chunk it was sleeping on goes out at once, the queued one is
    // delayed afresh by the new latency (counted from its arrival), so both arrive long before 5 s.
    await call(target, 'PATCH', `/proxies/${name}/toxics/slow`, '{"attributes":{"latency":400}}');
    const { data, at } = await received;
    expect(data.equals(Buffer.concat([first, second]))).toBe(true);
    expect(at).toBeGreaterThanOrEqual(398);
    expect(at).toBeLessThan(late(2000));
    // Removing it mid-delay releases at once too.
    const third = randomBytes(500);
    const t3 = performance.now();
    const again = readBytes(socket, 500, t3);
    socket.write(third);
    await sleep(100);
    await call(target, 'DELETE', `/proxies/${name}/toxics/slow`);
    const released = await again;
    expect(released.data.equals(third)).toBe(true);
    expect(released.at).toBeLessThan(late(380));
  });

  it('spreads delays uniformly within latency ± jitter', async () => {
    const { port } = await proxyTo(echo.port, [{ type: 'latency', attributes: { latency: 100, jitter: 60 } }]);
    const delays: number[] = [];
    for (let i = 0; i < 8; i += 1) delays.push(await echoRoundTrip(port));
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(38);
      expect(d).toBeLessThan(late(220));
    }
    expect(Math.max(...delays) - Math.min(...delays)).toBeGreaterThan(10);
  });

  it('applies to connections that are already open', async () => {
    const { name, port } = await proxyTo(echo.port);
    const socket = await open(port);
    let started = performance.now();
    socket.write('a');
    expect((await readBytes(socket, 1, started)).at).toBeLessThan(late(50));
    await addToxic(target, name, { type: 'latency', attributes: { latency: 150 } });
    started = performance.now();
    socket.write('b');
    expect((await readBytes(socket, 1, started)).at).toBeGreaterThanOrEqual(148);
  });
});

describe('toxicity', () => {
  it('toxicity 0 keeps the toxic listed but without effect', async () => {
    const { port } = await proxyTo(echo.port, [{ type: 'latency', toxicity: 0, attributes: { latency: 300 } }]);
    expect(await echoRoundTrip(port)).toBeLessThan(late(100));
  });

  it('toxicity 0.5 is rolled per connection: some connections are hit, some are not', async () => {
    const { port } = await proxyTo(echo.port, [{ type: 'latency', toxicity: 0.5, attributes: { latency: 120 } }]);
    // A hit takes ≥ 120 ms; a miss takes a few ms plus whatever the loop was stalled meanwhile. A round
    // trip that a stall could have made look like a hit is not counted either way.
    const hits: boolean[] = [];
    for (let i = 0; i < 16 || hits.length < 8; i += 1) {
      stalls.reset();
      const at = await echoRoundTrip(port);
      if (at < 118) hits.push(false);
      else if (at > stalls.ms() + 20) hits.push(true);
      if (i > 64) break;
    }
    expect(hits.filter(Boolean).length).toBeGreaterThan(0);
    expect(hits.filter((h) => !h).length).toBeGreaterThan(0);
  });
});

describe('bandwidth', () => {
  it('caps throughput at rate KB/s (KB = 1000 bytes)', async () => {
    const { port } = await proxyTo(echo.port, [{ type: 'bandwidth', attributes: { rate: 20 } }]);
    const payload = randomBytes(10_000);
    const socket = await open(port);
    const started = performance.now();
    socket.write(payload);
    const { data, at } = await readBytes(socket, payload.length, started);
    expect(data.equals(payload)).toBe(true);
    // 10 000 B at 20 000 B/s = 500 ms.
    expect(at).toBeGreaterThanOrEqual(400);
    expect(at).toBeLessThan(late(900));
  });

  it('rate 0 stalls the stream (no data), as in real Toxiproxy', async () => {
    const { port } = await proxyTo(echo.port, [{ type: 'bandwidth', attributes: { rate: 0 } }]);
    const socket = await open(port);
    let got = 0;
    socket.on('data', (d: Buffer) => {
      got += d.length;
    });
    socket.write('hello');
    await sleep(300);
    expect(got).toBe(0);
  });
});

describe('slow_close', () => {
  it('passes data at once and delays the close by delay ms', async () => {
    const upstream = await server((s) => s.end('bye'));
    const { port } = await proxyTo(upstream.port, [{ type: 'slow_close', attributes: { delay: 300 } }]);
    const socket = await open(port);
    const started = performance.now();
    const first = readBytes(socket, 3, started);
    const done = collect(socket, started);
    expect((await first).at).toBeLessThan(late(100));
    const { closedAt } = await done;
    expect(closedAt).toBeGreaterThanOrEqual(295);
    expect(closedAt).toBeLessThan(late(450));
  });
});

describe('timeout', () => {
  it('drops data and closes once timeout ms pass with no chunk (idle timer)', async () => {
    const { port } = await proxyTo(echo.port, [{ type: 'timeout', stream: 'upstream', attributes: { timeout: 300 } }]);
    const socket = await open(port);
    const started = performance.now();
    const done = collect(socket, started);
    let lastWrite = 0;
    for (let i = 0; i < 3; i += 1) {
      socket.write('x');
      lastWrite = performance.now() - started;
      await sleep(150);
    }
    const { data, closedAt } = await done;
    expect(data.length).toBe(0);
    expect(closedAt - lastWrite).toBeGreaterThanOrEqual(290);
    expect(closedAt - lastWrite).toBeLessThan(late(450));
  });

  it('timeout 0 never closes and drops data; removing the toxic closes the connection', async () => {
    const { name, port } = await proxyTo(echo.port, [{ type: 'timeout', attributes: { timeout: 0 } }]);
    const socket = await open(port);
    const done = collect(socket);
    socket.write('hello');
    expect(await closesWithin(socket, 300)).toBe(false);
    await call(target, 'DELETE', `/proxies/${name}/toxics/timeout_downstream`);
    expect(await closesWithin(socket, 500)).toBe(true);
    expect((await done).data.length).toBe(0);
  });

  it('closes at once when the source side ends', async () => {
    const upstream = await server((s) => s.end('bye'));
    const { port } = await proxyTo(upstream.port, [{ type: 'timeout', attributes: { timeout: 5000 } }]);
    const socket = await open(port);
    const { data, closedAt } = await collect(socket);
    expect(data.length).toBe(0);
    expect(closedAt).toBeLessThan(late(300));
  });
});

describe('reset_peer', () => {
  it('resets (ECONNRESET) on the first chunk when present at accept, dropping the data', async () => {
    const { port } = await proxyTo(echo.port, [{ type: 'reset_peer', stream: 'upstream', attributes: { timeout: 0 } }]);
    const socket = await open(port);
    const done = collect(socket);
    socket.write('hello');
    const { data, error } = await done;
    expect(error?.code).toBe('ECONNRESET');
    expect(data.length).toBe(0);
  });

  it('waits timeout ms after the first chunk, not after connect', async () => {
    const { port } = await proxyTo(echo.port, [{ type: 'reset_peer', stream: 'upstream', attributes: { timeout: 200 } }]);
    const socket = await open(port);
    await sleep(150);
    const started = performance.now();
    const done = collect(socket, started);
    socket.write('hello');
    const { error, closedAt } = await done;
    expect(error?.code).toBe('ECONNRESET');
    expect(closedAt).toBeGreaterThanOrEqual(195);
    expect(closedAt).toBeLessThan(late(350));
  });

  it('works downstream too', async () => {
    const { port } = await proxyTo(echo.port, [{ type: 'reset_peer', attributes: { timeout: 0 } }]);
    const socket = await open(port);
    const done = collect(socket);
    socket.write('hello');
    expect((await done).error?.code).toBe('ECONNRESET');
  });

  it('added to an open connection, closes with a plain FIN (no RST)', async () => {
    const { name, port } = await proxyTo(echo.port);
    const socket = await open(port);
    const done = collect(socket);
    socket.write('a');
    await readBytes(socket, 1);
    await addToxic(target, name, { type: 'reset_peer', stream: 'upstream', attributes: { timeout: 0 } });
    socket.write('b');
    const { error, data } = await done;
    expect(error).toBeUndefined();
    expect(data.toString()).toBe('a');
  });
});

describe('slicer', () => {
  it('slices data into small pieces and keeps it byte-exact', async () => {
    const pieces: number[] = [];
    const payload = randomBytes(20_000);
    const received: Buffer[] = [];
    const sink = await server((s) =>
      s.on('data', (d: Buffer) => {
        pieces.push(d.length);
        received.push(d);
      }),
    );
    const { port } = await proxyTo(sink.port, [{ type: 'slicer', stream: 'upstream', attributes: { average_size: 100, size_variation: 10, delay: 2000 } }]);
    const socket = await open(port);
    const started = performance.now();
    socket.write(payload);
    const deadline = started + 5000;
    while (Buffer.concat(received).length < payload.length && performance.now() < deadline) await sleep(5);
    const elapsed = performance.now() - started;
    expect(Buffer.concat(received).equals(payload)).toBe(true);
    // About 200 pieces with a 2000 µs pause after each: at least ~400 ms in total.
    expect(elapsed).toBeGreaterThanOrEqual(300);
    // With a 2 ms pause after every ~100-byte piece, the receiver sees many small reads.
    // (A busy receiver may coalesce a few pieces per read, hence the loose bounds.)
    expect(pieces.length).toBeGreaterThan(20);
    expect([...pieces].sort((a, b) => a - b)[Math.floor(pieces.length / 2)]).toBeLessThan(1000);
  });

  it('accepts size_variation 0', async () => {
    const { port } = await proxyTo(echo.port, [{ type: 'slicer', attributes: { average_size: 10, size_variation: 0, delay: 0 } }]);
    const payload = randomBytes(5000);
    const socket = await open(port);
    socket.write(payload);
    expect((await readBytes(socket, payload.length)).data.equals(payload)).toBe(true);
  });
});

describe('limit_data', () => {
  it('truncates downstream at bytes and then closes', async () => {
    const { port } = await proxyTo(echo.port, [{ type: 'limit_data', attributes: { bytes: 100 } }]);
    const socket = await open(port);
    const done = collect(socket);
    socket.write(randomBytes(1000));
    const { data, error } = await done;
    expect(error).toBeUndefined();
    expect(data.length).toBe(100);
  });

  it('on upstream cuts the request and closes the whole connection (0 bytes back)', async () => {
    let upstreamGot = 0;
    const counting = await server((s) => {
      s.on('data', (d: Buffer) => {
        upstreamGot += d.length;
        s.write(d);
      });
    });
    const { port } = await proxyTo(counting.port, [{ type: 'limit_data', stream: 'upstream', attributes: { bytes: 100 } }]);
    const socket = await open(port);
    const done = collect(socket);
    socket.write(randomBytes(1000));
    const { data } = await done;
    await sleep(50);
    expect(upstreamGot).toBe(100);
    expect(data.length).toBeLessThanOrEqual(100);
  });

  it('closes as soon as exactly bytes bytes have passed, without waiting for more', async () => {
    const { port } = await proxyTo(echo.port, [{ type: 'limit_data', attributes: { bytes: 100 } }]);
    const socket = await open(port);
    const started = performance.now();
    const done = collect(socket, started);
    socket.write(Buffer.alloc(100, 3));
    const { data, closedAt } = await done;
    expect(data.length).toBe(100);
    expect(closedAt).toBeLessThan(late(300));
  });

  it('bytes 0 waits for the first chunk, then closes without sending anything', async () => {
    const { port } = await proxyTo(echo.port, [{ type: 'limit_data', attributes: { bytes: 0 } }]);
    const socket = await open(port);
    const done = collect(socket);
    expect(await closesWithin(socket, 200)).toBe(false);
    socket.write('hello');
    expect((await done).data.length).toBe(0);
  });

  it('keeps its byte count per connection across updates', async () => {
    const { name, port } = await proxyTo(echo.port, [{ name: 'limit', type: 'limit_data', attributes: { bytes: 100 } }]);
    const socket = await open(port);
    const done = collect(socket);
    socket.write(Buffer.alloc(60, 1));
    await readBytes(socket, 60);
    await call(target, 'PATCH', `/proxies/${name}/toxics/limit`, '{"attributes":{"bytes":150}}');
    socket.write(Buffer.alloc(100, 2));
    const { data } = await done;
    // 60 before the update + 90 more = 150: the count survived the restart.
    expect(data.length).toBe(150);
  });
});

describe('live changes', () => {
  it('loses no data while toxics are added, updated and removed under load', async () => {
    const { name, port } = await proxyTo(echo.port);
    const payload = randomBytes(3_000_000);
    const socket = await open(port);
    const received = readBytes(socket, payload.length);
    let stop = false;
    const churn = (async () => {
      let i = 0;
      while (!stop) {
        const stream = i % 2 === 0 ? 'upstream' : 'downstream';
        await addToxic(target, name, { name: `lat${i}`, type: 'latency', stream, attributes: { latency: 1 } });
        await addToxic(target, name, { name: `sl${i}`, type: 'slicer', stream, attributes: { average_size: 5000, size_variation: 100, delay: 0 } });
        await call(target, 'PATCH', `/proxies/${name}/toxics/lat${i}`, '{"attributes":{"latency":2}}');
        await addToxic(target, name, { name: `noop${i}`, type: 'noop', stream });
        await call(target, 'DELETE', `/proxies/${name}/toxics/sl${i}`);
        await call(target, 'DELETE', `/proxies/${name}/toxics/lat${i}`);
        await call(target, 'DELETE', `/proxies/${name}/toxics/noop${i}`);
        i += 1;
      }
      return i;
    })();
    for (let offset = 0; offset < payload.length; offset += 64 * 1024) {
      if (!socket.write(payload.subarray(offset, offset + 64 * 1024))) await new Promise((r) => socket.once('drain', r));
      await sleep(1);
    }
    const { data } = await received;
    stop = true;
    const rounds = await churn;
    expect(rounds).toBeGreaterThan(0);
    expect(data.length).toBe(payload.length);
    expect(data.equals(payload)).toBe(true);
  });
});
