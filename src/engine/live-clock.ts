/**
 * A live scheduler for proxy mode: the same interface and event semantics as `VirtualScheduler`
 * (timers fire in (t, registration) order; every timer due at one instant fires before the loop
 * yields), but scenario time is the wall clock × `speed` from the moment the scheduler (re)starts.
 *
 * `now()` is monotonic and never earlier than the timer being fired, so an event stamped inside a
 * timer carries at least the timer's instant. Timers in the past fire at once. The run ends when no
 * timer is left before `untilMs` (work that waits on sockets must also wait on a timer, as every
 * transport does with its timeout), or at `stop()`.
 */
import type { LiveTiming } from './events.js';
import { LoopLagMeter } from './loop-lag.js';
import type { Clock } from './ports.js';

export { DEFAULT_PROXY_SPEED } from './keep-time.js';

interface Timer {
  t: number;
  seq: number;
  fire: () => void;
}

/** Something outside the scheduler that must be done before the timers of an instant fire. */
interface Hold {
  t: number;
  done: Promise<void>;
  release: () => void;
}

/** What `executePlan` needs from a scheduler (implemented by VirtualScheduler and LiveScheduler). */
export interface ReplayScheduler extends Clock {
  sleep(ms: number): Promise<void>;
  /** `sync`: `fire` resolves no promise and starts no process (a hint a virtual clock may use to skip a yield). */
  at(t: number, fire: () => void, sync?: boolean): void;
  spawn(t: number, process: () => Promise<void>): void;
  /** `at(timeOf(item), …)` per item, in order; a `fire` that returns a promise is a process (`spawn`). */
  atEach<T>(items: readonly T[], timeOf: (item: T) => number, fire: (item: T) => Promise<void> | void, isSync?: (item: T) => boolean): void;
  stop(): void;
  run(untilMs: number): Promise<void>;
  /** A live clock's measure of its own timekeeping over `run` (absent on the virtual clock). */
  timing?(): LiveTiming | undefined;
}

export interface LiveSchedulerOptions {
  /** The smallest timeout the replay's calls run under (scenario ms): stalls longer than it ÷ speed are counted. */
  timeoutMs?: number;
}

export class LiveScheduler implements ReplayScheduler {
  private timeSource: () => number;
  private floor: number;
  private seq = 0;
  private readonly timers: Timer[] = [];
  private failure: unknown;
  private stopped = false;
  private wake: (() => void) | undefined;
  private holds: Hold[] = [];
  private readonly lag: LoopLagMeter;
  private measured: LiveTiming | undefined;

  constructor(private readonly startMs: number, readonly speed: number, options: LiveSchedulerOptions = {}) {
    if (!(speed > 0) || !Number.isFinite(speed)) throw new Error(`speed must be a positive number, got ${speed}`);
    this.floor = startMs;
    this.timeSource = this.wallSource();
    this.lag = new LoopLagMeter(options.timeoutMs === undefined ? undefined : options.timeoutMs / speed);
  }

  /** How late the event loop ran while the replay ran (`run`), once it has. */
  timing(): LiveTiming | undefined {
    return this.measured;
  }

  private wallSource(): () => number {
    const wall0 = performance.now();
    return () => this.startMs + Math.floor((performance.now() - wall0) * this.speed);
  }

  /** Scenario time restarts at `startMs` now (call before any timer is registered). */
  restart(): void {
    this.timeSource = this.wallSource();
    this.floor = this.startMs;
  }

  /** Share another live clock's time (e.g. the mocks server's), so both agree on scenario time. */
  useTimeSource(now: () => number): void {
    this.timeSource = now;
  }

  now(): number {
    this.floor = Math.max(this.floor, this.timeSource());
    return this.floor;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.at(this.now() + Math.max(0, ms), resolve));
  }

  at(t: number, fire: () => void): void {
    this.timers.push({ t, seq: this.seq++, fire });
    this.wake?.();
  }

  spawn(t: number, process: () => Promise<void>): void {
    this.at(t, () => {
      process().catch((err: unknown) => {
        this.failure ??= err;
        this.wake?.();
      });
    });
  }

  atEach<T>(items: readonly T[], timeOf: (item: T) => number, fire: (item: T) => Promise<void> | void): void {
    for (const item of items) {
      this.at(timeOf(item), () => {
        fire(item)?.catch((err: unknown) => {
          this.failure ??= err;
          this.wake?.();
        });
      });
    }
  }

  /**
   * Timers at `t` or later wait until the returned `release` is called: work applied to the outside
   * world at an instant (a Toxiproxy toxic added or a proxy disabled at a fault window's edge) comes
   * before that instant's timers, so a probe due exactly when an outage starts sees the outage, as
   * it does on the virtual clock. Timers before `t` are not held; `stop()` releases every hold.
   */
  holdAt(t: number): () => void {
    let resolve!: () => void;
    const done = new Promise<void>((r) => (resolve = r));
    const release = (): void => {
      this.holds = this.holds.filter((h) => h.done !== done);
      resolve();
    };
    this.holds.push({ t, done, release });
    return release;
  }

  stop(): void {
    this.stopped = true;
    for (const h of [...this.holds]) h.release();
    this.wake?.();
  }

  private earliestHold(): Hold | undefined {
    let best: Hold | undefined;
    for (const h of this.holds) if (best === undefined || h.t < best.t) best = h;
    return best;
  }

  private earliest(): Timer | undefined {
    let best: Timer | undefined;
    for (const x of this.timers) if (best === undefined || x.t < best.t || (x.t === best.t && x.seq < best.seq)) best = x;
    return best;
  }

  /** Waits until `ms` scenario ms have passed or something new was scheduled. */
  private waitFor(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.max(0, ms) / this.speed);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }

  async run(untilMs: number): Promise<void> {
    this.lag.start();
    try {
      await this.loop(untilMs);
    } finally {
      this.measured = { clock: 'live', speed: this.speed, ...this.lag.stop() };
    }
  }

  private async loop(untilMs: number): Promise<void> {
    for (;;) {
      if (this.failure !== undefined) throw this.failure;
      if (this.stopped) return;
      const next = this.earliest();
      if (next === undefined || next.t > untilMs) {
        // Nothing left: give pending continuations one macrotask to schedule more work.
        await new Promise((resolve) => setImmediate(resolve));
        const again = this.earliest();
        if (again === undefined || again.t > untilMs) break;
        continue;
      }
      const wait = next.t - this.now();
      if (wait > 0) {
        await this.waitFor(wait);
        continue;
      }
      // Something the timers of an instant must come after (a toxic being applied) is due: wait for it.
      const hold = this.earliestHold();
      if (hold !== undefined && hold.t <= next.t) {
        await hold.done;
        continue;
      }
      // Fire every timer due by now (and before any hold), in (t, seq) order, before yielding.
      const due = this.timers.filter((x) => x.t <= this.floor && (hold === undefined || x.t < hold.t)).sort((a, b) => a.t - b.t || a.seq - b.seq);
      for (const x of due) this.timers.splice(this.timers.indexOf(x), 1);
      for (const x of due) x.fire();
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (this.failure !== undefined) throw this.failure;
  }
}
