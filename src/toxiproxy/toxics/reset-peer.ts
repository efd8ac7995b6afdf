/**
 * `reset_peer`: on the first chunk (which is dropped), waits `timeout` ms and closes the link. The
 * RST itself comes from SO_LINGER 0, which the link sets only if this toxic was present when the
 * connection was accepted; added later, the peer sees a plain FIN, as with real Toxiproxy.
 */
import { INTERRUPTED, TIMED_OUT } from '../stub.js';
import type { ToxicDefinition } from './types.js';

/** The `reset_peer` toxic type. */
export const resetPeerToxic: ToxicDefinition = {
  type: 'reset_peer',
  structName: 'ResetToxic',
  attributes: { timeout: 'int64' },
  bufferSize: 0,
  async pipe(stub, attributes) {
    for (;;) {
      const chunk = await stub.recv();
      if (chunk === INTERRUPTED) return;
      if (chunk === TIMED_OUT) continue;
      // The wait cannot be interrupted in Go either; only a shutdown kill ends it early.
      await stub.sleep(attributes.timeout ?? 0, false);
      stub.close();
      return;
    }
  },
};
