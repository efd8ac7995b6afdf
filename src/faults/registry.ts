/** Every fault kind, one file each, looked up by kind (the Toxiproxy toxic-registry pattern). */
import type { Fault } from '../scenario/model.js';
import type { CallContext, FaultDefinition, FaultEffect, FaultState } from './types.js';
import { corruptFault } from './corrupt.js';
import { errorFault } from './error.js';
import { latencyFault } from './latency.js';
import { outageFault } from './outage.js';
import { partialFault } from './partial.js';
import { schemaDriftFault } from './schema-drift.js';
import { staleFault } from './stale.js';

type AnyDefinition = FaultDefinition<Fault['kind']>;

const REGISTRY: Record<Fault['kind'], AnyDefinition> = {
  outage: outageFault as AnyDefinition,
  latency: latencyFault as AnyDefinition,
  stale: staleFault as AnyDefinition,
  corrupt: corruptFault as AnyDefinition,
  error: errorFault as AnyDefinition,
  partial: partialFault as AnyDefinition,
  'schema-drift': schemaDriftFault as AnyDefinition,
};

export function faultDefinition(kind: Fault['kind']): AnyDefinition {
  return REGISTRY[kind];
}

export const FAULT_KINDS = Object.keys(REGISTRY) as Fault['kind'][];

/** Faults whose window contains `t` and that target `provider`, in scenario order. */
export function activeFaults(faults: readonly Fault[], provider: string, t: number): Fault[] {
  return faults.filter((f) => f.target === provider && f.startMs <= t && t < f.endMs);
}

/** Decide one fault's effect on a call (after its probability roll hit). */
export function decideFault(fault: Fault, ctx: CallContext, state: FaultState, jitter: number): FaultEffect | undefined {
  const def = REGISTRY[fault.kind];
  if (!def.affects(ctx.op)) return undefined;
  return def.decide(fault, ctx, state, jitter);
}

export type { CallContext, FaultEffect, FaultState } from './types.js';
