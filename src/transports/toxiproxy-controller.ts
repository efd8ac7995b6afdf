/**
 * Proxy mode's hands on a Toxiproxy server (embedded or real), through toxiproxy-node-client as
 * corrected by `toxiproxy-api.ts`. The contract:
 * - the server's version is checked first (2.x only);
 * - a non-loopback control URL is refused unless `allowRemote`;
 * - faultline creates only proxies named `faultline-<runId>-<provider>` and never touches others;
 * - every change is appended to the run's undo log (`.faultline/undo/<runId>.jsonl`, fsynced)
 *   **before** it is sent, so a killed run can be cleaned up by `faultline cleanup`;
 * - errors are FaultlineErrors that say what the server said (`409 proxy already exists`).
 */
import type { ICreateToxicBody, Proxy } from 'toxiproxy-node-client';
import { FaultlineError } from '../errors.js';
import { openUndoLog, type UndoContents, type UndoLog } from '../io/undo-log.js';
import {
  asApiError,
  checkToxiproxyUrl,
  createToxiproxyClient,
  isNotFound,
  parseToxiproxyVersion,
  toxiproxyJson,
  ToxiproxyApiError,
  type ProxyInfo,
  type ToxicInfo,
  type ToxicSpec,
} from './toxiproxy-api.js';

export { ToxiproxyApiError, type ProxyInfo, type ToxicInfo, type ToxicSpec, type ToxicStream, type ToxicType } from './toxiproxy-api.js';

/** Default time limit of one control request. */
export const DEFAULT_TOXIPROXY_TIMEOUT_MS = 5_000;

/** Prefix of every proxy faultline creates. */
export const PROXY_NAME_PREFIX = 'faultline-';

/** Name of the proxy for `provider` in run `runId`. */
export function proxyNameFor(runId: string, provider: string): string {
  return `${PROXY_NAME_PREFIX}${runId}-${provider}`;
}

const NAME_PART = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * A run id that is unique per invocation, for proxy names and the undo log. The planner's run id
 * is deterministic (same scenario and seed ⇒ same id), so two concurrent drills of one scenario
 * would collide on it; this appends the wall-clock time and the pid.
 */
export function uniqueProxyRunId(planRunId: string, now: Date, pid: number = process.pid): string {
  return `${planRunId}-${now.getTime().toString(36)}${pid.toString(36)}`;
}

export interface ToxiproxyControllerOptions {
  /** Control URL, e.g. `http://127.0.0.1:8474`. */
  url: string;
  /** Per-run id: proxy names are `faultline-<runId>-<provider>`. Letters, digits, `.`, `_`, `-`. */
  runId: string;
  /** Allow a control URL that is not on this machine. */
  allowRemote?: boolean;
  /** Working directory holding `.faultline/` (default: process.cwd()). */
  root?: string;
  /** Time limit of one control request (default 5 s). */
  timeoutMs?: number;
  /** Wall clock, for the undo log's header. */
  now?: () => Date;
}

/** What `removeAll` removed. */
export interface RemovalReport {
  proxies: string[];
  toxics: { proxy: string; name: string }[];
  /** Things that could not be removed, with the server's reason. */
  failures: string[];
}

export interface ToxiproxyController {
  readonly url: string;
  readonly runId: string;
  /** The server's version string (`2.12.0`). */
  readonly version: string;
  readonly undoLogPath: string;
  /** `faultline-<runId>-<provider>`. */
  proxyName(provider: string): string;
  /** Creates (and starts) this run's proxy for `provider` in front of `upstream` (`127.0.0.1:port`). */
  createProxy(provider: string, upstream: string, options?: { listen?: string }): Promise<ProxyInfo>;
  /** Adds a toxic to one of this run's proxies (by proxy name). */
  addToxic(proxy: string, toxic: ToxicSpec): Promise<ToxicInfo>;
  /** Changes a toxic's attributes or toxicity (PATCH; attributes are merged by the server). */
  updateToxic(proxy: string, name: string, change: { attributes?: Record<string, number>; toxicity?: number }): Promise<ToxicInfo>;
  /** Removes a toxic; false if it was already gone. */
  removeToxic(proxy: string, name: string): Promise<boolean>;
  /** Outage: stops listening (new connections refused, open ones closed). Toxics are kept. */
  disableProxy(proxy: string): Promise<ProxyInfo>;
  enableProxy(proxy: string): Promise<ProxyInfo>;
  /** This run's proxies on the server. */
  listProxies(): Promise<ProxyInfo[]>;
  /** The toxics of one of this run's proxies. */
  listToxics(proxy: string): Promise<ToxicInfo[]>;
  /** Removes every proxy of this run (with their toxics); never anything else. */
  removeAll(): Promise<RemovalReport>;
  /** removeAll, then deletes the undo log if everything was removed (else keeps it for `faultline cleanup`). Idempotent. */
  close(): Promise<RemovalReport>;
}

