/**
 * `integration: { type: http }` without a drill: the launcher (start, environment, ready, contract
 * check, stop of the whole process group) and its errors, and the request-contract client's errors.
 * Services are tiny inline Node scripts on loopback.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FaultlineError } from '../../src/errors.js';
import { createHttpServiceAdapter } from '../../src/integration/http-service-adapter.js';
import { HttpServiceLauncher, providerEnvName } from '../../src/integration/http-service.js';
import { loadScenario } from '../../src/io/read-scenario.js';
import type { HttpIntegrationModel, Scenario } from '../../src/scenario/model.js';

let dir: string;
let base: Scenario;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'faultline-http-service-'));
  base = await loadScenario('examples/order-router/drill.yaml');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const PROVIDER_URLS = { coingecko: 'http://127.0.0.1:1', binance: 'http://127.0.0.1:2', backup_lp: 'http://127.0.0.1:3', stripe: 'http://127.0.0.1:4' };

/** A service script: answers /health, /quote and /env (its FAULTLINE_* environment) on $PORT. */
const SERVICE = `
import { createServer } from 'node:http';
import { spawn } from 'node:child_process';
const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
createServer((req, res) => {
  res.setHeader('content-type', 'application/json');
  if (req.url === '/env') return res.end(JSON.stringify({ pid: process.pid, child: child.pid, env: Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('FAULTLINE_') || k === 'PORT' || k === 'ROUTER_LPS')) }));
  if (req.url === '/quote') return res.end(JSON.stringify({ status: 'UNAVAILABLE', reason: 'warming up' }));
  res.end('{"ok":true}');
}).listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening on ' + process.env.PORT));
if (process.env.STUBBORN === '1') process.on('SIGTERM', () => console.log('ignoring SIGTERM'));
`;

function launcher(integration: Partial<HttpIntegrationModel>, stopGraceMs?: number, log?: (line: string) => void): HttpServiceLauncher {
  const model = { ...(base.integration as HttpIntegrationModel), ready: { path: '/health', timeoutMs: 5000 }, ...integration };
  return new HttpServiceLauncher({ scenario: { ...base, integration: model }, integration: model, scenarioFile: join(dir, 'drill.yaml'), ...(stopGraceMs === undefined ? {} : { stopGraceMs }), ...(log === undefined ? {} : { log }) });
}

