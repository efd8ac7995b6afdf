/**
 * Plays a toxic plan (`planToxics`) on the wall clock through the controller: each operation at
 * its `atMs` after the start, in order. A failed operation does not stop the timeline, but it is
 * reported (a fault that was never injected must not pass silently). Aborting stops it; whatever is
 * still applied is removed by the controller's `close()` (or, after a crash, `faultline cleanup`).
 */
import type { ToxicOperation, ToxicPlan } from './toxic-plan.js';
import type { ToxiproxyController } from './toxiproxy-controller.js';

export interface ToxicTimelineOptions {
  controller: Pick<ToxiproxyController, 'proxyName' | 'addToxic' | 'removeToxic' | 'disableProxy' | 'enableProxy'>;
  plan: ToxicPlan;
  /** Wall ms since the run started (default: performance.now() at the call = 0). */
  now?: () => number;
  /** Waits `ms` wall ms, or less if aborted. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
  /** Called after each operation (with the error if it failed). */
  onOperation?: (op: ToxicOperation, error?: unknown) => void;
}

export interface TimelineOutcome {
  applied: ToxicOperation[];
  failed: { op: ToxicOperation; error: unknown }[];
  aborted: boolean;
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Applies one operation to the target's proxy. */
export async function applyToxicOperation(controller: ToxicTimelineOptions['controller'], op: ToxicOperation): Promise<void> {
  const proxy = controller.proxyName(op.target);
  switch (op.action) {
    case 'disable':
      await controller.disableProxy(proxy);
      return;
    case 'enable':
      await controller.enableProxy(proxy);
      return;
    case 'add':
      await controller.addToxic(proxy, op.toxic);
      return;
    case 'remove':
      await controller.removeToxic(proxy, op.toxic);
      return;
  }
}

/** Runs the timeline to its end (or until aborted). */
export async function runToxicTimeline(options: ToxicTimelineOptions): Promise<TimelineOutcome> {
  const t0 = performance.now();
  const now = options.now ?? ((): number => performance.now() - t0);
  const sleep = options.sleep ?? defaultSleep;
  const outcome: TimelineOutcome = { applied: [], failed: [], aborted: false };
  for (const op of options.plan.operations) {
    const wait = op.atMs - now();
    if (wait > 0) await sleep(wait, options.signal);
    if (options.signal?.aborted === true) {
      outcome.aborted = true;
      break;
    }
    try {
      await applyToxicOperation(options.controller, op);
      outcome.applied.push(op);
      options.onOperation?.(op);
    } catch (error) {
      outcome.failed.push({ op, error });
      options.onOperation?.(op, error);
    }
  }
  return outcome;
}
