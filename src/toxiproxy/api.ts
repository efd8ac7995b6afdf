/**
 * The Toxiproxy 2.12 HTTP API (Go's `api.go` behind gorilla/mux): same routes, status codes,
 * bodies, content types, error strings and order of checks. Requests are handled one at a time,
 * which stands in for the locks Go holds while it changes proxies and toxics.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { posix } from 'node:path';
import { API_ERRORS, marshalApiError, toApiError } from './api-error.js';
import { marshalGo } from './go-json.js';
import type { ToxiproxyLogger } from './logger.js';
import type { ProxyMetrics } from './metrics.js';
import { decodeRequestBody, PROXY_TYPE, type ProxyCollection } from './proxy-collection.js';
import { newRequestId } from './request-id.js';
import { marshalToxic } from './toxic-wrapper.js';

/** The version string `/version` reports. */
export const TOXIPROXY_VERSION = '2.12.0';

/** What the API handlers work on. */
export interface ApiState {
  proxies: ProxyCollection;
  metrics: ProxyMetrics | undefined;
  logger: ToxiproxyLogger;
  /** Go's `http.TimeoutHandler`: a request not answered within this many ms gets an empty 503. */
  handlerTimeoutMs: number;
}

/** Toxiproxy wraps its router in a 25 s `http.TimeoutHandler`. */
export const API_HANDLER_TIMEOUT_MS = 25_000;

