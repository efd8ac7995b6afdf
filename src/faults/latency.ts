import type { FaultDefinition } from './types.js';

/** Extra latency, uniform in [latency − jitter, latency + jitter) like Toxiproxy's latency toxic. */
export const latencyFault: FaultDefinition<'latency'> = {
  kind: 'latency',
  affects: () => true,
  decide: (fault, _ctx, _state, jitter) => ({
    type: 'delay',
    ms: Math.max(0, Math.round(fault.latencyMs - fault.jitterMs + 2 * fault.jitterMs * jitter)),
  }),
};
