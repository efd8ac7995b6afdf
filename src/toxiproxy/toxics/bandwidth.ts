/**
 * `bandwidth`: caps throughput at `rate` KB/s (KB = 1000 bytes). Chunks bigger than `rate*100`
 * bytes go out in `rate*100`-byte pieces every 100 ms. `rate` 0 stalls the stream forever, as in
 * Go (it loops on empty slices); a negative rate, which crashes real Toxiproxy, stalls too.
 */
import { INTERRUPTED, TIMED_OUT } from '../stub.js';
import type { ToxicDefinition } from './types.js';

/** The `bandwidth` toxic type. */
export const bandwidthToxic: ToxicDefinition = {
  type: 'bandwidth',
  structName: 'BandwidthToxic',
  attributes: { rate: 'int64' },
  bufferSize: 0,
  async pipe(stub, attributes) {
    const rate = attributes.rate ?? 0;
    let sleep = 0;
    for (;;) {
      const chunk = await stub.recv();
      if (chunk === INTERRUPTED) return;
      if (chunk === TIMED_OUT) continue;
      if (chunk === null) {
        stub.close();
        return;
      }
      sleep = rate <= 0 ? 0 : sleep + chunk.data.length / rate;
      const piece = Math.max(0, rate * 100);
      while (chunk.data.length > piece) {
        if (!(await stub.sleep(100))) {
          await stub.send(chunk);
          return;
        }
        if (piece > 0) {
          await stub.send({ data: chunk.data.subarray(0, piece), timestamp: chunk.timestamp });
          chunk.data = chunk.data.subarray(piece);
          sleep -= 100;
        }
      }
      const start = performance.now();
      if (!(await stub.sleep(sleep))) {
        await stub.send(chunk);
        return;
      }
      // Offset the next sleep by this one's error, like Go does for timer imprecision.
      sleep -= performance.now() - start;
      await stub.send(chunk);
    }
  },
};
