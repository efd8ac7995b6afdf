/**
 * `latency`: delays each chunk by `latency ± jitter` ms, counted from the chunk's arrival, so
 * chunks are pipelined rather than delayed one after another.
 */
import { INTERRUPTED, TIMED_OUT, type ToxicStub } from '../stub.js';
import type { ToxicAttributes, ToxicDefinition } from './types.js';

function pickDelay(stub: ToxicStub, attributes: ToxicAttributes): number {
  const latency = attributes.latency ?? 0;
  const jitter = attributes.jitter ?? 0;
  // Go: delay += rand.Int63n(jitter*2) - jitter, i.e. uniform in [latency-jitter, latency+jitter).
  return jitter > 0 ? latency + stub.rng.intn(jitter * 2) - jitter : latency;
}

/** The `latency` toxic type. */
export const latencyToxic: ToxicDefinition = {
  type: 'latency',
  structName: 'LatencyToxic',
  attributes: { latency: 'int64', jitter: 'int64' },
  bufferSize: 1024,
  async pipe(stub, attributes) {
    for (;;) {
      let chunk: Awaited<ReturnType<typeof stub.recv>> | undefined = stub.tryRecv();
      // (not `??`: null is the end of the stream)
      if (chunk === undefined) chunk = await stub.recv();
      if (chunk === INTERRUPTED) return;
      if (chunk === TIMED_OUT) continue;
      if (chunk === null) {
        stub.close();
        return;
      }
      const sleep = pickDelay(stub, attributes) - (performance.now() - chunk.timestamp);
      if (sleep > 0 && !(await stub.sleep(sleep))) {
        // Interrupted: send at once rather than drop it (as Go does).
        await stub.send(chunk);
        return;
      }
      chunk.timestamp += sleep;
      const full = stub.send(chunk);
      if (full !== undefined) await full;
    }
  },
};
