import type { FaultDefinition } from './types.js';

/** Prices freeze at the fault start; with frozen timestamps a careful client can tell, otherwise not. */
export const staleFault: FaultDefinition<'stale'> = {
  kind: 'stale',
  affects: (op) => op === 'get_price',
  decide: (fault) => ({ type: 'stale', sinceMs: fault.startMs, frozenTimestamps: fault.timestamps === 'frozen' }),
};
