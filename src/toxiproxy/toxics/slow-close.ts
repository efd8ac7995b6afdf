/** `slow_close`: passes data unchanged; when the source ends, waits `delay` ms before closing. */
import { INTERRUPTED, TIMED_OUT } from '../stub.js';
import type { ToxicDefinition } from './types.js';

/** The `slow_close` toxic type. */
export const slowCloseToxic: ToxicDefinition = {
  type: 'slow_close',
  structName: 'SlowCloserToxic',
  attributes: { delay: 'int64' },
  bufferSize: 0,
  async pipe(stub, attributes) {
    for (;;) {
      const chunk = await stub.recv();
      if (chunk === INTERRUPTED) return;
      if (chunk === TIMED_OUT) continue;
      if (chunk === null) {
        if (await stub.sleep(attributes.delay ?? 0)) stub.close();
        return;
      }
      await stub.send(chunk);
    }
  },
};
