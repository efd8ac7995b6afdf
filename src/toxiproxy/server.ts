/**
 * Starts the embedded Toxiproxy-compatible server in process: the HTTP API plus its proxies.
 * Used by `faultline toxiproxy`, by drills in proxy mode, and by tests (port 0 = ephemeral).
 */
import { randomInt } from 'node:crypto';
import { createServer } from 'node:http';
import { FaultlineError } from '../errors.js';
import { formatAddress } from './address.js';
import { API_HANDLER_TIMEOUT_MS, createApiHandler } from './api.js';
import { silentLogger, type ToxiproxyLogger } from './logger.js';
import { ProxyMetrics } from './metrics.js';
import { ProxyCollection, type ProxyConfig } from './proxy-collection.js';
import { marshalGo } from './go-json.js';

/** Options of {@link startToxiproxyServer}. */
export interface ToxiproxyServerOptions {
  /** API host; default `127.0.0.1`. */
  host?: string;
  /** API port; default 8474; 0 picks a free port. */
  port?: number;
  /**
   * Seed for toxicity rolls, jitter and slicer sizes (32-bit unsigned). Each link draws from its
   * own stream derived from (seed, proxy, connection number, direction). Random when omitted.
   */
  seed?: number;
  /** Proxies to create at start-up, with `/populate` semantics. */
  proxies?: ProxyConfig[];
  /** Serve `/metrics` with the proxy byte counters (Toxiproxy's `-proxy-metrics`). */
  metrics?: boolean;
  /** Where to log; silent by default. */
  logger?: ToxiproxyLogger;
  /** How long a request may take before it gets an empty 503 (Go's TimeoutHandler); default 25 000 ms. */
  handlerTimeoutMs?: number;
}

/** A running embedded server. */
export interface ToxiproxyServer {
  /** Base URL of the API, e.g. `http://127.0.0.1:8474`, for toxiproxy-node-client. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** The seed in use (the one given, or the random one picked). */
  readonly seed: number;
  /** Stops every proxy, closes every listener and socket, and resolves once the API is closed. */
  close(): Promise<void>;
}

/** Starts the embedded Toxiproxy-compatible server. Throws FaultlineError if it cannot bind. */
export async function startToxiproxyServer(options: ToxiproxyServerOptions = {}): Promise<ToxiproxyServer> {
  const host = options.host ?? '127.0.0.1';
  const seed = options.seed ?? randomInt(0, 0xffffffff);
  const logger = options.logger ?? silentLogger;
  const metrics = options.metrics === true ? new ProxyMetrics() : undefined;
  const proxies = new ProxyCollection({ seed: seed >>> 0, metrics, logger });
  const http = createServer(createApiHandler({ proxies, metrics, logger, handlerTimeoutMs: options.handlerTimeoutMs ?? API_HANDLER_TIMEOUT_MS }));
  // Go's server: ReadTimeout 15 s, IdleTimeout 60 s.
  http.requestTimeout = 15_000;
  http.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    http.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new FaultlineError({
          code: 'TOXIPROXY_BIND_FAILED',
          kind: 'runtime',
          title: `Cannot listen on ${formatAddress(host, options.port ?? 8474)}: ${error.code ?? error.message}`,
          detail: error.message,
          hint: error.code === 'EADDRINUSE' ? 'Another process (maybe a real Toxiproxy) is using that port; pick another with --port.' : undefined,
          cause: error,
        }),
      ),
    );
    http.listen(options.port ?? 8474, host, () => resolve());
  });
  const address = http.address();
  const port = address !== null && typeof address === 'object' ? address.port : (options.port ?? 8474);
  const close = async (): Promise<void> => {
    proxies.stopAll();
    await new Promise<void>((resolve) => {
      http.close(() => resolve());
      http.closeAllConnections();
    });
  };
  logger.info('Starting Toxiproxy-compatible HTTP server', { host, port, seed });
  if (options.proxies !== undefined && options.proxies.length > 0) {
    const result = await proxies.populate(marshalGo(options.proxies)).catch((error: unknown) => ({ proxies: [], error: error as Error }));
    if (result.error !== undefined) {
      await close();
      throw new FaultlineError({
        code: 'TOXIPROXY_POPULATE_FAILED',
        kind: 'runtime',
        title: `Cannot create the configured proxies: ${result.error.message}`,
        hint: 'Check each proxy has a name, an upstream and a free listen address.',
        cause: result.error,
      });
    }
    logger.info('Populated proxies', { count: result.proxies.length });
  }
  return { url: `http://${formatAddress(host, port)}`, host, port, seed, close };
}