async function startError(l: HttpServiceLauncher): Promise<FaultlineError> {
  const err = await l.start({ index: 0, providerUrls: PROVIDER_URLS, speed: 60 }).then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(FaultlineError);
  return err as FaultlineError;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Whether `pid` is gone within `ms`. A process whose parent died first is a zombie until the
 * system reaps it (a second or so in some containers), and kill(pid, 0) still finds zombies.
 */
async function goneWithin(pid: number, ms = 3000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (alive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
  return true;
}

async function serve(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; port: number; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, port, server };
}

describe('HttpServiceLauncher', () => {
  test('FAULTLINE_<PROVIDER>_URL: upper-cased, non-alphanumerics as _', () => {
    expect(providerEnvName('backup_lp')).toBe('FAULTLINE_BACKUP_LP_URL');
    expect(providerEnvName('coin-gecko.v2')).toBe('FAULTLINE_COIN_GECKO_V2_URL');
  });

  test('starts the service with the proxies in its environment on a free port, and stops its whole process group', async () => {
    await writeFile(join(dir, 'svc.mjs'), SERVICE);
    const lines: string[] = [];
    const l = launcher({ command: 'node svc.mjs', url: 'http://127.0.0.1:0' }, undefined, (line) => lines.push(line));
    const started = await l.start({ index: 1, providerUrls: PROVIDER_URLS, speed: 30 });
    expect(started.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(l.url).toBe(started.url);
    const info = (await (await fetch(`${started.url}/env`)).json()) as { pid: number; child: number; env: Record<string, string> };
    expect(info.env).toMatchObject({
      FAULTLINE_COINGECKO_URL: 'http://127.0.0.1:1', FAULTLINE_BACKUP_LP_URL: 'http://127.0.0.1:3', FAULTLINE_STRIPE_URL: 'http://127.0.0.1:4',
      FAULTLINE_SPEED: '30', FAULTLINE_TIMEOUT_MS: '3000', FAULTLINE_REPLAY: 'baseline', FAULTLINE_SERVICE_URL: started.url,
      PORT: started.url.split(':').at(-1), ROUTER_LPS: 'binance,backup_lp',
    });
    expect(JSON.parse(info.env.FAULTLINE_PROVIDERS!)).toContainEqual({ id: 'binance', role: 'liquidity_provider', archetype: 'binance', url: 'http://127.0.0.1:2' });
    expect(alive(info.pid) && alive(info.child)).toBe(true);
    await started.stop();
    expect(alive(info.pid)).toBe(false); // `exec node svc.mjs`: faultline's own child, reaped by it
    expect(await goneWithin(info.child)).toBe(true); // the grandchild went with the group
    expect(lines.some((line) => line.startsWith('[baseline] listening on '))).toBe(true);
  }, 20_000);

  test('a service that ignores SIGTERM is killed after the grace period', async () => {
    await writeFile(join(dir, 'svc.mjs'), SERVICE);
    const l = launcher({ command: ['node', 'svc.mjs'], env: { STUBBORN: '1' } }, 300);
    const started = await l.start({ index: 0, providerUrls: PROVIDER_URLS, speed: 60 });
    const { pid } = (await (await fetch(`${started.url}/env`)).json()) as { pid: number };
    await started.stop();
    expect(await goneWithin(pid)).toBe(true);
  }, 20_000);

  test('command not found (argv, no shell): HTTP_SERVICE_COMMAND_NOT_FOUND', async () => {
    const err = await startError(launcher({ command: ['no-such-router-binary-xyz'] }));
    expect(err).toMatchObject({ code: 'HTTP_SERVICE_COMMAND_NOT_FOUND', kind: 'runtime' });
    expect(err.title).toContain('no-such-router-binary-xyz');
  });

  test('command not found through the shell (exit 127): the shell\'s words are in the detail', async () => {
    const err = await startError(launcher({ command: 'no-such-router-binary-xyz --port 1' }));
    expect(err.code).toBe('HTTP_SERVICE_COMMAND_NOT_FOUND');
    expect(err.detail).toMatch(/not found/);
  });

  test('exits before it is ready: HTTP_SERVICE_EXITED with its exit code and last output', async () => {
    const err = await startError(launcher({ command: [process.execPath, '-e', 'console.error("config file missing: router.toml"); process.exit(3)'] }));
    expect(err).toMatchObject({ code: 'HTTP_SERVICE_EXITED', kind: 'runtime' });
    expect(err.title).toContain('exit code 3');
    expect(err.detail).toContain('| config file missing: router.toml');
    expect(err.hint).toContain('FAULTLINE_*');
  });

  test('never ready: HTTP_SERVICE_NOT_READY names the last answer, and the process is stopped', async () => {
    const script = 'require("http").createServer((q, s) => { s.statusCode = 503; s.end("starting"); }).listen(Number(process.env.PORT), "127.0.0.1"); console.log("pid " + process.pid)';
    const lines: string[] = [];
    const l = launcher({ command: [process.execPath, '-e', script], ready: { path: '/health', timeoutMs: 600 } }, undefined, (line) => lines.push(line));
    const err = await startError(l);
    expect(err.code).toBe('HTTP_SERVICE_NOT_READY');
    expect(err.title).toContain('within 0.6s');
    expect(err.title).toContain('HTTP 503');
    const pid = Number(/pid (\d+)/.exec(lines.join('\n'))?.[1]);
    expect(pid).toBeGreaterThan(0);
    expect(await goneWithin(pid)).toBe(true);
  }, 15_000);

  test('port busy: HTTP_SERVICE_PORT_BUSY before anything is started', async () => {
    const busy = await serve((_q, s) => s.end('{}'));
    try {
      const err = await startError(launcher({ command: ['no-such-binary'], url: busy.url }));
      expect(err.code).toBe('HTTP_SERVICE_PORT_BUSY');
      expect(err.title).toContain(busy.url);
    } finally {
      busy.server.close();
    }
  });

  test('a service that does not speak the contract: HTTP_SERVICE_CONTRACT shows what came back', async () => {
    const script = 'require("http").createServer((q, s) => s.end(q.url === "/health" ? "ok" : JSON.stringify({ price: 42 }))).listen(Number(process.env.PORT), "127.0.0.1")';
    const err = await startError(launcher({ command: [process.execPath, '-e', script] }));
    expect(err.code).toBe('HTTP_SERVICE_CONTRACT');
    expect(err.title).toContain('POST');
    expect(err.title).toContain('{"price":42}');
  }, 15_000);

  test('no command and nothing at url: HTTP_SERVICE_UNREACHABLE', async () => {
    const gone = await serve(() => undefined);
    await new Promise<void>((resolve) => gone.server.close(() => resolve()));
    const { command: _ignored, ...rest } = base.integration as HttpIntegrationModel;
    void _ignored;
    const model: HttpIntegrationModel = { ...rest, url: gone.url, ready: { path: '/health', timeoutMs: 300 } };
    const l = new HttpServiceLauncher({ scenario: { ...base, integration: model }, integration: model, scenarioFile: join(dir, 'drill.yaml') });
    const err = await startError(l);
    expect(err.code).toBe('HTTP_SERVICE_UNREACHABLE');
    expect(err.hint).toContain('integration.command');
  });
});

describe('the request-contract client', () => {
  test('sends JSON with the scenario time, and names the call, the status and the body when the answer is wrong', async () => {
    const seen: { method?: string; url?: string; time?: string; body?: string }[] = [];
    const svc = await serve((q, s) => {
      let body = '';
      q.on('data', (c: Buffer) => (body += c.toString()));
      q.on('end', () => {
        seen.push({ method: q.method!, url: q.url!, time: String(q.headers['x-faultline-time']), body });
        if (q.url === '/quote') return s.end(JSON.stringify({ status: 'OK', price: '101400.5', ts: 1, provider: 'coingecko' }));
        if (q.url?.startsWith('/orders/')) return void s.writeHead(404).end();
        s.writeHead(500).end('Traceback: KeyError amount');
      });
    });
    try {
      const adapter = await createHttpServiceAdapter({ url: () => svc.url })({ providers: [], baseUrls: {}, timeoutMs: 2000, fetch, sleep: async () => undefined, now: () => 1_744_063_200_000 });
      expect(await adapter.getQuote({ instrument: 'BTC-AUD' })).toEqual({ status: 'OK', price: '101400.5', ts: 1, provider: 'coingecko' });
      expect(seen[0]).toEqual({ method: 'POST', url: '/quote', time: '1744063200000', body: '{"instrument":"BTC-AUD"}' });
      expect(await adapter.checkOrder!({ clientOrderId: 'H000001', instrument: 'BTC-AUD' })).toEqual({ status: 'NOT_FOUND' });
      expect(seen[1]?.url).toBe('/orders/H000001?instrument=BTC-AUD');
      await expect(adapter.createPayment!({ paymentId: 'P000001', idempotencyKey: 'idem-P000001', amount: '10.00', currency: 'AUD', customerId: 'C1', international: false }))
        .rejects.toThrow('POST /payments answered HTTP 500: Traceback: KeyError amount');
    } finally {
      svc.server.close();
    }
  });
});
