/**
 * One proxied TCP connection: the client socket, the upstream socket, and the two links between
 * them. Half-close is not passed through: when a link's output ends, its destination socket is
 * closed completely, which ends the other link's source. With SO_LINGER 0 (reset_peer present at
 * accept) every close is an RST.
 */
import type { Socket } from 'node:net';
import type { LinkCounters, ToxicLink } from './link.js';

/** How long a closing socket may take to flush what is still queued before it is destroyed. */
const CLOSE_FLUSH_TIMEOUT_MS = 30_000;

/** Everything a connection needs from its proxy. */
export interface ConnectionLinks {
  upstream: ToxicLink;
  downstream: ToxicLink;
  upstreamCounters: LinkCounters;
  downstreamCounters: LinkCounters;
  /** Runs once both links are finished. */
  onDone(): void;
}

/** A client connection and its upstream connection, joined by two toxic links. */
export class ProxyConnection {
  private readonly closed = new Set<Socket>();
  private finishedLinks = 0;
  private readonly lingerZero: boolean;

  constructor(
    private readonly client: Socket,
    private readonly upstream: Socket,
    private readonly links: ConnectionLinks,
  ) {
    // Go sets SetLinger(0) on both sockets when a link starts with reset_peer in its chain.
    this.lingerZero = links.upstream.has('reset_peer') || links.downstream.has('reset_peer');
  }

  start(): void {
    const { upstream, downstream } = this.links;
    const linkDone = (dest: Socket) => (): void => {
      this.closeSocket(dest);
      this.finishedLinks += 1;
      if (this.finishedLinks === 2) this.links.onDone();
    };
    upstream.start(this.client, this.upstream, this.links.upstreamCounters, linkDone(this.upstream));
    downstream.start(this.upstream, this.client, this.links.downstreamCounters, linkDone(this.client));
    this.client.resume();
  }

  private closeSocket(socket: Socket): void {
    if (this.closed.has(socket)) return;
    this.closed.add(socket);
    // The link reading this socket sees end of stream at once, as a Go reader on a closed conn would.
    (socket === this.client ? this.links.upstream : this.links.downstream).endSource();
    if (socket.destroyed) return;
    if (this.lingerZero) {
      socket.resetAndDestroy();
      return;
    }
    socket.end(() => socket.destroy());
    // Go's Close returns at once and leaves unsent bytes to the kernel; a peer that never reads
    // must not keep this socket open forever. Cleared once it closes: a pending timer would keep the
    // closed socket alive for 30 s, which under connection churn is thousands of sockets on the heap.
    const flush = setTimeout(() => socket.destroy(), CLOSE_FLUSH_TIMEOUT_MS);
    flush.unref();
    socket.once('close', () => clearTimeout(flush));
  }

  /** Closes both sockets and stops both links now (proxy disabled, deleted, or server closing). */
  destroy(): void {
    this.links.upstream.kill();
    this.links.downstream.kill();
    for (const socket of [this.client, this.upstream]) {
      this.closed.add(socket);
      if (socket.destroyed) continue;
      if (this.lingerZero) socket.resetAndDestroy();
      else socket.destroy();
    }
  }
}