function requestFailed(url: string, what: string, err: unknown): FaultlineError {
  const api = err instanceof ToxiproxyApiError ? err : asApiError(err, '?', url);
  if (api.status === undefined) {
    return new FaultlineError({
      code: 'TOXIPROXY_UNREACHABLE',
      kind: 'runtime',
      title: `Toxiproxy at ${url} did not answer while trying to ${what}: ${api.serverMessage}`,
      hint: 'check that the server is running; after a crash, `faultline cleanup` removes what was left behind',
      cause: err,
    });
  }
  return new FaultlineError({
    code: api.status === 409 ? 'TOXIPROXY_CONFLICT' : 'TOXIPROXY_REQUEST_FAILED',
    kind: 'runtime',
    title: `Toxiproxy at ${url} refused to ${what}: ${api.status} ${api.serverMessage}`,
    cause: err,
  });
}

/** Reads and checks the server's version: 2.x is accepted, anything else is a runtime error naming the URL. */
export async function checkToxiproxyVersion(url: string, timeoutMs: number = DEFAULT_TOXIPROXY_TIMEOUT_MS): Promise<string> {
  const client = createToxiproxyClient(url, timeoutMs);
  let text: string;
  try {
    text = await client.getVersion();
  } catch (err) {
    const api = asApiError(err, 'GET', `${url}/version`);
    if (api.status === undefined) {
      throw new FaultlineError({
        code: 'TOXIPROXY_UNREACHABLE',
        kind: 'runtime',
        title: `No Toxiproxy server answers at ${url}: ${api.serverMessage}`,
        hint: 'start one (`faultline toxiproxy` runs the embedded server, `toxiproxy-server` a real one), or leave out --toxiproxy to use the embedded server',
        cause: err,
      });
    }
    throw new FaultlineError({
      code: 'TOXIPROXY_VERSION',
      kind: 'runtime',
      title: `The server at ${url} is not Toxiproxy: GET /version answered ${api.status} ${api.serverMessage}`,
      hint: 'check the control port (Toxiproxy listens on 8474 by default)',
      cause: err,
    });
  }
  const version = parseToxiproxyVersion(text);
  if (version === undefined || !/^2\./.test(version)) {
    const found = version === undefined ? `an unrecognised /version answer ${JSON.stringify(text.slice(0, 80))}` : `version ${version}`;
    throw new FaultlineError({
      code: 'TOXIPROXY_VERSION',
      kind: 'runtime',
      title: `Toxiproxy at ${url} is not a supported version: found ${found}, faultline needs 2.x`,
      hint: 'use Toxiproxy 2.x (2.12 is tested), or leave out --toxiproxy to use the embedded server',
    });
  }
  return version;
}

function cast<T>(value: unknown): T {
  return value as T;
}

/**
 * Connects to a Toxiproxy server for one run: checks the URL and the version, then opens the run's
 * undo log (before anything is created).
 */
