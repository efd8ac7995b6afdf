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
 */
import { Socket, type NetConnectOpts } from 'node:net';

const FIRST_SLAB = 64 * 1024;
const LARGEST_SLAB = 1024 * 1024;
/** Freed slabs a socket keeps for its next reads (each socket's own; at most 2 MiB each). */
const SPARE_SLABS = 2;

type OnRead = NonNullable<NetConnectOpts['onread']>;

interface Slab {
  buffer: Buffer;
  /** Chunks read into this slab that were not released yet. */
  inUse: number;
}

/** Every slab by its memory, so that a chunk can be released without knowing its socket. */
const slabs = new WeakMap<ArrayBufferLike, Slab>();

function newSlab(size: number): Slab {
  const slab = { buffer: Buffer.allocUnsafeSlow(size), inUse: 0 };
  slabs.set(slab.buffer.buffer, slab);
  return slab;
}

/**
 * Says that a chunk read by {@link slabReads} is no longer needed (it was written out and no one else
 * holds it), so its slab may be read into again. Reusing slabs spares the allocation and, above all,
 * the page faults of touching fresh memory on every read. A chunk that is never released simply keeps
 * its slab out of reuse until it is garbage collected. Does nothing for any other buffer.
 */
export function releaseRead(chunk: Buffer): void {
  const slab = slabs.get(chunk.buffer);
  if (slab !== undefined && slab.inUse > 0) slab.inUse -= 1;
}

/** `onread` options that read `socket()` in growing slabs and emit each read as a 'data' event. */
export function slabReads(socket: () => Socket): OnRead {
  let size = FIRST_SLAB;
  let slab = newSlab(size);
  let offset = 0;
  const spares: Slab[] = [];
  const nextSlab = (): Slab => {
    const i = spares.findIndex((s) => s.inUse === 0 && s.buffer.length === size);
    if (i >= 0) return spares.splice(i, 1)[0]!;
    return newSlab(size);
  };
  return {
    // Node asks for the next region after every read (and once before the first).
    buffer: () => slab.buffer.subarray(offset),
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
          if (spares.length > SPARE_SLABS) spares.shift();
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
