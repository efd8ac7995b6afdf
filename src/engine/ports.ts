/**
 * Ports: the only ways side effects enter the engine (design.md, "Ports and fakes").
 * Pure code receives these; adapters (VirtualClock, LiveClock, transports, file sinks) implement them.
 */
import type { RunEvent } from './events.js';

export type { Rng } from './rng.js';

/** Scenario time. Sim mode uses a virtual clock; live modes map wall time × speed onto it. */
export interface Clock {
  /** Current scenario time, epoch ms (UTC). */
  now(): number;
}

/** Where run events go: journal, dashboard, reporters all consume the same stream. */
export interface EventSink {
  emit(event: RunEvent): void;
}

/** Fan one stream out to many sinks, in order. */
export function fanOut(...sinks: EventSink[]): EventSink {
  return { emit: (e) => { for (const s of sinks) s.emit(e); } };
}

/** A sink that keeps every event in memory (tests, evaluate). */
export function collectingSink(): EventSink & { events: RunEvent[] } {
  const events: RunEvent[] = [];
  return { events, emit: (e) => { events.push(e); } };
}
