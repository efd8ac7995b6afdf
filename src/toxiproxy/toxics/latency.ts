/**
 * `latency`: delays each chunk by `latency ± jitter` ms, counted from the chunk's arrival, so
 * chunks are pipelined rather than delayed one after another.
 *
 * Go's loop (receive, sleep until arrival + delay, send), written with the stub's callbacks rather
 * than `await`: this toxic sits on every chunk of a slowed link, and a few promises per chunk were
 * most of what the proxy allocated, so its collector paused it (the worst latencies it added).
 */
import { INTERRUPTED, type ToxicStub } from '../stub.js';
import type { StreamChunk } from '../channel.js';
import type { ToxicAttributes, ToxicDefinition } from './types.js';

function pickDelay(stub: ToxicStub, attributes: ToxicAttributes): number {
  const latency = attributes.latency ?? 0;
  const jitter = attributes.jitter ?? 0;
  // Go: delay += rand.Int63n(jitter*2) - jitter, i.e. uniform in [latency-jitter, latency+jitter).
  return jitter > 0 ? latency + stub.rng.intn(jitter * 2) - jitter : latency;
}

function pipeLatency(stub: ToxicStub, attributes: ToxicAttributes): Promise<void> {
  return new Promise<void>((done) => {
    // The chunk being delayed (one at a time, as in Go) and the delay left when it was taken.
    let held: StreamChunk | undefined;
    let heldSleep = 0;

    /** Sends `held` on; true when the next chunk may be taken at once. */
    const sendHeld = (): boolean => {
      const chunk = held!;
      held = undefined;
      chunk.timestamp += heldSleep;
      const full = stub.send(chunk);
      if (full === undefined) return true;
      void full.then(next);
      return false;
    };

    /** Handles one received item; true when the next may be taken at once. */
    const take = (item: StreamChunk | null | typeof INTERRUPTED): boolean => {
      if (item === INTERRUPTED) {
        done();
        return false;
      }
      if (item === null) {
        stub.close();
        done();
        return false;
      }
      held = item;
      heldSleep = pickDelay(stub, attributes) - (performance.now() - item.timestamp);
      if (heldSleep > 0) {
        stub.sleepThen(heldSleep, afterSleep);
        return false;
      }
      return sendHeld();
    };

    const afterSleep = (slept: boolean): void => {
      if (slept) {
        if (sendHeld()) next();
        return;
      }
      // Interrupted: send at once rather than drop it (as Go does), then stop.
      const chunk = held!;
      held = undefined;
      const full = stub.send(chunk);
      if (full === undefined) done();
      else void full.then(done);
    };

    const onItem = (item: StreamChunk | null | typeof INTERRUPTED): void => {
      if (take(item)) next();
    };

    function next(): void {
      // Queued chunks are taken in this loop; an empty input parks the stub on onItem.
      for (;;) {
        const item = stub.tryRecv();
        if (item === undefined) {
          stub.recvThen(onItem);
          return;
        }
        if (!take(item)) return;
      }
    }

    next();
  });
}

/** The `latency` toxic type. */
export const latencyToxic: ToxicDefinition = {
  type: 'latency',
  structName: 'LatencyToxic',
  attributes: { latency: 'int64', jitter: 'int64' },
  bufferSize: 1024,
  pipe: pipeLatency,
};
