/**
 * One proxy (Go's `Proxy`): a listener on `listen` that joins every accepted client to a fresh
 * connection to `upstream` through the proxy's toxics. `listen` shows what was sent until the
 * proxy starts, then the resolved address of the listener.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { formatAddress, parsePort, resolveHost, resolveTcpAddress, splitHostPort } from './address.js';
import { ProxyConnection } from './connection.js';
import { slabReads, withSlabReads } from './reads.js';
import { marshalGo } from './go-json.js';
import type { ProxyMetrics } from './metrics.js';
import { createRng, hashSeed } from './rng.js';
import { ToxicCollection } from './toxic-collection.js';
import { marshalToxic } from './toxic-wrapper.js';
import type { ToxiproxyLogger } from './logger.js';

/** What every proxy shares with its server. */
export interface ProxyEnvironment {
  seed: number;
  metrics: ProxyMetrics | undefined;
  logger: ToxiproxyLogger;
}

/** The fields of a proxy update (`PATCH /proxies/{p}`), already merged with the current values. */
export interface ProxyUpdate {
  listen: string;
  upstream: string;
  enabled: boolean;
}

const BIND_ERRORS: Record<string, string> = {
  EADDRINUSE: 'address already in use',
  EACCES: 'permission denied',
  EADDRNOTAVAIL: 'cannot assign requested address',
};

/** A proxy and its listener, connections and toxics. */
export class Proxy {
  enabled = false;
  readonly toxics = new ToxicCollection();
  private server: Server | undefined;
  private readonly connections = new Set<ProxyConnection>();
  private readonly pending = new Set<Socket>();
  private accepted = 0;

  constructor(
    readonly name: string,
    public listen: string,
    public upstream: string,
    private readonly env: ProxyEnvironment,
  ) {}

  /** Starts listening (Go's `Proxy.Start`); throws Go's `listen tcp ...` error text. */
  async start(): Promise<void> {
    if (this.enabled) throw new Error('Proxy already started');
    let host = '';
    let port = 0;
    try {
      if (this.listen !== '') {
        const split = splitHostPort(this.listen);
        port = parsePort(split.port);
        host = await resolveHost(split.host);
      }
    } catch (error) {
      throw new Error(`listen tcp: ${(error as Error).message}`);
    }
    const server = createServer({ allowHalfOpen: true, pauseOnConnect: true, noDelay: true }, (client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => {
        const why = BIND_ERRORS[error.code ?? ''] ?? error.message;
        reject(new Error(`listen tcp ${formatAddress(host, port)}: bind: ${why}`));
      });
      server.listen(host === '' ? { port } : { host, port }, () => resolve());
    });
    server.on('error', (error) => this.env.logger.warn('proxy listener error', { proxy: this.name, error: error.message }));
    const address = server.address();
    if (address !== null && typeof address === 'object') this.listen = formatAddress(address.address, address.port);
    this.server = server;
    this.enabled = true;
    this.env.logger.info('Started proxy', { name: this.name, proxy: this.listen, upstream: this.upstream });
  }

  /** Stops listening and closes every connection (Go's `Proxy.Stop`). Toxics are kept. */
  stop(): void {
    if (!this.enabled) return;
    this.enabled = false;
    this.server?.close();
    this.server = undefined;
    for (const socket of this.pending) socket.destroy();
    this.pending.clear();
    for (const connection of this.connections) connection.destroy();
    this.connections.clear();
    this.env.logger.info('Terminated proxy', { name: this.name, proxy: this.listen, upstream: this.upstream });
  }

  /** True if `listen` (resolved) or `upstream` differ from this proxy's (Go's `Proxy.Differs`). */
  async differs(listen: string, upstream: string): Promise<boolean> {
    const resolved = await resolveTcpAddress(listen);
    return this.listen !== resolved.text || this.upstream !== upstream;
  }

  /** Applies an update: restart on a new address, then enable or disable (Go's `Proxy.Update`). */
  async update(input: ProxyUpdate): Promise<void> {
    if (await this.differs(input.listen, input.upstream)) {
      this.stop();
      this.listen = input.listen;
      this.upstream = input.upstream;
    }
    if (input.enabled !== this.enabled) {
      if (input.enabled) await this.start();
      else this.stop();
    }
  }

  /** The proxy JSON, in Go's field order, including the `"Logger":{}` quirk. */
  toJson(): string {
    const toxics = this.toxics.list().map(marshalToxic).join(',');
    return (
      `{"name":${marshalGo(this.name)},"listen":${marshalGo(this.listen)},"upstream":${marshalGo(this.upstream)},` +
      `"enabled":${String(this.enabled)},"Logger":{},"toxics":[${toxics}]}`
    );
  }

  private accept(accepted: Socket): void {
    const client = withSlabReads(accepted);
    client.on('error', () => undefined);
    const index = this.accepted;
    this.accepted += 1;
    let target: { host: string; port: number };
    try {
      const split = splitHostPort(this.upstream);
      target = { host: split.host === '' ? 'localhost' : split.host, port: parsePort(split.port) };
    } catch {
      client.destroy();
      return;
    }
    this.pending.add(client);
    const upstream: Socket = connect({ host: target.host, port: target.port, allowHalfOpen: true, noDelay: true, onread: slabReads(() => upstream) });
    this.pending.add(upstream);
    upstream.once('error', () => {
      // Unreachable upstream: the client was accepted and is now closed (it reads EOF).
      this.pending.delete(client);
      this.pending.delete(upstream);
      client.end(() => client.destroy());
      this.env.logger.warn('Unable to open connection to upstream', { name: this.name, upstream: this.upstream });
    });
    upstream.once('connect', () => {
      this.pending.delete(client);
      this.pending.delete(upstream);
      upstream.removeAllListeners('error');
      upstream.on('error', () => undefined);
      if (!this.enabled || client.destroyed) {
        upstream.destroy();
        client.destroy();
        return;
      }
      this.join(client, upstream, index);
    });
  }

  private join(client: Socket, upstream: Socket, index: number): void {
    // Unique within the proxy (the connection's number): the peer's address would cost a getpeername per connection.
    const linkName = `#${index}`;
    const rngFor = (direction: string) => createRng(hashSeed(this.env.seed, this.name, index, direction));
    const counters = (direction: string) =>
      this.env.metrics?.countersFor(direction, this.name, this.listen, this.upstream) ?? { received: () => undefined, sent: () => undefined };
    const connection: ProxyConnection = new ProxyConnection(client, upstream, {
      upstream: this.toxics.startLink(`${linkName}upstream`, 'upstream', rngFor('upstream')),
      downstream: this.toxics.startLink(`${linkName}downstream`, 'downstream', rngFor('downstream')),
      upstreamCounters: counters('upstream'),
      downstreamCounters: counters('downstream'),
      onDone: () => {
        this.toxics.removeLink(`${linkName}upstream`);
        this.toxics.removeLink(`${linkName}downstream`);
        this.connections.delete(connection);
      },
    });
    this.connections.add(connection);
    connection.start();
  }
}

