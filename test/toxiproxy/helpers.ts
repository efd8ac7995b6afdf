/**
 * Shared fixtures for the Toxiproxy conformance suite. With TOXIPROXY_URL set, tests talk to that
 * server (a real Toxiproxy, to check the claim); otherwise each file starts the embedded server on
 * an ephemeral port. Everything listens on 127.0.0.1 only.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { startToxiproxyServer, type ToxiproxyServer } from '../../src/toxiproxy/index.js';

/** The server under test. */
export interface Target {
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

/** Starts the embedded server, or points at TOXIPROXY_URL when set. */
export async function startTarget(seed = 42): Promise<Target> {
  const external = process.env.TOXIPROXY_URL;
  if (external !== undefined && external !== '') return { url: external.replace(/\/$/, ''), embedded: false, close: async () => undefined };
  const server: ToxiproxyServer = await startToxiproxyServer({ port: 0, seed });
  return { url: server.url, embedded: true, close: () => server.close() };
}

/** A raw HTTP exchange. */
export interface ApiReply {
  status: number;
  text: string;
  contentType: string | null;
  headers: Headers;
}

/** Calls the API with fetch (User-Agent `node`, so not browser-blocked). */
export async function call(target: Target, method: string, path: string, body?: string, headers?: Record<string, string>): Promise<ApiReply> {
  const response = await fetch(`${target.url}${path}`, { method, body, headers, redirect: 'manual' });
  return { status: response.status, text: await response.text(), contentType: response.headers.get('content-type'), headers: response.headers };
}

let counter = 0;
/** A proxy or toxic name unique within this process (files may share an external server). */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}_${process.pid}_${counter}`;
}

/** A TCP server on 127.0.0.1 that tracks its sockets so `close` always finishes. */
export interface TestServer {
  port: number;
  sockets: Set<Socket>;
  close(): Promise<void>;
}

/** Starts a TCP server with the given connection handler. */
export async function startServer(onConnection: (socket: Socket) => void, options: { allowHalfOpen?: boolean } = {}): Promise<TestServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer({ allowHalfOpen: options.allowHalfOpen ?? false }, (socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    port,
    sockets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** An echo server. */
export function startEcho(): Promise<TestServer> {
  return startServer((socket) => socket.pipe(socket));
}

/** Connects to 127.0.0.1:port; rejects on error (e.g. ECONNREFUSED). */
export function connectTo(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', noDelay: true });
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** Everything a socket received until it closed, how it ended, and when (ms since `since`). */
export interface Received {
  data: Buffer;
  error: NodeJS.ErrnoException | undefined;
  closedAt: number;
}

/** Collects data until the socket closes. */
export function collect(socket: Socket, since = performance.now()): Promise<Received> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let error: NodeJS.ErrnoException | undefined;
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      error = e;
    });
    socket.on('close', () => resolve({ data: Buffer.concat(chunks), error, closedAt: performance.now() - since }));
  });
}

/** Resolves with the time (ms since `since`) at which `bytes` bytes have arrived. */
export function readBytes(socket: Socket, bytes: number, since = performance.now()): Promise<{ data: Buffer; at: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let got = 0;
    const onData = (c: Buffer): void => {
      chunks.push(c);
      got += c.length;
      if (got >= bytes) {
        socket.off('data', onData);
        socket.off('close', onClose);
        resolve({ data: Buffer.concat(chunks), at: performance.now() - since });
      }
    };
    const onClose = (): void => reject(new Error(`socket closed after ${got} of ${bytes} bytes`));
    socket.on('data', onData);
    socket.once('close', onClose);
  });
}

/** Resolves true if the socket closes within `ms`, false otherwise. */
export function closesWithin(socket: Socket, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (socket.destroyed) {
      resolve(true);
      return;
    }
    // When the time is up, let the loop read what already arrived first (a stalled loop runs expired
    // timers before it polls sockets, so a close that came in time would otherwise lose the race).
    const timer = setTimeout(() => setImmediate(() => setImmediate(() => resolve(socket.destroyed))), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Creates a proxy on an ephemeral 127.0.0.1 port and returns its listen port. */
export async function createProxy(target: Target, name: string, upstreamPort: number, enabled = true): Promise<{ port: number; json: Record<string, unknown> }> {
  const reply = await call(target, 'POST', '/proxies', JSON.stringify({ name, listen: '127.0.0.1:0', upstream: `127.0.0.1:${upstreamPort}`, enabled }));
  if (reply.status !== 201) throw new Error(`create proxy failed: ${reply.status} ${reply.text}`);
  const json = JSON.parse(reply.text) as Record<string, unknown>;
  return { port: Number(String(json.listen).split(':').pop()), json };
}

/** Adds a toxic through the raw API and fails loudly if it is refused. */
export async function addToxic(target: Target, proxy: string, body: Record<string, unknown>): Promise<void> {
  const reply = await call(target, 'POST', `/proxies/${proxy}/toxics`, JSON.stringify(body));
  if (reply.status !== 200) throw new Error(`add toxic failed: ${reply.status} ${reply.text}`);
}

/** Deletes proxies by name, ignoring 404s (cleanup). */
export async function deleteProxies(target: Target, names: string[]): Promise<void> {
  for (const name of names) await call(target, 'DELETE', `/proxies/${name}`);
}
