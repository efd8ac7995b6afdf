/**
 * `limit_data`: passes up to `bytes` bytes on the link, truncating the chunk that crosses the limit,
 * then closes the connection. The count lives in the stub's state, per connection and per link, so
 * it survives updates of the toxic.
 */
import { INTERRUPTED, TIMED_OUT } from '../stub.js';
import type { ToxicDefinition } from './types.js';

interface LimitDataState {
  transmitted: number;
}

/** The `limit_data` toxic type. */
export const limitDataToxic: ToxicDefinition = {
  type: 'limit_data',
  structName: 'LimitDataToxic',
  attributes: { bytes: 'int64' },
  bufferSize: 0,
  newState: (): LimitDataState => ({ transmitted: 0 }),
  async pipe(stub, attributes) {
    const limit = attributes.bytes ?? 0;
    const state = (stub.state ?? { transmitted: 0 }) as LimitDataState;
    let remaining = limit - state.transmitted;
    for (;;) {
      const chunk = await stub.recv();
      if (chunk === INTERRUPTED) return;
      if (chunk === TIMED_OUT) continue;
      if (chunk === null) {
        stub.close();
        return;
      }
      remaining = Math.max(remaining, 0);
      const data = remaining < chunk.data.length ? chunk.data.subarray(0, remaining) : chunk.data;
      if (data.length > 0) {
        await stub.send({ data, timestamp: chunk.timestamp });
        state.transmitted += data.length;
        remaining = limit - state.transmitted;
      }
      if (remaining <= 0) {
        stub.close();
        return;
      }
    }
  },
};
