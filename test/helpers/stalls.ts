/**
 * How long this process's event loop was stalled while a timing was measured (engine/loop-lag.ts).
 * Wall-clock assertions in tests take their slack from it instead of from a margin fixed in advance:
 * a measured delay is the true delay plus at most the time the loop could not run (issue 16).
 */
import { LoopLagMeter } from '../../src/engine/loop-lag.js';

export interface Stalls {
  /** Wall ms the loop was stalled since `watchStalls()` (or the last `reset()`). */
  ms(): number;
  reset(): void;
  stop(): void;
}

export function watchStalls(): Stalls {
  let meter = new LoopLagMeter();
  meter.start();
  return {
    ms: () => meter.stalledMs(),
    reset: () => {
      meter.stop();
      meter = new LoopLagMeter();
      meter.start();
    },
    stop: () => void meter.stop(),
  };
}
