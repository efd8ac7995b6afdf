import type { FaultDefinition } from './types.js';

/** A new API version renames fields (clients that parse strictly fail) or removes an endpoint (410). */
export const schemaDriftFault: FaultDefinition<'schema-drift'> = {
  kind: 'schema-drift',
  affects: (op) => op !== 'probe',
  decide: (fault) => ({ type: 'drift', mode: fault.mode, apiVersion: fault.apiVersion }),
};
