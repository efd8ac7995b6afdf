/**
 * Large socket reads for the proxy's data path. Node reads a socket 64 KiB at a time, and a proxy
 * spends most of its time in those reads and their callbacks. With Node's `onread` option a socket
 * reads into a buffer we supply, so bulk streams can be read up to 1 MiB at once.
 *
 * Each socket reads into its own slab, one region after another, so a chunk handed to the toxic chain
 * is never overwritten by a later read (a slab is freed once no chunk views it). A socket starts with a
 * 64 KiB slab, like Node's own reads, and its next slabs double up to 1 MiB only while its reads keep
 * filling at least half of the region offered, and fall back to 64 KiB once reads are small again: bulk
 * streams get large reads, request/response traffic stays at 64 KiB. The socket emits ordinary 'data' events, and `pause()`/`resume()` stop and restart
 * the reads as usual (Node's `onread` contract), so the rest of the proxy is unchanged.
 *
 * Slabs outlive their sockets: a closed socket gives its slabs to a pool shared by every socket (once
 * no chunk views them), and a new socket takes its first slab from there. Under connection churn
 * (issue 16: thousands of short connections a second) allocating two fresh 64 KiB slabs per connection
 * was most of the proxy's garbage: the collector's pauses halved the connections per second and made
 * the p99 connect-to-answer time ~200 ms.
 */
import { Socket, type NetConnectOpts } from 'node:net';

const FIRST_SLAB = 64 * 1024;
const LARGEST_SLAB = 1024 * 1024;
/** Freed slabs a socket keeps for its next reads (each socket's own; at most 2 MiB each). */
const SPARE_SLABS = 2;

type OnRead = NonNullable<NetConnectOpts['onread']>;

/** Free slabs the pool keeps, in bytes (beyond this a closed socket's slab is left to the collector). */
const POOL_BYTES = 16 * 1024 * 1024;

interface Slab {
  buffer: Buffer;
  /** Chunks read into this slab that were not released yet. */
  inUse: number;
  /** Its socket closed while chunks still viewed it: it goes to the pool when the last is released. */
  orphaned: boolean;
}

/** Every slab by its memory, so that a chunk can be released without knowing its socket. */
const slabs = new WeakMap<ArrayBufferLike, Slab>();

/** Free slabs by size, shared by every socket. */
const pool = new Map<number, Slab[]>();
let pooledBytes = 0;
let allocated = 0;

function takeSlab(size: number): Slab {
  const free = pool.get(size)?.pop();
  if (free !== undefined) {
    pooledBytes -= size;
    return free;
  }
  const slab = { buffer: Buffer.allocUnsafeSlow(size), inUse: 0, orphaned: false };
  slabs.set(slab.buffer.buffer, slab);
  allocated += 1;
  return slab;
}

/** A slab no socket reads into any more: to the pool now, or when its last chunk is released. */
function giveBack(slab: Slab): void {
  if (slab.inUse > 0) {
    slab.orphaned = true;
    return;
  }
  slab.orphaned = false;
  const size = slab.buffer.length;
  if (pooledBytes + size > POOL_BYTES) return;
  let free = pool.get(size);
  if (free === undefined) {
    free = [];
    pool.set(size, free);
  }
  free.push(slab);
  pooledBytes += size;
}

/** Bytes of free slabs in the shared pool, and slabs allocated since start-up (tests, benchmarks). */
export function slabStats(): { pooledBytes: number; allocated: number } {
  return { pooledBytes, allocated };
}

/**
 * Says that a chunk read by {@link slabReads} is no longer needed (it was written out and no one else
 * holds it), so its slab may be read into again. Reusing slabs spares the allocation and, above all,
 * the page faults of touching fresh memory on every read. A chunk that is never released simply keeps
 * its slab out of reuse until it is garbage collected. Does nothing for any other buffer.
 */
export function releaseRead(chunk: Buffer): void {
  const slab = slabs.get(chunk.buffer);
  if (slab === undefined || slab.inUse === 0) return;
  slab.inUse -= 1;
  if (slab.inUse === 0 && slab.orphaned) giveBack(slab);
}

/** `onread` options that read `socket()` in growing slabs and emit each read as a 'data' event. */
export function slabReads(socket: () => Socket): OnRead {
  let size = FIRST_SLAB;
  let slab = takeSlab(size);
  let offset = 0;
  const spares: Slab[] = [];
  const nextSlab = (): Slab => {
    const i = spares.findIndex((s) => s.inUse === 0 && s.buffer.length === size);
    if (i >= 0) return spares.splice(i, 1)[0]!;
    return takeSlab(size);
  };
  let watching = false;
  /** Once the socket is closed its handle reads no more: its slabs go back to the pool. */
  const watchClose = (): void => {
    watching = true;
    // Node asks for the first region while the socket is being constructed: it is there a tick later.
    queueMicrotask(() => {
      socket().once('close', () => {
        giveBack(slab);
        for (const spare of spares.splice(0)) giveBack(spare);
      });
    });
  };
  return {
    // Node asks for the next region after every read (and once before the first).
    buffer: () => {
      if (!watching) watchClose();
      return slab.buffer.subarray(offset);
    },
    callback: (bytes: number, region: Uint8Array): boolean => {
      const data = Buffer.from(region.buffer, region.byteOffset, bytes);
      const filled = bytes * 2 >= region.byteLength;
      const current = slab;
      current.inUse += 1;
      socket().emit('data', data);
      // Released during the 'data' event (written out at once), or every earlier chunk released: the
      // whole slab is free again.
      offset = current.inUse === 0 ? 0 : offset + bytes;
      const grow = filled && size < LARGEST_SLAB;
      if (grow || current.buffer.length - offset < size / 4) {
        if (grow) size *= 2;
        else if (!filled && bytes < FIRST_SLAB / 4) size = FIRST_SLAB;
        if (current.inUse === 0 && current.buffer.length === size) {
          offset = 0;
        } else {
          spares.push(current);
          if (spares.length > SPARE_SLABS) giveBack(spares.shift()!);
          slab = nextSlab();
          offset = 0;
        }
      }
      return true;
    },
  };
}

interface SocketInternals {
  _handle: unknown;
}

/**
 * An accepted socket (from a server with `pauseOnConnect`) moved onto a new Socket that reads in slabs.
 * Node has no `onread` option for accepted sockets, so the handle moves into a Socket that has one
 * (the same construction Node's own server uses for accepted connections). Falls back to the
 * accepted socket itself whenever this cannot be done safely: no handle where Node 20–24 keep it,
 * a socket already reading, or a Socket constructor that refuses the handle.
 */
export function withSlabReads(accepted: Socket): Socket {
  const internals = accepted as unknown as SocketInternals;
  const handle = internals._handle;
  if (handle === null || typeof handle !== 'object' || (handle as { reading?: unknown }).reading !== false) return accepted;
  if (accepted.readableFlowing === true || accepted.destroyed) return accepted;
  let socket: Socket | undefined;
  try {
    // pauseOnCreate: like the accepted socket, it reads nothing until the connection is joined and resumed.
    socket = new Socket({
      handle,
      pauseOnCreate: true,
      noDelay: true,
      onread: slabReads(() => socket!),
      allowHalfOpen: true,
      readable: true,
      writable: true,
    } as ConstructorParameters<typeof Socket>[0]);
  } catch {
    return accepted;
  }
  if ((socket as unknown as SocketInternals)._handle !== handle) {
    // This Node did not take the handle: leave it with the accepted socket.
    (socket as unknown as SocketInternals)._handle = null;
    socket.destroy();
    return accepted;
  }
  internals._handle = null;
  accepted.destroy();
  return socket;
}
