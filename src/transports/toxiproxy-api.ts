/**
 * A thin, corrected layer over toxiproxy-node-client 4.1.0 (toxiproxy-reference.md §5):
 * - its errors only say "Request failed with status code 409"; here every non-2xx reply's JSON
 *   body (`{"error":"proxy already exists","status":409}`) is read, so errors carry the server's words;
 * - its TypeScript bodies require fields the server defaults (`name`, `stream`, `toxicity`), and its
 *   type union has `down` (rejected by the server) but not `noop`; ours are the server's;
 * - it has no call to list a proxy's toxics and no PATCH; those use `fetch` directly;
 * - its requests have no time limit (a hung control port, Shopify/toxiproxy#558, would hang cleanup);
 *   every request here is aborted after `timeoutMs`.
 */
import { Toxiproxy, ToxiproxyError } from 'toxiproxy-node-client';
import { FaultlineError } from '../errors.js';

/** Toxic types the Toxiproxy 2.x server accepts. */
export type ToxicType = 'latency' | 'bandwidth' | 'slow_close' | 'timeout' | 'reset_peer' | 'slicer' | 'limit_data' | 'noop';
export type ToxicStream = 'upstream' | 'downstream';

/** A toxic to add: what the server accepts (it defaults `stream`, `toxicity` and missing attributes). */
export interface ToxicSpec {
  name: string;
  type: ToxicType;
  stream?: ToxicStream;
  toxicity?: number;
  attributes?: Record<string, number>;
}

/** A toxic as the server reports it. */
export interface ToxicInfo {
  name: string;
  type: string;
  stream: string;
  toxicity: number;
  attributes: Record<string, number>;
}

/** A proxy as the server reports it. */
export interface ProxyInfo {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
}

/** A non-2xx answer or a failed request, with the server's own message when it sent one. */
export class ToxiproxyApiError extends Error {
  /** HTTP status, or undefined when no answer came (refused, timed out, DNS). */
  readonly status: number | undefined;
  /** The server's `error` string (`proxy already exists`), or the network error's message. */
  readonly serverMessage: string;
  readonly method: string;
  readonly url: string;

  constructor(method: string, url: string, status: number | undefined, serverMessage: string, cause?: unknown) {
    super(status === undefined ? `${method} ${url}: ${serverMessage}` : `${method} ${url}: ${status} ${serverMessage}`, cause === undefined ? undefined : { cause });
    this.name = 'ToxiproxyApiError';
    this.status = status;
    this.serverMessage = serverMessage;
    this.method = method;
    this.url = url;
  }
}

/** Whether an error is the server saying "not found" (proxy or toxic already gone). */
export function isNotFound(err: unknown): boolean {
  return err instanceof ToxiproxyApiError && err.status === 404;
}

/** Reads `{"error": "..."}` out of an error body; falls back to the text itself. */
export function serverErrorMessage(text: string): string {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && typeof (value as { error?: unknown }).error === 'string') return (value as { error: string }).error;
  } catch {
    // not JSON: 404 page not found, an HTML page from something that is not Toxiproxy, …
  }
  const trimmed = text.trim();
  return trimmed === '' ? '(empty body)' : trimmed.slice(0, 200);
}

/** Performs one request with a time limit; non-2xx answers become ToxiproxyApiError with the server's message. */
export async function toxiproxyFetch(url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
  const method = init.method ?? 'GET';
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const reason = e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (e.cause?.code ?? e.cause?.message ?? e.message);
    throw new ToxiproxyApiError(method, url, undefined, reason, err);
  }
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    throw new ToxiproxyApiError(method, url, response.status, serverErrorMessage(text));
  }
  return response;
}

/** Sends JSON (or nothing) and parses the JSON answer (undefined for 204). */
export async function toxiproxyJson<T>(url: string, method: string, body: unknown, timeoutMs: number): Promise<T> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'Content-Type': 'application/json' };
  }
  const response = await toxiproxyFetch(url, init, timeoutMs);
  const text = await response.text();
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

