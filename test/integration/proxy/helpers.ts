/**
 * Fixtures for the proxy-mode tests: the Toxiproxy server under test (the embedded one on an
 * ephemeral loopback port, or a real one when TOXIPROXY_URL is set), a tiny HTTP upstream, and a
 * fresh working directory for `.faultline/`. Run ids are unique per test so that files sharing a
 * real server never see each other's proxies.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startToxiproxyServer } from '../../../src/toxiproxy/index.js';

export interface Target {
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

export async function startTarget(seed = 7): Promise<Target> {
  const external = process.env.TOXIPROXY_URL;
  if (external !== undefined && external !== '') return { url: external.replace(/\/+$/, ''), embedded: false, close: async () => undefined };
  const server = await startToxiproxyServer({ host: '127.0.0.1', port: 0, seed });
  return { url: server.url, embedded: true, close: () => server.close() };
}

/** An HTTP server on 127.0.0.1 answering `ok <path>`; `upstream` is its `host:port`. */
export interface Upstream {
  upstream: string;
  hits: number;
  close(): Promise<void>;
}

export async function startUpstream(): Promise<Upstream> {
  const state = { hits: 0 };
  const server: Server = createServer((req, res) => {
    state.hits += 1;
    res.setHeader('connection', 'close');
    res.end(`ok ${req.url ?? ''}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    upstream: `127.0.0.1:${port}`,
    get hits() {
      return state.hits;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Serves a fixed answer on every path (a server that is not Toxiproxy, or the wrong version). */
export async function startFake(status: number, body: string, contentType = 'application/json'): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': contentType });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

let counter = 0;
/** A run id unique to this process and call. */
export function runId(label: string): string {
  counter += 1;
  return `t${process.pid.toString(36)}${counter}-${label}`;
}

export async function tempRoot(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'faultline-proxy-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** GET through a proxy listening on `listen` (`127.0.0.1:port`); resolves to the body or the error code. */
export async function getVia(listen: string, path = '/x'): Promise<string> {
  try {
    const response = await fetch(`http://${listen}${path}`, { signal: AbortSignal.timeout(3000), headers: { connection: 'close' } });
    return await response.text();
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    return `error ${e.cause?.code ?? e.name}`;
  }
}

/** Raw API call (for checks independent of the code under test). */
export async function api(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${url}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let json: unknown = text;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    // text body
  }
  return { status: response.status, json };
}

/** Names of the proxies on the server that start with `prefix`, and their toxics. */
export async function serverState(url: string, prefix: string): Promise<{ proxies: string[]; toxics: string[] }> {
  const { json } = await api(url, 'GET', '/proxies');
  const all = json as Record<string, { toxics: { name: string }[] }>;
  const proxies = Object.keys(all).filter((n) => n.startsWith(prefix)).sort();
  return { proxies, toxics: proxies.flatMap((p) => all[p]!.toxics.map((t) => `${p}/${t.name}`)) };
}
