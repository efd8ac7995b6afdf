/**
 * The contract every toxic implements, mirroring `toxics.Toxic` in Toxiproxy: a Go struct of
 * attributes (decoded with Go's rules, printed in field order) plus a `pipe` loop over a stub.
 */
import type { ToxicStub } from '../stub.js';

/** Attribute values by JSON name; every Toxiproxy 2.12 attribute is an integer. */
export type ToxicAttributes = Record<string, number>;

/** One toxic type, registered by name in the registry. */
export interface ToxicDefinition {
  /** The API `type`, e.g. `latency`. */
  readonly type: string;
  /** The Go struct name, which appears in Go's JSON type errors (`LatencyToxic.attributes.latency`). */
  readonly structName: string;
  /** Attribute names in Go field order, with their Go integer type. */
  readonly attributes: Readonly<Record<string, 'int64' | 'int'>>;
  /** Capacity of the stub's input channel (latency buffers 1024 chunks in Go). */
  readonly bufferSize: number;
  /** Fresh per-link state for stateful toxics; kept across restarts of the stub. */
  newState?(): unknown;
  /** Runs until interrupted, or until it closes the stub. Must flush what it holds when interrupted. */
  pipe(stub: ToxicStub, attributes: ToxicAttributes): Promise<void>;
  /** Runs when the toxic is removed from a live link (timeout closes the connection). */
  cleanup?(stub: ToxicStub): void;
}
