/**
 * The firm's service under test (`integration: { type: http }`, proxy mode): start it per replay
 * with the providers' proxy URLs in its environment, wait until it is ready, check that it speaks
 * the request contract, and stop it (its whole process group) at the end, on error, and on Ctrl-C.
 *
 * Environment handed to the command (docs/proxy-mode.md):
 *   FAULTLINE_<PROVIDER>_URL  base URL of each provider's proxy (id upper-cased, non-alphanumerics → _)
 *   FAULTLINE_PROVIDERS       JSON [{id, role, archetype, url}]
 *   FAULTLINE_SPEED           scenario ms per wall ms (scale timeouts and backoffs by it, or not)
 *   FAULTLINE_TIMEOUT_MS      integration.timeout in scenario ms (the provider timeout to use)
 *   FAULTLINE_REPLAY          faulted | baseline
 *   FAULTLINE_SERVICE_URL, PORT, HOST   where to listen
 *
 * The service's stdout and stderr go to `service.log` in the run folder (each line prefixed with
 * the replay); when it fails to start, the last lines are in the error.
 *
 * Without a command, the service already runs at `url` with fixed provider URLs (the scenario's
 * `proxies:`): it is only checked (ready, contract), and its state carries over between replays.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { isAbsolute, join } from 'node:path';
import { FaultlineError } from '../errors.js';
import type { HttpIntegrationModel, Scenario } from '../scenario/model.js';
import { H_FAULTLINE_TIME } from './http-service-adapter.js';

/** Where cleanups are registered (the run's signal handling). */
export interface ServiceCleanups {
  add(name: string, cleanup: () => Promise<void> | void): () => void;
}

export interface HttpServiceOptions {
  scenario: Scenario;
  integration: HttpIntegrationModel;
  /** The scenario file (command cwd is relative to its folder). */
  scenarioFile: string;
  /** Receives the service's output, line by line, prefixed with the replay. */
  log?: (line: string) => void;
  cleanups?: ServiceCleanups;
  /** Wall ms to wait for the process group to go after SIGTERM before SIGKILL (default 3000). */
  stopGraceMs?: number;
}

const TAIL_LINES = 20;
const REPLAYS = ['faulted', 'baseline'] as const;

/** `FAULTLINE_<PROVIDER>_URL`: the provider id upper-cased, every non-alphanumeric as `_`. */
export function providerEnvName(providerId: string): string {
  return `FAULTLINE_${providerId.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_URL`;
}

const serviceError = (code: string, title: string, detail: string | undefined, hint: string): FaultlineError =>
  new FaultlineError({ code, kind: 'runtime', title, ...(detail === undefined ? {} : { detail }), hint });

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A simple command line (words only, no shell syntax) runs as `exec <command>`: the shell becomes
 * the service, so there is one process to stop and it is faultline's own child. Otherwise the
 * shell forks; when it dies first its children are re-parented, and their exit is only final once
 * the system reaps them (which in a container can take a second).
 */
function shellLine(command: string): string {
  return /^[\w@%+=:,./-]+(\s+[\w@%+=:,./-]+)*\s*$/.test(command) ? `exec ${command}` : command;
}

/** Whether any process of the group is still running (zombies awaiting their reaper do not count, on Linux). */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  if (process.platform !== 'linux') return true;
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      } catch {
        continue;
      }
      // "pid (comm) state ppid pgrp …": comm may contain spaces and parentheses.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') return true;
    }
    return false;
  } catch {
    return true;
  }
}

/** A free TCP port on `host` (bound, then released). */
async function freePort(host: string): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Whether something accepts connections on host:port. */
function listening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (yes: boolean): void => {
      socket.destroy();
      resolve(yes);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.setTimeout(1000, () => done(false));
  });
}

/** One GET with a wall-clock limit: the status, or why there was none. */
async function probe(url: string, timeoutMs: number): Promise<{ status: number; text: string } | { error: string }> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return { status: res.status, text: await res.text() };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { error: cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error)) };
  }
}

/** Keeps the last lines of the service's output for error messages. */
class OutputTail {
  private readonly lines: string[] = [];
  private partial = '';
  constructor(private readonly prefix: string, private readonly log: ((line: string) => void) | undefined) {}
  push(chunk: Buffer): void {
    const text = this.partial + chunk.toString('utf8');
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.add(line);
  }
  flush(): void {
    if (this.partial !== '') this.add(this.partial);
    this.partial = '';
  }
  private add(line: string): void {
    this.lines.push(line);
    if (this.lines.length > TAIL_LINES) this.lines.shift();
    this.log?.(`[${this.prefix}] ${line}`);
  }
  text(): string | undefined {
    this.flush();
    return this.lines.length === 0 ? undefined : `last output of the service:\n${this.lines.map((l) => `  | ${l}`).join('\n')}`;
  }
}

