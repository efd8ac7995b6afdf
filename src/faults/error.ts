import type { FaultDefinition } from './types.js';

/** An HTTP error status (429 with Retry-After, 5xx, …), optionally only for the first N calls. */
export const errorFault: FaultDefinition<'error'> = {
  kind: 'error',
  affects: () => true,
  decide: (fault, _ctx, state) => {
    if (fault.failFirst !== undefined && state.hits >= fault.failFirst) return undefined;
    return fault.retryAfterMs === undefined
      ? { type: 'error', status: fault.status }
      : { type: 'error', status: fault.status, retryAfterMs: fault.retryAfterMs };
  },
};
