/** Every toxic type the API accepts, by name. `down` is deliberately absent (it is `enabled:false`). */
import { bandwidthToxic } from './bandwidth.js';
import { latencyToxic } from './latency.js';
import { limitDataToxic } from './limit-data.js';
import { noopToxic } from './noop.js';
import { resetPeerToxic } from './reset-peer.js';
import { slicerToxic } from './slicer.js';
import { slowCloseToxic } from './slow-close.js';
import { timeoutToxic } from './timeout.js';
import type { ToxicDefinition } from './types.js';

const toxics: ReadonlyMap<string, ToxicDefinition> = new Map(
  [noopToxic, latencyToxic, bandwidthToxic, slowCloseToxic, timeoutToxic, resetPeerToxic, slicerToxic, limitDataToxic].map((t) => [t.type, t]),
);

/** Looks a toxic type up by its exact (case-sensitive) name. */
export function findToxicType(type: string): ToxicDefinition | undefined {
  return toxics.get(type);
}

/** The registered type names. */
export function listToxicTypes(): string[] {
  return [...toxics.keys()];
}
