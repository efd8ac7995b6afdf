/**
 * `faultline mocks serve`: a scenario's mocks over plain HTTP on 127.0.0.1 for manual exploration
 * (curl, Postman, a firm's service in development), with the scenario's faults on their timeline.
 *
 * Time is live here: scenario time starts at the scenario's start and runs `speed`× faster than the
 * wall clock; latencies and fault windows scale with it. Providers are reached by path prefix
 * (`http://127.0.0.1:8787/<provider-id>/api/v3/ping`) or by Host header (`<provider-id>.faultline.test`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse } from 'msw';
import type { RunEventBody } from '../engine/events.js';
import type { Plan } from '../engine/plan.js';
import { createRng } from '../engine/rng.js';
import { buildProviderModels } from '../providers/execute-request.js';
import { createScenarioMocks, type ScenarioMocks } from '../../mocks/index.js';
import type { AdmittedCall } from '../../mocks/backend.js';
import { H_ATTEMPT, H_REQUEST_ID, MOCK_DOMAIN, providerBaseUrl } from './msw-wire.js';

/** Scenario time mapped onto the wall clock, `speed`× faster. */
export class LiveScenarioClock {
  private wall0 = performance.now();
  private readonly timers = new Set<NodeJS.Timeout>();
  constructor(private readonly startMs: number, private readonly speed: number) {}
  now(): number {
    return this.startMs + Math.floor((performance.now() - this.wall0) * this.speed);
  }
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.after(ms, resolve));
  }
  at(t: number, fire: () => void): void {
    this.after(t - this.now(), fire);
  }
  private after(ms: number, fire: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fire();
    }, Math.max(0, ms) / this.speed);
    timer.unref();
    this.timers.add(timer);
  }
  /**
   * Scenario time starts again at the scenario's start, now. Proxy mode calls it once the firm's
   * service is up, so the seconds it took to start are not scenario minutes lost. Only before
   * anything was scheduled on this clock (pending timers would keep their old wall deadlines).
   */
  restart(): void {
    this.wall0 = performance.now();
  }

  /** Drop every pending timer (server shutdown). */
  clear(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

export interface ServeMocksOptions {
  plan: Plan;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Scenario seconds per wall second (default 1). */
  speed?: number;
  /** Serve the baseline (no faults) instead of the faulted run. */
  baseline?: boolean;
  /** Execution records and other events the mocks produce, with their scenario time. */
  onEvent?: (event: RunEventBody, t: number) => void;
  /** One line per request. */
  log?: (line: string) => void;
  /**
   * Also listen on one port per provider, answering that provider's API at the root (`/api/v3/…`,
   * no `/<provider-id>` prefix): proxy mode puts each provider's Toxiproxy proxy in front of its
   * own port, so a service is handed plain base URLs (`http://127.0.0.1:21001`).
   */
  perProvider?: boolean;
  /**
   * Requests that arrive without faultline's correlation headers (a firm's service) are admitted
   * as `svc:<n>`, attempt 1, and reported here once the mock knows how they ended, so that they can
   * be journaled as attempts from the mocks' side.
   */
  onForeignAttempt?: (attempt: ForeignAttempt) => void;
}

/** How a request without correlation headers ended, as the mock saw it. */
export interface ForeignAttempt {
  call: AdmittedCall;
  /** What the client got, in ProviderBackend.outcomeOf's terms (`timeout`: it hung up first). */
  observed: 'ok' | 'http' | 'timeout' | 'connect' | 'reset' | 'malformed';
  status?: number;
  /** Scenario ms from arrival to the end of the answer (or the hang-up). */
  latencyMs: number;
  /** Whether the request carried an idempotency key or client order id. */
  idempotent: boolean;
}

export interface MocksServer {
  url: string;
  port: number;
  clock: LiveScenarioClock;
  mocks: ScenarioMocks;
  /** `http://127.0.0.1:<port>/<provider-id>` per provider. */
  providerUrls: Record<string, string>;
  /** With `perProvider`: the port answering each provider's API at the root. */
  providerPorts: Record<string, number>;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Map an incoming request onto the mock URL it means, or undefined. */
function mockUrl(req: IncomingMessage, providers: ReadonlySet<string>): string | undefined {
  const host = (req.headers.host ?? '').split(':')[0] ?? '';
  const path = req.url ?? '/';
  if (host.endsWith(`.${MOCK_DOMAIN}`) && providers.has(host.slice(0, -MOCK_DOMAIN.length - 1))) return `https://${host}${path}`;
  const m = /^\/([^/?]+)(\/.*)?$/.exec(path);
  if (m === null || !providers.has(m[1]!)) return undefined;
  return `${providerBaseUrl(m[1]!)}${m[2] ?? '/'}`;
}

const isIdempotent = (headers: Headers, url: string, body: Buffer | undefined): boolean =>
  headers.has('idempotency-key') || headers.has('paypal-request-id') || /[?&]newClientOrderId=/.test(url) || (body !== undefined && /(^|&)newClientOrderId=/.test(body.toString('utf8')));

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

export async function serveMocks(options: ServeMocksOptions): Promise<MocksServer> {
  const { plan } = options;
  const scenario = plan.scenario;
  const clock = new LiveScenarioClock(scenario.startMs, options.speed ?? 1);
  const mocks = createScenarioMocks({
    scenario, providers: scenario.providers, faults: options.baseline === true ? [] : plan.faults, models: buildProviderModels(scenario, plan.market),
    clock, rng: createRng(plan.seed).fork('run').fork('transport'), market: plan.market,
    emit: (e) => options.onEvent?.(e, clock.now()),
  });
  const { backend } = mocks;
  const providers = new Set(scenario.providers.map((p) => p.id));
  let foreignSeq = 0;
  const handle = async (req: IncomingMessage, res: ServerResponse, url: string | undefined): Promise<void> => {
    const t0 = clock.now();
    if (url === undefined) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'unknown provider', providers: [...providers] }));
      return;
    }
    const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readBody(req);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && k !== 'host') headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    // A foreign client (a firm's service): give it an id here, so the mock's record of the call can
    // be found and classified when the exchange ends.
    let settle: ((observed: ForeignAttempt['observed'], status?: number) => void) | undefined;
    if (options.onForeignAttempt !== undefined && !headers.has(H_REQUEST_ID)) {
      foreignSeq += 1;
      const requestId = `svc:${foreignSeq}`;
      headers.set(H_REQUEST_ID, requestId);
      headers.set(H_ATTEMPT, '1');
      const idempotent = isIdempotent(headers, url, body);
      const report = options.onForeignAttempt;
      let done = false;
      settle = (observed, status) => {
        if (done) return;
        done = true;
        const call = backend.lookup(requestId, 1);
        if (call === undefined) return; // a route faultline does not model (reference data): not an attempt
        backend.forget(call);
        report({ call, observed, ...(status === undefined ? {} : { status }), latencyMs: clock.now() - t0, idempotent });
      };
    }
    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) {
        abort.abort();
        settle?.('timeout'); // the client hung up before the answer (its timeout, or a toxic closed it)
      }
    });
    const request = new Request(url, { method: req.method ?? 'GET', headers, ...(body === undefined || body.length === 0 ? {} : { body }), signal: abort.signal });
    const response = await getResponse(mocks.handlers, request);
    const line = (status: string): void => options.log?.(`${new Date(t0).toISOString()} ${req.method} ${url} → ${status} (${clock.now() - t0} ms scenario time)`);
    if (response === undefined) {
      line('404 (no handler)');
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'no mock for this route' }));
      return;
    }
    if (response.type === 'error') {
      line('connection dropped');
      settle?.(abort.signal.aborted ? 'timeout' : 'connect');
      res.socket?.destroy();
      return;
    }
    const out: Record<string, string> = {};
    response.headers.forEach((v, k) => {
      out[k] = v;
    });
    try {
      const bytes = Buffer.from(await response.arrayBuffer());
      line(String(response.status));
      const s = response.status;
      if (settle !== undefined) {
        const call = backend.lookup(headers.get(H_REQUEST_ID) ?? '', 1);
        settle(s === 429 || s === 418 || s >= 500 ? 'http' : s < 400 && backend.describeMalformed(call) !== undefined ? 'malformed' : s >= 400 ? 'http' : 'ok', s);
      }
      res.writeHead(response.status, out).end(bytes);
    } catch {
      line(`${response.status}, then connection reset`);
      settle?.('reset', response.status);
      res.writeHead(response.status, out);
      res.flushHeaders();
      res.socket?.destroy();
    }
  };
  const serveWith = (urlOf: (req: IncomingMessage) => string | undefined): Server => createServer((req, res) => {
    handle(req, res, urlOf(req)).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
  });
  const host = options.host ?? '127.0.0.1';
  const servers: Server[] = [];
  const close = async (): Promise<void> => {
    clock.clear();
    await Promise.all(servers.map(closeServer));
  };
  try {
    const main = serveWith((req) => mockUrl(req, providers));
    servers.push(main);
    const port = await listen(main, host, options.port ?? 8787);
    const providerPorts: Record<string, number> = {};
    if (options.perProvider === true) {
      for (const id of providers) {
        const own = serveWith((req) => `${providerBaseUrl(id)}${req.url ?? '/'}`);
        servers.push(own);
        providerPorts[id] = await listen(own, host, 0);
      }
    }
    const url = `http://${host}:${port}`;
    return {
      url, port, clock, mocks, providerPorts, close,
      providerUrls: Object.fromEntries(scenario.providers.map((p) => [p.id, `${url}/${p.id}`])),
    };
  } catch (err) {
    await close();
    throw err;
  }
}