export interface StartedService {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts and stops the service, one instance per replay (`ProxyService` of proxy-mode.ts). `url`
 * is the current replay's base URL (the adapter reads it when the replay's integration is built).
 */
export class HttpServiceLauncher {
  private current: string;
  private readonly host: string;
  private readonly port: number;

  constructor(private readonly options: HttpServiceOptions) {
    const u = new URL(options.integration.url);
    this.host = u.hostname.replace(/^\[|\]$/g, '');
    this.port = Number(u.port === '' ? 80 : u.port);
    this.current = options.integration.url.replace(/\/+$/, '');
  }

  /** The base URL of the service of the current replay. */
  get url(): string {
    return this.current;
  }

  private get describe(): string {
    const c = this.options.integration.command;
    return c === undefined ? this.options.integration.url : Array.isArray(c) ? c.join(' ') : c;
  }

  async start(replay: { index: number; providerUrls: Readonly<Record<string, string>>; speed: number }): Promise<StartedService> {
    const integration = this.options.integration;
    if (integration.command === undefined) {
      await this.waitReady(undefined, undefined);
      await this.checkContract(undefined);
      return { url: this.current, stop: async () => undefined };
    }
    const port = this.port === 0 ? await freePort(this.host) : this.port;
    const url = `http://${this.host.includes(':') ? `[${this.host}]` : this.host}:${port}`;
    if (this.port !== 0 && await listening(this.host, port)) {
      throw serviceError('HTTP_SERVICE_PORT_BUSY', `cannot start the service: something already listens on ${url}`,
        `faultline would send the drill's requests to whatever is there, not to the service it starts (${this.describe})`,
        'stop what runs there, choose another port in integration.url (port 0 lets faultline pick a free one), or remove integration.command to drive the running service');
    }
    this.current = url;
    const variant = REPLAYS[replay.index] ?? `replay-${replay.index}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...integration.env,
      FAULTLINE_SERVICE_URL: url,
      PORT: String(port),
      HOST: this.host,
      FAULTLINE_SPEED: String(replay.speed),
      FAULTLINE_TIMEOUT_MS: String(integration.timeoutMs),
      FAULTLINE_REPLAY: variant,
      FAULTLINE_PROVIDERS: JSON.stringify(this.options.scenario.providers.map((p) => ({ id: p.id, role: p.role, archetype: p.archetype, url: replay.providerUrls[p.id] }))),
    };
    for (const [id, providerUrl] of Object.entries(replay.providerUrls)) env[providerEnvName(id)] = providerUrl;
    const cwd = this.cwd();
    const tail = new OutputTail(variant, this.options.log);
    const command = integration.command;
    // Its own process group, so stopping it reaches a shell's children too; stdin stays open as a
    // lifeline: it closes when faultline goes, however it goes (a service may exit on its EOF).
    const child = typeof command === 'string'
      ? spawn(shellLine(command), { cwd, env, shell: true, detached: true, stdio: ['pipe', 'pipe', 'pipe'] })
      : spawn(command[0]!, command.slice(1), { cwd, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout?.on('data', (c: Buffer) => tail.push(c));
    child.stderr?.on('data', (c: Buffer) => tail.push(c));
    child.stdin?.on('error', () => undefined);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: NodeJS.ErrnoException }>((resolve) => {
      child.once('error', (error: NodeJS.ErrnoException) => resolve({ code: null, signal: null, error }));
      child.once('exit', (code, signal) => resolve({ code, signal }));
    });
    let stopping: Promise<void> | undefined;
    const stop = (): Promise<void> => {
      stopping ??= this.stopGroup(child, exited).finally(() => {
        tail.flush();
        unregister?.();
      });
      return stopping;
    };
    const unregister = this.options.cleanups?.add(`service ${this.describe} (pid ${child.pid ?? '?'})`, stop);
    try {
      await this.waitReady(exited, tail);
      await this.checkContract(tail);
    } catch (err) {
      await stop();
      throw err;
    }
    return { url, stop };
  }

  private cwd(): string {
    const dir = join(this.options.scenarioFile, '..');
    const cwd = this.options.integration.cwd;
    return cwd === undefined ? dir : isAbsolute(cwd) ? cwd : join(dir, cwd);
  }

  /** Polls GET <url><ready.path> until 2xx, the process exits, or ready.timeout passes. */
  private async waitReady(exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: NodeJS.ErrnoException }> | undefined, tail: OutputTail | undefined): Promise<void> {
    const { ready } = this.options.integration;
    const target = `${this.current}${ready.path}`;
    let gone: { code: number | null; signal: NodeJS.Signals | null; error?: NodeJS.ErrnoException } | undefined;
    void exited?.then((e) => {
      gone = e;
    });
    const deadline = performance.now() + ready.timeoutMs;
    let last = 'no attempt yet';
    for (;;) {
      if (gone !== undefined) throw this.exitedError(gone, tail);
      const r = await probe(target, Math.min(1000, Math.max(50, deadline - performance.now())));
      if ('status' in r && r.status >= 200 && r.status < 300) return;
      last = 'status' in r ? `HTTP ${r.status}` : r.error;
      if (gone !== undefined) throw this.exitedError(gone, tail);
      if (performance.now() >= deadline) {
        const running = exited !== undefined;
        throw serviceError(running ? 'HTTP_SERVICE_NOT_READY' : 'HTTP_SERVICE_UNREACHABLE',
          running ? `the service did not get ready within ${ready.timeoutMs / 1000}s: GET ${target} last answered ${last}` : `no service answers at ${target} (${last})`,
          tail?.text() ?? (running ? undefined : 'integration.command is not set, so faultline expects the service to be running already'),
          running
            ? `make the service answer 2xx on GET ${ready.path} once it listens on $PORT (or set integration.ready.path), or raise integration.ready.timeout`
            : 'start the service first, or add integration.command so faultline starts it');
      }
      await sleep(50);
    }
  }

  private exitedError(e: { code: number | null; signal: NodeJS.Signals | null; error?: NodeJS.ErrnoException }, tail: OutputTail | undefined): FaultlineError {
    const command = this.describe;
    if (e.error !== undefined) {
      const notFound = e.error.code === 'ENOENT';
      return serviceError(notFound ? 'HTTP_SERVICE_COMMAND_NOT_FOUND' : 'HTTP_SERVICE_START_FAILED',
        notFound ? `cannot start the service: command not found (${command})` : `cannot start the service (${command}): ${e.error.message}`,
        `working directory ${this.cwd()}`, 'check integration.command (an argv list runs without a shell) and integration.cwd');
    }
    if (e.code === 127) {
      return serviceError('HTTP_SERVICE_COMMAND_NOT_FOUND', `cannot start the service: command not found (${command})`, tail?.text(), 'check integration.command and integration.cwd (the command runs in the scenario file\'s folder unless cwd says otherwise)');
    }
    return serviceError('HTTP_SERVICE_EXITED', `the service exited before it was ready (${e.signal === null ? `exit code ${e.code}` : `signal ${e.signal}`}): ${command}`,
      tail?.text(), 'run the command by hand with the FAULTLINE_* variables (docs/proxy-mode.md) to see why; it must listen on $PORT');
  }

  /**
   * Before the clock starts: a few POST /quote, each of which must be the contract's answer. This
   * catches a service that does not speak the contract before any money is counted, and warms up
   * its code paths (the first requests of a process are slow: JIT, connection set-up).
   */
  private async checkContract(tail: OutputTail | undefined): Promise<void> {
    const instrument = this.options.scenario.market.instruments[0]?.symbol;
    if (instrument === undefined) return;
    const target = `${this.current}/quote`;
    for (let i = 0; i < 3; i++) {
      let problem: string | undefined;
      try {
        const res = await fetch(target, {
          method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', [H_FAULTLINE_TIME]: String(this.options.scenario.startMs) },
          body: JSON.stringify({ instrument }), signal: AbortSignal.timeout(5000),
        });
        const text = await res.text();
        let doc: unknown;
        try {
          doc = JSON.parse(text);
        } catch {
          doc = undefined;
        }
        const status = typeof doc === 'object' && doc !== null ? (doc as { status?: unknown }).status : undefined;
        if (res.status !== 200) problem = `answered HTTP ${res.status}: ${text.slice(0, 200) || '(empty body)'}`;
        else if (status !== 'OK' && status !== 'UNAVAILABLE') problem = `answered ${text.slice(0, 200) || '(empty body)'}, not {"status":"OK",…} or {"status":"UNAVAILABLE",…}`;
      } catch (error) {
        problem = `gave no answer (${error instanceof Error ? error.message : String(error)})`;
      }
      if (problem !== undefined) {
        throw serviceError('HTTP_SERVICE_CONTRACT', `the service does not speak faultline's request contract: POST ${target} {"instrument":"${instrument}"} ${problem}`,
          tail?.text(), 'implement POST /quote, POST /orders, GET /orders/{clientOrderId}, POST /payments as docs/proxy-mode.md describes (examples/order-router/ is a worked example)');
      }
    }
  }

  /** SIGTERM to the process group, then SIGKILL after the grace period; resolves when the group is gone. */
  private async stopGroup(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
    const pid = child.pid;
    child.stdin?.end();
    if (pid === undefined) return;
    const alive = (): boolean => groupAlive(pid);
    const signal = (s: NodeJS.Signals): void => {
      try {
        process.kill(-pid, s);
      } catch {
        // already gone
      }
    };
    if (!alive()) return;
    signal('SIGTERM');
    const deadline = performance.now() + (this.options.stopGraceMs ?? 3000);
    while (alive() && performance.now() < deadline) await sleep(25);
    if (alive()) {
      signal('SIGKILL');
      while (alive() && performance.now() < deadline + 2000) await sleep(25);
    }
    await Promise.race([exited, sleep(500)]);
  }
}