interface Reply {
  status: number;
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

const json = (status: number, body: string): Reply => ({ status, body, contentType: 'application/json' });
const empty = (status: number): Reply => ({ status });

/** `http.Error`: text/plain with nosniff, and a newline after the body. */
function plainError(status: number, body: string): Reply {
  return { status, body: `${body}\n`, contentType: 'text/plain; charset=utf-8', headers: { 'X-Content-Type-Options': 'nosniff' } };
}

function apiError(error: unknown): Reply {
  const e = toApiError(error);
  return plainError(e.status, marshalApiError(e));
}

type Handler = (params: string[], body: string, method: string) => Promise<Reply> | Reply;

interface Route {
  pattern: string[];
  methods: Record<string, Handler>;
}

function match(pattern: string[], segments: string[]): string[] | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: string[] = [];
  for (let i = 0; i < pattern.length; i += 1) {
    const p = pattern[i]!;
    const s = segments[i]!;
    if (p === '*') {
      // mux's default variable pattern is [^/]+: never empty.
      if (s === '') return undefined;
      params.push(s);
    } else if (p !== s) return undefined;
  }
  return params;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** Builds the request listener for `http.createServer`. */
export function createApiHandler(state: ApiState): (request: IncomingMessage, response: ServerResponse) => void {
  const { proxies, logger } = state;
  const deprecated = (method: string, handler: string): void => {
    // Toxiproxy's wording, typo included.
    if (method === 'POST') logger.warn(`${handler}: HTTP method POST is depercated. Use HTTP PATCH instead.`);
  };
  const routes: Route[] = [
    { pattern: ['', 'reset'], methods: { POST: () => resetState(state) } },
    {
      pattern: ['', 'proxies'],
      methods: {
        GET: () => json(200, `{${proxies.list().map((p) => `${marshalGo(p.name)}:${p.toJson()}`).join(',')}}`),
        POST: async (_p, body) => {
          const input = decodeRequestBody(body, PROXY_TYPE, { name: '', listen: '', upstream: '', enabled: true }) as {
            name: string;
            listen: string;
            upstream: string;
            enabled: boolean;
          };
          if (input.name === '') throw API_ERRORS.missingField('name');
          if (input.upstream === '') throw API_ERRORS.missingField('upstream');
          const proxy = await proxies.add(input);
          return json(201, proxy.toJson());
        },
      },
    },
    {
      pattern: ['', 'populate'],
      methods: {
        POST: async (_p, body) => {
          let result: Awaited<ReturnType<ProxyCollection['populate']>>;
          try {
            result = await proxies.populate(body);
          } catch (error) {
            const e = toApiError(error);
            return json(e.status, `{"error":${marshalGo(e.message)},"status":${e.status},"proxies":null}`);
          }
          // Go builds this slice by appending to nil, so an empty result marshals as null.
          const list = result.proxies.length === 0 ? 'null' : `[${result.proxies.map((p) => p.toJson()).join(',')}]`;
          if (result.error !== undefined) {
            const e = result.error;
            return json(e.status, `${marshalApiError(e).slice(0, -1)},"proxies":${list}}`);
          }
          return json(201, `{"proxies":${list}}`);
        },
      },
    },
    {
      pattern: ['', 'proxies', '*'],
      methods: {
        GET: ([name]) => json(200, proxies.get(name!).toJson()),
        PATCH: (params, body, method) => updateProxy(params[0]!, body, method),
        POST: (params, body, method) => updateProxy(params[0]!, body, method),
        DELETE: ([name]) => {
          proxies.remove(name!);
          return empty(204);
        },
      },
    },
    {
      pattern: ['', 'proxies', '*', 'toxics'],
      methods: {
        GET: ([name]) => json(200, `[${proxies.get(name!).toxics.list().map(marshalToxic).join(',')}]`),
        POST: async ([name], body) => json(200, marshalToxic(await proxies.get(name!).toxics.addToxicJson(body))),
      },
    },
    {
      pattern: ['', 'proxies', '*', 'toxics', '*'],
      methods: {
        GET: ([name, toxicName]) => {
          const toxic = proxies.get(name!).toxics.find(toxicName!);
          if (toxic === undefined) throw API_ERRORS.toxicNotFound();
          return json(200, marshalToxic(toxic));
        },
        PATCH: (params, body, method) => updateToxic(params, body, method),
        POST: (params, body, method) => updateToxic(params, body, method),
        DELETE: async ([name, toxicName]) => {
          await proxies.get(name!).toxics.removeToxic(toxicName!);
          return empty(204);
        },
      },
    },
    {
      pattern: ['', 'version'],
      methods: { GET: () => ({ status: 200, body: `{"version": "${TOXIPROXY_VERSION}"}\n`, contentType: 'application/json;charset=utf-8' }) },
    },
  ];

  async function updateProxy(name: string, body: string, method: string): Promise<Reply> {
    deprecated(method, 'ProxyUpdate');
    const proxy = proxies.get(name);
    const input = decodeRequestBody(body, PROXY_TYPE, { name: '', listen: proxy.listen, upstream: proxy.upstream, enabled: proxy.enabled }) as {
      listen: string;
      upstream: string;
      enabled: boolean;
    };
    await proxy.update(input);
    return json(200, proxy.toJson());
  }

  async function updateToxic([name, toxicName]: string[], body: string, method: string): Promise<Reply> {
    deprecated(method, 'ToxicUpdate');
    const toxic = await proxies.get(name!).toxics.updateToxicJson(toxicName!, body);
    return json(200, marshalToxic(toxic));
  }

  const route = async (method: string, rawUrl: string, body: string): Promise<Reply> => {
    // Split by hand: `new URL('//x', base)` would read a leading `//` as a host.
    const queryAt = rawUrl.indexOf('?');
    const rawPath = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
    const search = queryAt < 0 ? '' : rawUrl.slice(queryAt);
    let path: string;
    try {
      path = decodeURIComponent(rawPath);
    } catch {
      return plainError(400, '400 Bad Request');
    }
    const clean = posix.normalize(path);
    if (clean !== path) return { status: 301, headers: { Location: clean + search } };
    const segments = path.split('/');
    if (state.metrics !== undefined && path === '/metrics') {
      return { status: 200, body: state.metrics.render(), contentType: 'text/plain; version=0.0.4; charset=utf-8' };
    }
    for (const r of routes) {
      const params = match(r.pattern, segments);
      if (params === undefined) continue;
      const handler = r.methods[method];
      if (handler === undefined) return empty(405);
      try {
        return await handler(params, body, method);
      } catch (error) {
        return apiError(error);
      }
    }
    return plainError(404, '404 page not found');
  };

  let queue: Promise<unknown> = Promise.resolve();
  return (request, response) => {
    const started = performance.now();
    response.setHeader('X-Toxiproxy-Request-Id', newRequestId(Date.now()));
    const send = (reply: Reply): void => {
      const headers: Record<string, string | number> = { ...reply.headers };
      if (reply.contentType !== undefined) headers['Content-Type'] = reply.contentType;
      if (reply.status !== 204) headers['Content-Length'] = Buffer.byteLength(reply.body ?? '');
      response.writeHead(reply.status, headers);
      response.end(reply.body);
      logger.info('request', { method: request.method, path: request.url, status: reply.status, ms: Math.round(performance.now() - started) });
    };
    if ((request.headers['user-agent'] ?? '').startsWith('Mozilla/')) {
      request.resume();
      send(plainError(403, 'User agent not allowed'));
      return;
    }
    const run = readBody(request).then((body) => {
      // One request at a time, as Go's collection locks would serialise them.
      const handled = queue.then(() => route(request.method ?? 'GET', request.url ?? '/', body));
      queue = handled.catch(() => undefined);
      let timer: NodeJS.Timeout | undefined;
      // The handler goes on in the background (as in Go); the client just stops waiting for it.
      const timedOut = new Promise<Reply>((resolve) => {
        timer = setTimeout(() => resolve(empty(503)), state.handlerTimeoutMs);
        timer.unref();
      });
      return Promise.race([handled, timedOut]).finally(() => clearTimeout(timer));
    });
    run.then(send, (error: unknown) => send(apiError(error)));
  };
}

async function resetState(state: ApiState): Promise<Reply> {
  for (const proxy of state.proxies.list()) {
    if (!proxy.enabled) await proxy.start();
    await proxy.toxics.removeAll();
  }
  return empty(204);
}
