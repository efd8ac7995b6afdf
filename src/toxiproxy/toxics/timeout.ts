/**
 * `timeout`: drops every chunk, and closes the connection once `timeout` ms pass with no chunk
 * arriving (the timer restarts per dropped chunk: an idle timeout). 0 never closes. Removing the
 * toxic closes the connection (`Cleanup` in Go), and end of stream closes it at once.
 */
import { INTERRUPTED, TIMED_OUT } from '../stub.js';
import type { ToxicDefinition } from './types.js';

/** The `timeout` toxic type. */
export const timeoutToxic: ToxicDefinition = {
  type: 'timeout',
  structName: 'TimeoutToxic',
  attributes: { timeout: 'int64' },
  bufferSize: 0,
  async pipe(stub, attributes) {
    const timeout = attributes.timeout ?? 0;
    for (;;) {
      const chunk = await stub.recv(timeout > 0 ? timeout : undefined);
      if (chunk === INTERRUPTED) return;
      if (chunk === TIMED_OUT || chunk === null) {
        stub.close();
        return;
      }
      // Drop the data on the ground.
    }
  },
  cleanup(stub) {
    stub.close();
  },
};