interface PatchableHttpClient {
  doFetch(url: string, init: RequestInit): Promise<Response>;
}

/**
 * A toxiproxy-node-client instance whose requests go through `toxiproxyFetch` (time limit, server
 * error messages). The client's HttpClient funnels every call through `doFetch`; it is replaced on
 * this instance only. If a future version drops `doFetch`, the client still works, and errors fall
 * back to the status parsed from its message.
 */
export function createToxiproxyClient(url: string, timeoutMs: number): Toxiproxy {
  const client = new Toxiproxy(url);
  const api = client.getApi() as unknown as Partial<PatchableHttpClient>;
  if (typeof api.doFetch === 'function') {
    api.doFetch = (target: string, init: RequestInit) => toxiproxyFetch(target, init, timeoutMs);
  }
  return client;
}

/** Turns whatever the client threw into a ToxiproxyApiError. */
export function asApiError(err: unknown, method: string, url: string): ToxiproxyApiError {
  if (err instanceof ToxiproxyApiError) return err;
  if (err instanceof ToxiproxyError || err instanceof Error) {
    const m = /status code (\d{3})/.exec(err.message);
    return new ToxiproxyApiError(method, url, m === null ? undefined : Number(m[1]), err.message, err);
  }
  return new ToxiproxyApiError(method, url, undefined, String(err), err);
}

/**
 * Whether a control URL points at this machine: a literal loopback address (127.0.0.0/8, ::1, or
 * ::ffff:127.x; the URL parser has already turned `0x7f.1` or `2130706433` into dotted form) or the
 * name `localhost` itself. Any other name is refused, `*.localhost` included: the check would pass
 * and the HTTP client would then ask DNS, which may answer with any address.
 */
export function isLoopbackUrl(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost') return true;
  if (/^127(\.\d{1,3}){3}$/.test(host)) return true;
  // The URL parser writes IPv6 compressed and an IPv4-mapped 127.x.y.z as ::ffff:7fxx:yyzz.
  return host === '::1' || /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(host);
}

/**
 * Parses and checks a Toxiproxy control URL: http(s) only, no path beyond `/`, loopback unless
 * `allowRemote`. Returns it without a trailing slash.
 */
export function checkToxiproxyUrl(raw: string, allowRemote: boolean): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FaultlineError({ code: 'TOXIPROXY_URL_INVALID', kind: 'usage', title: `Not a Toxiproxy URL: ${raw}`, hint: 'for example --toxiproxy http://127.0.0.1:8474' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FaultlineError({ code: 'TOXIPROXY_URL_INVALID', kind: 'usage', title: `Not a Toxiproxy URL: ${raw} (expected http:// or https://)`, hint: 'for example --toxiproxy http://127.0.0.1:8474' });
  }
  if (!allowRemote && !isLoopbackUrl(url)) {
    throw new FaultlineError({
      code: 'TOXIPROXY_REMOTE',
      kind: 'usage',
      title: `Refusing to use a Toxiproxy server that is not on this machine: ${url.host}`,
      detail: 'faultline creates proxies and injects faults on the server it is given; a shared or remote Toxiproxy may carry traffic that is not part of the drill.',
      hint: 'pass --allow-remote if this server is meant for the drill, or use a loopback address (127.0.0.1, ::1, localhost)',
    });
  }
  return url.href.replace(/\/+$/, '');
}

/** Reads the version out of `/version` text: `{"version": "2.12.0"}\n` (≥2.7), plain `2.5.0` (≤2.5), or 2.6.0's broken JSON. */
export function parseToxiproxyVersion(text: string): string | undefined {
  const m = /"version"\s*:\s*"\s*v?([^"\\\s]+)/.exec(text);
  if (m !== null) return m[1];
  const plain = text.trim();
  return /^v?\d+\.\d+(\.\d+)?([-+][\w.-]*)?$/.test(plain) ? plain.replace(/^v/, '') : undefined;
}
