/**
 * How late the event loop runs: a live replay's measure of whether it could keep time.
 *
 * On a live clock every wait is a wall-clock timer `speed` times shorter than in scenario time, and
 * the mocks, the embedded Toxiproxy and the transport share one event loop. When the loop stalls
 * (garbage collection, a busy CPU, other processes on the cores), nothing runs: an answer that
 * arrived during the stall is read after the timeout that expired during it, and the call times out
 * where the virtual clock would have answered it. A timer every `LAG_SAMPLE_MS` wall ms records how
 * much later than asked each turn ran; the replay's journal keeps the distribution
 * (`run.finished.timing`), and the evaluation holds it against the smallest timeout (keep-time.ts).
 */
import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';
import type { LiveTiming } from './events.js';

/** Wall ms between two samples of the loop. */
export const LAG_SAMPLE_MS = 2;

/** A turn later than this (wall ms) counts as a stall (below it: timer granularity). */
export const STALL_FLOOR_MS = 1;

/** What a meter saw, before the clock's speed is attached (events.ts `LiveTiming`). */
export type LoopLag = Omit<LiveTiming, 'clock' | 'speed'>;

/** 0.01 ms precision: enough to read, and the same text however the float was computed. */
const ms = (micros: number): number => Math.round(micros / 10) / 100;

export class LoopLagMeter {
  private readonly histogram: RecordableHistogram = createHistogram();
  private timer: NodeJS.Timeout | undefined;
  private last = 0;
  private stalls = 0;
  private stalled = 0;

  /** `stallMs`: a stall longer than this (wall ms) is counted (the smallest timeout ÷ speed). */
  constructor(private readonly stallMs = Number.POSITIVE_INFINITY) {}

  start(): void {
    if (this.timer !== undefined) return;
    this.last = performance.now();
    this.timer = setInterval(() => this.sample(), LAG_SAMPLE_MS);
    // The meter watches the loop; it must never be what keeps the process alive.
    this.timer.unref();
  }

  private sample(): void {
    const now = performance.now();
    const lateMs = Math.max(0, now - this.last - LAG_SAMPLE_MS);
    this.last = now;
    // The histogram takes integers ≥ 1 (µs): an on-time turn is recorded as 1 µs.
    this.histogram.record(Math.max(1, Math.round(lateMs * 1000)));
    if (lateMs > this.stallMs) this.stalls += 1;
    if (lateMs > STALL_FLOOR_MS) this.stalled += lateMs;
  }

  /**
   * Wall ms the loop spent stalled so far: the sum of every lateness over STALL_FLOOR_MS. Anything
   * the loop had to do in that window (read a socket, fire a timer) was delayed by at most this much.
   */
  stalledMs(): number {
    return this.stalled;
  }

  /** Stops sampling; the figures so far. */
  stop(): LoopLag {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    return this.read();
  }

  read(): LoopLag {
    const h = this.histogram;
    const empty = h.count === 0;
    return {
      samples: h.count,
      lagP50Ms: empty ? 0 : ms(h.percentile(50)),
      lagP99Ms: empty ? 0 : ms(h.percentile(99)),
      lagMaxMs: empty ? 0 : ms(h.max),
      stallsOverTimeout: this.stalls,
    };
  }
}

/**
 * Samples the loop for `durationMs` while keeping it about half busy (1 ms of work, then a 1 ms
 * timer), as a live drill does (`--speed auto`): an idle process is woken promptly even on a loaded
 * machine, a busy one waits for a core, so an idle measure would promise a speed the drill cannot keep.
 */
export function calibrateLoopLag(durationMs: number): Promise<LoopLag> {
  const meter = new LoopLagMeter();
  let sink = 0;
  return new Promise((resolve) => {
    const end = performance.now() + durationMs;
    meter.start();
    const slice = (): void => {
      const started = performance.now();
      if (started >= end) {
        resolve(meter.stop());
        return;
      }
      while (performance.now() - started < 1) sink = Math.sqrt(sink + started);
      setTimeout(slice, 1);
    };
    setTimeout(slice, 0);
  });
}
