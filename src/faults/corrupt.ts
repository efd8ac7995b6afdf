import type { FaultDefinition } from './types.js';

/** Corrupted payloads: decimal shift, wrong currency, truncated JSON, garbage bytes, empty body. */
export const corruptFault: FaultDefinition<'corrupt'> = {
  kind: 'corrupt',
  affects: (op) => op !== 'probe',
  decide: (fault) => ({ type: 'corrupt', mode: fault.mode, shift: fault.shift }),
};
