/**
 * A fault is a zod-validated parameter set (see scenario/schema.ts) plus a pure decision: given a
 * call that falls inside its window (and whose probability roll hit), what happens to that call.
 */
import type { Fault, ProviderRole } from '../scenario/model.js';
import type { Operation } from '../engine/events.js';

export interface CallContext {
  t: number;
  provider: string;
  role: ProviderRole;
  op: Operation;
  requestId: string;
  attempt: number;
}

/** What a fault does to one call, expressed at the HTTP level. */
export type FaultEffect =
  | { type: 'refuse' }
  | { type: 'delay'; ms: number }
  | { type: 'error'; status: number; retryAfterMs?: number }
  | { type: 'lose_response'; as: 'timeout' | 'reset' | '502' | '504' }
  | { type: 'stale'; sinceMs: number; frozenTimestamps: boolean }
  | { type: 'corrupt'; mode: 'decimal_shift' | 'truncated' | 'wrong_currency' | 'garbage' | 'empty'; shift: number }
  | { type: 'drift'; mode: 'rename_fields' | 'removed_endpoint'; apiVersion: string };

/** Mutable per-fault counters (fail-N-then-succeed). Lives in the transport, one per run. */
export interface FaultState {
  hits: number;
}

export interface FaultDefinition<K extends Fault['kind']> {
  kind: K;
  /** Does this fault change this operation at all? (e.g. `stale` only affects price reads.) */
  affects(op: Operation): boolean;
  /** The effect on one call; `undefined` means the call passes untouched. `jitter` is a uniform [0,1) draw. */
  decide(fault: Extract<Fault, { kind: K }>, ctx: CallContext, state: FaultState, jitter: number): FaultEffect | undefined;
}