export async function startToxiproxyController(options: ToxiproxyControllerOptions): Promise<ToxiproxyController> {
  const url = checkToxiproxyUrl(options.url, options.allowRemote === true);
  if (!NAME_PART.test(options.runId)) throw new Error(`invalid run id for proxy names: ${JSON.stringify(options.runId)}`);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TOXIPROXY_TIMEOUT_MS;
  const version = await checkToxiproxyVersion(url, timeoutMs);
  const now = options.now ?? ((): Date => new Date());
  const undo: UndoLog = await openUndoLog(options.root ?? process.cwd(), options.runId, url, now());
  const client = createToxiproxyClient(url, timeoutMs);
  const runPrefix = proxyNameFor(options.runId, '');
  const proxies = new Map<string, Proxy>();
  /** Names that carry this run's prefix but were not created by it (creation got 409). */
  const notOurs = new Set<string>();
  let closing: Promise<RemovalReport> | undefined;

  const ours = (proxy: string): void => {
    if (!proxy.startsWith(runPrefix) || notOurs.has(proxy)) throw new Error(`faultline only changes its own proxies (${runPrefix}*), not ${JSON.stringify(proxy)}`);
  };
  const handle = async (proxy: string): Promise<Proxy> => {
    ours(proxy);
    const known = proxies.get(proxy);
    if (known !== undefined) return known;
    try {
      const fetched = await client.get(encodeURIComponent(proxy));
      proxies.set(proxy, fetched);
      return fetched;
    } catch (err) {
      throw requestFailed(url, `find proxy ${proxy}`, err);
    }
  };
  const info = (p: Proxy): ProxyInfo => ({ name: p.name, listen: p.listen, upstream: p.upstream, enabled: p.enabled });
  const setEnabled = async (proxy: string, enabled: boolean): Promise<ProxyInfo> => {
    const p = await handle(proxy);
    await undo.append(enabled ? { op: 'enable', proxy } : { op: 'disable', proxy });
    try {
      // The client's type requires listen and upstream too; the server accepts any subset (reference §5).
      const updated = await p.update(cast<Parameters<Proxy['update']>[0]>({ enabled }));
      proxies.set(proxy, updated);
      return info(updated);
    } catch (err) {
      throw requestFailed(url, `${enabled ? 'enable' : 'disable'} proxy ${proxy}`, err);
    }
  };
  const toxicsUrl = (proxy: string): string => `${url}/proxies/${encodeURIComponent(proxy)}/toxics`;

  const controller: ToxiproxyController = {
    url,
    runId: options.runId,
    version,
    undoLogPath: undo.path,
    proxyName: (provider) => {
      if (!NAME_PART.test(provider)) throw new Error(`invalid provider id for a proxy name: ${JSON.stringify(provider)}`);
      return proxyNameFor(options.runId, provider);
    },
    async createProxy(provider, upstream, createOptions) {
      const name = controller.proxyName(provider);
      await undo.append({ op: 'proxy', name, upstream });
      try {
        const proxy = await client.createProxy({ name, listen: createOptions?.listen ?? '127.0.0.1:0', upstream });
        proxies.set(name, proxy);
        return info(proxy);
      } catch (err) {
        // 409: a proxy of that name exists and is not ours to remove.
        if (asApiError(err, 'POST', url).status === 409) {
          notOurs.add(name);
          await undo.append({ op: 'forget-proxy', name });
        }
        throw requestFailed(url, `create proxy ${name}`, err);
      }
    },
    async addToxic(proxy, toxic) {
      const p = await handle(proxy);
      await undo.append({ op: 'toxic', proxy, name: toxic.name, type: toxic.type });
      try {
        const added = await p.addToxic(cast<ICreateToxicBody<Record<string, number>>>(toxic));
        return { name: added.name, type: added.type, stream: added.stream, toxicity: added.toxicity, attributes: added.attributes };
      } catch (err) {
        if (asApiError(err, 'POST', url).status === 409) await undo.append({ op: 'forget-toxic', proxy, name: toxic.name });
        throw requestFailed(url, `add toxic ${toxic.name} (${toxic.type}) to ${proxy}`, err);
      }
    },
    async updateToxic(proxy, name, change) {
      ours(proxy);
      try {
        return await toxiproxyJson<ToxicInfo>(`${toxicsUrl(proxy)}/${encodeURIComponent(name)}`, 'PATCH', change, timeoutMs);
      } catch (err) {
        throw requestFailed(url, `update toxic ${name} on ${proxy}`, err);
      }
    },
    async removeToxic(proxy, name) {
      const p = await handle(proxy);
      await undo.append({ op: 'remove-toxic', proxy, name });
      try {
        const toxic = await p.getToxic(encodeURIComponent(name));
        await toxic.remove();
        return true;
      } catch (err) {
        if (isNotFound(err)) return false;
        throw requestFailed(url, `remove toxic ${name} from ${proxy}`, err);
      }
    },
    disableProxy: (proxy) => setEnabled(proxy, false),
    enableProxy: (proxy) => setEnabled(proxy, true),
    async listProxies() {
      try {
        const all = await client.getAll();
        return Object.values(all).filter((p) => p.name.startsWith(runPrefix)).map(info).sort((a, b) => a.name.localeCompare(b.name));
      } catch (err) {
        throw requestFailed(url, 'list proxies', err);
      }
    },
    async listToxics(proxy) {
      ours(proxy);
      try {
        return await toxiproxyJson<ToxicInfo[]>(toxicsUrl(proxy), 'GET', undefined, timeoutMs);
      } catch (err) {
        throw requestFailed(url, `list the toxics of ${proxy}`, err);
      }
    },
    async removeAll() {
      const report: RemovalReport = { proxies: [], toxics: [], failures: [] };
      let names: string[];
      try {
        names = [...new Set([...proxies.keys(), ...(await controller.listProxies()).map((p) => p.name)])].filter((n) => !notOurs.has(n));
      } catch (err) {
        report.failures.push(err instanceof FaultlineError ? err.title : String(err));
        names = [...proxies.keys()];
      }
      for (const name of names) {
        try {
          const toxics = await controller.listToxics(name).catch((err: unknown) => {
            if (err instanceof FaultlineError && isNotFound(err.cause)) return [];
            throw err;
          });
          await undo.append({ op: 'remove-proxy', name });
          const p = proxies.get(name) ?? (await handle(name));
          await p.remove();
          report.proxies.push(name);
          for (const t of toxics) report.toxics.push({ proxy: name, name: t.name });
        } catch (err) {
          if (isNotFound(err) || (err instanceof FaultlineError && isNotFound(err.cause))) {
            proxies.delete(name);
            continue;
          }
          report.failures.push(err instanceof FaultlineError ? err.title : requestFailed(url, `remove proxy ${name}`, err).title);
          continue;
        }
        proxies.delete(name);
      }
      return report;
    },
    close() {
      // Memoised while it runs and once it succeeded (a signal and the normal exit path may both call it).
      closing ??= (async () => {
        const report = await controller.removeAll();
        if (report.failures.length === 0) {
          await undo.discard();
        } else {
          closing = undefined;
        }
        return report;
      })();
      return closing;
    },
  };
  return controller;
}

