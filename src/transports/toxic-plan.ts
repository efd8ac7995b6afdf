/**
 * Fault → toxic mapping for proxy mode (pure): turns the scenario's `via: toxiproxy` faults into a
 * timeline of operations on the providers' proxies, in wall-clock milliseconds from the start of
 * the run, with scenario time running `speed`× faster than the wall clock. docs/proxy-mode.md
 * explains each mapping and how it differs from what sim mode models.
 *
 * | fault                              | operation at start → at end                                      |
 * |------------------------------------|------------------------------------------------------------------|
 * | outage (probability 1)             | disable the proxy → enable it (overlapping outages merged)        |
 * | outage (probability p < 1)         | `reset_peer` upstream, timeout 0, toxicity p → remove            |
 * | latency L ± J                      | `latency` downstream {latency: L/speed, jitter: J/speed}, toxicity p → remove |
 * | partial, lost_as: timeout          | `timeout` downstream {timeout: 0}, toxicity p → remove           |
 * | partial, lost_as: reset            | `reset_peer` downstream {timeout: 0}, toxicity p → remove        |
 */
import type { Fault } from '../scenario/model.js';
import type { ToxicSpec } from './toxiproxy-api.js';

interface OperationBase {
  /** Wall-clock ms from the start of the run (scenario start), after the `speed` mapping. */
  atMs: number;
  /** The scenario instant (epoch ms) this operation stands for. */
  scenarioMs: number;
  /** Provider id (the fault's `target`): the proxy is `faultline-<runId>-<target>`. */
  target: string;
  /** The fault that opens or closes here (for merged outages, the one whose window opens or closes). */
  faultId: string;
}

export type ToxicOperation =
  | (OperationBase & { action: 'disable' | 'enable' })
  | (OperationBase & { action: 'add'; toxic: ToxicSpec })
  | (OperationBase & { action: 'remove'; toxic: string });

export interface ToxicPlan {
  /** Sorted by `atMs`; at one instant, closing operations (remove, enable) come before opening ones. */
  operations: ToxicOperation[];
  /** `via: toxiproxy` faults that produce no operation, and why. */
  skipped: { faultId: string; reason: string }[];
}

export interface ToxicPlanOptions {
  /** The scenario's start (epoch ms): wall time 0. */
  startMs: number;
  /** Scenario ms per wall ms (`--speed`); 1 = real time. */
  speed: number;
}

/** Scenario instant → wall ms from the run's start. */
export function wallOffsetMs(scenarioMs: number, options: ToxicPlanOptions): number {
  return Math.max(0, Math.round((scenarioMs - options.startMs) / options.speed));
}

/** A scenario duration → wall ms (toxic attributes are integers on the server). */
export function wallDurationMs(ms: number, speed: number): number {
  return Math.max(0, Math.round(ms / speed));
}

/** The toxic standing for a fault (undefined for a certain outage, which disables the proxy instead). */
export function toxicForFault(fault: Fault, speed: number): ToxicSpec | { skip: string } | undefined {
  const toxicity = Math.min(1, Math.max(0, fault.probability));
  switch (fault.kind) {
    case 'outage':
      if (toxicity >= 1) return undefined;
      return { name: fault.id, type: 'reset_peer', stream: 'upstream', toxicity, attributes: { timeout: 0 } };
    case 'latency':
      return {
        name: fault.id,
        type: 'latency',
        stream: 'downstream',
        toxicity,
        attributes: { latency: wallDurationMs(fault.latencyMs, speed), jitter: wallDurationMs(fault.jitterMs, speed) },
      };
    case 'partial':
      if (fault.lostAs === 'timeout') return { name: fault.id, type: 'timeout', stream: 'downstream', toxicity, attributes: { timeout: 0 } };
      if (fault.lostAs === 'reset') return { name: fault.id, type: 'reset_peer', stream: 'downstream', toxicity, attributes: { timeout: 0 } };
      return { skip: `lost_as ${fault.lostAs} is an HTTP status, which Toxiproxy cannot produce (use via: msw)` };
    default:
      return { skip: `${fault.kind} faults change HTTP responses, which Toxiproxy cannot do (use via: msw)` };
  }
}

const CLOSING: ReadonlySet<ToxicOperation['action']> = new Set(['remove', 'enable']);

function compareOperations(a: ToxicOperation, b: ToxicOperation): number {
  if (a.atMs !== b.atMs) return a.atMs - b.atMs;
  const ca = CLOSING.has(a.action) ? 0 : 1;
  const cb = CLOSING.has(b.action) ? 0 : 1;
  if (ca !== cb) return ca - cb;
  if (a.target !== b.target) return a.target < b.target ? -1 : 1;
  return a.faultId < b.faultId ? -1 : a.faultId > b.faultId ? 1 : 0;
}

/** Builds the toxic timeline of the `via: toxiproxy` faults (others are the mocks' business). */
export function planToxics(faults: readonly Fault[], options: ToxicPlanOptions): ToxicPlan {
  if (!Number.isFinite(options.speed) || options.speed <= 0) throw new RangeError(`speed must be a positive number, got ${options.speed}`);
  const operations: ToxicOperation[] = [];
  const skipped: ToxicPlan['skipped'] = [];
  const outages = new Map<string, { from: number; to: number; fromMs: number; toMs: number; first: string; last: string }[]>();

  for (const fault of faults) {
    if (fault.via !== 'toxiproxy') continue;
    const from = wallOffsetMs(fault.startMs, options);
    const to = wallOffsetMs(fault.endMs, options);
    if (to <= from) {
      skipped.push({ faultId: fault.id, reason: `its window lasts less than 1 ms of wall time at speed ${options.speed}` });
      continue;
    }
    const toxic = toxicForFault(fault, options.speed);
    if (toxic !== undefined && 'skip' in toxic) {
      skipped.push({ faultId: fault.id, reason: toxic.skip });
      continue;
    }
    if (toxic === undefined) {
      const list = outages.get(fault.target) ?? [];
      list.push({ from, to, fromMs: Math.max(fault.startMs, options.startMs), toMs: fault.endMs, first: fault.id, last: fault.id });
      outages.set(fault.target, list);
      continue;
    }
    const base = { target: fault.target, faultId: fault.id };
    operations.push({ ...base, atMs: from, scenarioMs: Math.max(fault.startMs, options.startMs), action: 'add', toxic });
    operations.push({ ...base, atMs: to, scenarioMs: fault.endMs, action: 'remove', toxic: toxic.name });
  }

  // A proxy is either enabled or not: overlapping (or touching) outages on one target become one window.
  for (const [target, list] of outages) {
    list.sort((a, b) => a.from - b.from || a.to - b.to);
    const merged: typeof list = [];
    for (const w of list) {
      const last = merged.at(-1);
      if (last !== undefined && w.from <= last.to) {
        if (w.to > last.to) {
          last.to = w.to;
          last.toMs = w.toMs;
          last.last = w.last;
        }
      } else {
        merged.push({ ...w });
      }
    }
    for (const w of merged) {
      operations.push({ atMs: w.from, scenarioMs: w.fromMs, target, faultId: w.first, action: 'disable' });
      operations.push({ atMs: w.to, scenarioMs: w.toMs, target, faultId: w.last, action: 'enable' });
    }
  }

  operations.sort(compareOperations);
  return { operations, skipped };
}
