import type { FaultDefinition } from './types.js';

/** The provider executes the request, then the response is lost: the client faces an unknown outcome. */
export const partialFault: FaultDefinition<'partial'> = {
  kind: 'partial',
  affects: (op) => op === 'place_order' || op === 'create_payment',
  decide: (fault) => ({ type: 'lose_response', as: fault.lostAs }),
};
