import type { FaultDefinition } from './types.js';

/** Provider unreachable: connections are refused, nothing reaches it (Toxiproxy: proxy disabled). */
export const outageFault: FaultDefinition<'outage'> = {
  kind: 'outage',
  affects: () => true,
  decide: () => ({ type: 'refuse' }),
};
