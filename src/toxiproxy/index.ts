/**
 * The embedded Toxiproxy-compatible server (Toxiproxy 2.12 HTTP API and toxics). See
 * docs/toxiproxy.md for the API, how to run it, and where it deliberately differs.
 */
export { startToxiproxyServer, type ToxiproxyServer, type ToxiproxyServerOptions } from './server.js';
export type { ProxyConfig } from './proxy-collection.js';
export { createLineLogger, silentLogger, type ToxiproxyLogger } from './logger.js';
export { TOXIPROXY_VERSION } from './api.js';
export { loadProxyConfig } from './config.js';
