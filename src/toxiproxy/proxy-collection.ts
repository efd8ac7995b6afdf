/** The named proxies of a server (Go's `ProxyCollection`), including `/populate`'s add-or-replace. */
import { API_ERRORS, ApiError } from './api-error.js';
import { decodeGoJson, GoJsonError, parseGoJson, type GoType } from './go-json.js';
import { Proxy, type ProxyEnvironment } from './proxy.js';

/** A proxy definition as accepted by `POST /proxies`, `/populate` and the config file. */
export interface ProxyConfig {
  name: string;
  listen: string;
  upstream: string;
  /** Defaults to true. */
  enabled?: boolean;
}

const PROXY_FIELDS: Record<string, GoType> = {
  name: { kind: 'string' },
  listen: { kind: 'string' },
  upstream: { kind: 'string' },
  enabled: { kind: 'bool' },
};

/** `toxiproxy.Proxy` as Go decodes request bodies into it. */
export const PROXY_TYPE: GoType = { kind: 'struct', name: 'Proxy', qualified: 'toxiproxy.Proxy', fields: PROXY_FIELDS };

const POPULATE_TYPE: GoType = {
  kind: 'slice',
  name: '[]struct { toxiproxy.Proxy; Enabled *bool "json:\\"enabled\\"" }',
  elem: { kind: 'struct', name: 'Proxy', qualified: 'toxiproxy.Proxy', fields: { ...PROXY_FIELDS, enabled: { kind: 'nullable-bool' } } },
};

/** Parses and decodes a request body into `type`, mapping Go JSON errors to `bad request body: ...`. */
export function decodeRequestBody(body: string, type: GoType, target: unknown): unknown {
  try {
    return decodeGoJson(parseGoJson(body), type, target);
  } catch (error) {
    if (error instanceof GoJsonError) throw API_ERRORS.badRequestBody(error.message);
    throw error;
  }
}

/** The server's proxies by name. */
export class ProxyCollection {
  private readonly proxies = new Map<string, Proxy>();

  constructor(private readonly env: ProxyEnvironment) {}

  /** Proxies sorted by name (Go marshals maps with sorted keys). */
  list(): Proxy[] {
    return [...this.proxies.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  get(name: string): Proxy {
    const proxy = this.proxies.get(name);
    if (proxy === undefined) throw API_ERRORS.proxyNotFound();
    return proxy;
  }

  /** `POST /proxies`: 409 if the name exists (checked before listening), else start if enabled. */
  async add(config: ProxyConfig): Promise<Proxy> {
    if (this.proxies.has(config.name)) throw API_ERRORS.proxyAlreadyExists();
    const proxy = new Proxy(config.name, config.listen, config.upstream, this.env);
    if (config.enabled !== false) await proxy.start();
    this.proxies.set(config.name, proxy);
    return proxy;
  }

  /** One `/populate` entry: keep an identical existing proxy untouched, else replace it. */
  async addOrReplace(config: ProxyConfig): Promise<Proxy> {
    const existing = this.proxies.get(config.name);
    if (existing !== undefined) {
      if (!(await existing.differs(config.listen, config.upstream))) return existing;
      existing.stop();
    }
    const proxy = new Proxy(config.name, config.listen, config.upstream, this.env);
    if (config.enabled !== false) await proxy.start();
    this.proxies.set(config.name, proxy);
    return proxy;
  }

  /**
   * `POST /populate`: validates every entry first, then adds or replaces them in order. On a
   * failure partway, the proxies handled so far stay (no rollback) and are reported with the error.
   */
  async populate(body: string): Promise<{ proxies: Proxy[]; error?: ApiError }> {
    const input = decodeRequestBody(body, POPULATE_TYPE, []) as Partial<ProxyConfig>[];
    input.forEach((entry, i) => {
      if ((entry.name ?? '') === '') throw API_ERRORS.missingField(`name at proxy ${i + 1}`);
      if ((entry.upstream ?? '') === '') throw API_ERRORS.missingField(`upstream at proxy ${i + 1}`);
    });
    const proxies: Proxy[] = [];
    for (const entry of input) {
      try {
        proxies.push(await this.addOrReplace({ name: entry.name!, listen: entry.listen ?? '', upstream: entry.upstream!, enabled: entry.enabled ?? true }));
      } catch (error) {
        return { proxies, error: error instanceof ApiError ? error : new ApiError((error as Error).message, 500) };
      }
    }
    return { proxies };
  }

  /** `DELETE /proxies/{p}`. */
  remove(name: string): void {
    const proxy = this.get(name);
    proxy.stop();
    this.proxies.delete(name);
  }

  /** Stops every proxy (server shutdown). */
  stopAll(): void {
    for (const proxy of this.proxies.values()) proxy.stop();
  }
}