/** What replaying one undo log did. */
export interface ReplayReport extends RemovalReport {
  runId: string;
  url: string;
  /** Listed but already gone (removed by the run itself, or by hand). */
  alreadyGone: string[];
}

/**
 * Replays an undo log: removes every toxic and proxy it lists from `url` (default: the server the
 * log names). Missing proxies and toxics are fine. Only names with the log's own run prefix are
 * touched, whatever the file says. Throws TOXIPROXY_UNREACHABLE if the server does not answer.
 */
export async function replayUndoLog(log: UndoContents, options: { url?: string; allowRemote?: boolean; timeoutMs?: number } = {}): Promise<ReplayReport> {
  const raw = options.url ?? log.serverUrl;
  if (raw === undefined) {
    throw new FaultlineError({ code: 'UNDO_LOG_UNREADABLE', kind: 'runtime', title: `Undo log ${log.path} does not say which Toxiproxy server it used`, hint: 'pass --toxiproxy URL' });
  }
  const url = checkToxiproxyUrl(raw, options.allowRemote === true);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TOXIPROXY_TIMEOUT_MS;
  await checkToxiproxyVersion(url, timeoutMs);
  const client = createToxiproxyClient(url, timeoutMs);
  const prefix = proxyNameFor(log.runId, '');
  const report: ReplayReport = { runId: log.runId, url, proxies: [], toxics: [], failures: [], alreadyGone: [] };
  const fail = (what: string, err: unknown): void => {
    const e = requestFailed(url, what, err);
    if (e.code === 'TOXIPROXY_UNREACHABLE') throw e;
    report.failures.push(e.title);
  };
  for (const t of log.toxics) {
    if (!t.proxy.startsWith(prefix)) continue;
    try {
      const proxy = await client.get(encodeURIComponent(t.proxy));
      const toxic = await proxy.getToxic(encodeURIComponent(t.name));
      await toxic.remove();
      report.toxics.push(t);
    } catch (err) {
      if (isNotFound(err)) report.alreadyGone.push(`toxic ${t.name} on ${t.proxy}`);
      else fail(`remove toxic ${t.name} from ${t.proxy}`, err);
    }
  }
  for (const name of log.proxies) {
    if (!name.startsWith(prefix)) continue;
    try {
      const proxy = await client.get(encodeURIComponent(name));
      // Toxics added by this run but missing from the log cannot exist (the log is written first); list anyway for the report.
      const left = await toxiproxyJson<ToxicInfo[]>(`${url}/proxies/${encodeURIComponent(name)}/toxics`, 'GET', undefined, timeoutMs).catch(() => []);
      await proxy.remove();
      report.proxies.push(name);
      for (const t of left) report.toxics.push({ proxy: name, name: t.name });
    } catch (err) {
      if (isNotFound(err)) report.alreadyGone.push(`proxy ${name}`);
      else fail(`remove proxy ${name}`, err);
    }
  }
  return report;
}
