/**
 * A discrete-event scheduler on a virtual clock: a 2-hour drill runs in seconds.
 *
 * Processes are ordinary async functions that wait only through `sleep` (and transports built on
 * it). The loop pops the earliest timer, advances the clock, resolves it, and yields one
 * macrotask so every continuation runs and registers its next timer before time moves on.
 * Timers at the same instant fire in the order they were registered, so runs are deterministic.
 */
import type { Clock } from './ports.js';

interface Timer {
  /** Scenario time relative to the scheduler's origin (see VirtualScheduler.origin). */
  t: number;
  seq: number;
  fire: () => void;
  /** Declared by the caller: `fire` neither resolves a promise nor starts a process (see `at`). */
  sync: boolean;
}

/** Binary min-heap ordered by (t, seq). */
class TimerHeap {
  private items: Timer[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): Timer | undefined {
    return this.items[0];
  }
  push(timer: Timer): void {
    const a = this.items;
    a.push(timer);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(a[i]!, a[p]!)) break;
      // Plain swaps: a destructuring swap allocated an array per level (~0.5 kB a timer).
      const tmp = a[i]!;
      a[i] = a[p]!;
      a[p] = tmp;
      i = p;
    }
  }
  pop(): Timer | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && before(a[l]!, a[m]!)) m = l;
        if (r < a.length && before(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        const tmp = a[i]!;
        a[i] = a[m]!;
        a[m] = tmp;
        i = m;
      }
    }
    return top;
  }
}

/**
 * Timers registered at once, in time order (the workload): they take their seqs at registration,
 * as `at` would give them, but wait in their array instead of the heap, so a 100k-item drill does
 * not hold 100k timers and closures (promoted to old space) nor sift through a 100k-deep heap.
 */
class TimerRun<T> {
  /** The next item's time (relative, as a Timer's) and seq: the run's head as a Timer. */
  t: number;
  seq: number;
  /** Every item fired (t and seq then stay at the last item's). */
  exhausted: boolean;
  private i = 0;
  /** Each item's time (floored), read once at registration: the run advances without touching the next item. */
  private readonly times: Float64Array;

  constructor(
    private readonly items: readonly T[],
    timeOf: (item: T) => number,
    /** Fires an item; true when that was synchronous (see `at`). */
    private readonly fireItem: (item: T) => boolean,
    floor: number,
    origin: number,
    seqBase: number,
  ) {
    this.seq = seqBase;
    const times = new Float64Array(items.length);
    for (let k = 0; k < items.length; k++) times[k] = Math.max(timeOf(items[k]!), floor) - origin;
    this.times = times;
    this.t = items.length > 0 ? times[0]! : 0;
    this.exhausted = items.length === 0;
  }

  /** Fire the head and move on (before firing, so timers it registers see the next head); true when synchronous. */
  fire(): boolean {
    const item = this.items[this.i++]!;
    if (this.i < this.items.length) {
      this.seq += 1;
      this.t = this.times[this.i]!;
    } else {
      this.exhausted = true;
    }
    return this.fireItem(item);
  }
}

/** (t, seq) order between timers of the heap (one object shape: monomorphic property loads). */
function before(x: Timer, y: Timer): boolean {
  return x.t < y.t || (x.t === y.t && x.seq < y.seq);
}

/** The same order between runs, and between a run and a heap timer (each load site sees one shape). */
function runBefore(x: TimerRun<unknown>, y: TimerRun<unknown>): boolean {
  return x.t < y.t || (x.t === y.t && x.seq < y.seq);
}

function runBeforeTimer(x: TimerRun<unknown>, y: Timer): boolean {
  return x.t < y.t || (x.t === y.t && x.seq < y.seq);
}

const yieldMacrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Microtask yields: a tick queued from inside a microtask runs only after Node has run every
 * microtask (including those queued meanwhile), and a job on this promise brings the loop back
 * into a microtask. Only valid for processes that wait on promises alone (no I/O, no macrotasks,
 * no process.nextTick of their own): sim mode's transport and reference gateway.
 */
const RESOLVED = Promise.resolve();

/** With microtask yields, a real macrotask still every this many instants (signals, dashboards). */
const MACROTASK_EVERY = 256;

/** What `fireInstant` did: nothing due, only synchronous timers, or at least one that may wake a process. */
const NONE = 0;
const SYNC = 1;
const ASYNC = 2;

export interface VirtualSchedulerOptions {
  /**
   * Advance between instants once the microtask queue drains instead of after a macrotask. Same
   * order of events, several times fewer event-loop turns; only for processes that never wait on
   * I/O or timers (sim mode). msw mode reads real Response bodies, which need macrotasks.
   */
  microtaskYield?: boolean;
}

/** Virtual time plus the process loop. Implements the Clock port. */
export class VirtualScheduler implements Clock {
  private current: number;
  /**
   * Timers keep their time relative to this (the start): a drill's relative times are small
   * integers (Smis), compared without loading a boxed double, where epoch ms are not. Exact: a time
   * x ≥ origin, with x ≤ 2 × origin or both integers, gives x − origin exactly (Sterbenz), and
   * origin + (x − origin) is x again.
   */
  private readonly origin: number;
  private seq = 0;
  private readonly heap = new TimerHeap();
  private readonly runs: TimerRun<unknown>[] = [];
  private failure: unknown;
  private stopped = false;

  private readonly microtaskYield: boolean;

  constructor(startMs: number, options: VirtualSchedulerOptions = {}) {
    this.current = startMs;
    this.origin = startMs;
    this.microtaskYield = options.microtaskYield === true;
  }

  now(): number {
    return this.current;
  }

  /** Resolve after `ms` of scenario time. */
  sleep(ms: number): Promise<void> {
    this.wakeAt = this.current + Math.max(0, ms);
    return new Promise(this.sleepExecutor);
  }

  /** Wake-up time for the executor below (set just before it runs, synchronously). */
  private wakeAt = 0;
  /** One executor for every sleep instead of a closure (and its context) per sleep. */
  private readonly sleepExecutor = (resolve: () => void): void => {
    this.at(this.wakeAt, resolve);
  };

  /**
   * Run `fire` at absolute scenario time `t` (never in the past). `sync`: the caller's word that
   * `fire` resolves no promise and starts no process (it may emit to the sinks and change state), so
   * nothing can be waiting in the microtask queue after it: with microtask yields, an instant whose
   * timers are all synchronous is followed by the next without yielding (the yield would run nothing).
   */
  at(t: number, fire: () => void, sync = false): void {
    this.heap.push({ t: Math.max(t, this.current) - this.origin, seq: this.seq++, fire, sync });
  }

  /**
   * `at(timeOf(item), () => fire(item))` for each item, in order; when `fire` returns a promise it
   * is a process, as with `spawn`. Items are kept in their array until due (they must be in time order).
   */
  atEach<T>(items: readonly T[], timeOf: (item: T) => number, fire: (item: T) => Promise<void> | void, isSync?: (item: T) => boolean): void {
    for (let i = 1; i < items.length; i++) {
      if (timeOf(items[i]!) < timeOf(items[i - 1]!)) {
        // (`isSync` is the caller's word for items whose fire returns nothing.)
        for (const item of items) this.at(timeOf(item), () => this.watch(fire(item)), isSync?.(item) === true);
        return;
      }
    }
    if (items.length === 0) return;
    const seqBase = this.seq;
    this.seq += items.length;
    // An item is synchronous when declared so (as `at`'s `sync`) and its fire started no process.
    const fireItem = (item: T): boolean => {
      const result = fire(item);
      if (result === undefined) return isSync?.(item) === true;
      this.watch(result);
      return false;
    };
    this.runs.push(new TimerRun(items, timeOf, fireItem, this.current, this.origin, seqBase) as TimerRun<unknown>);
  }

  private readonly onFailure = (err: unknown): void => {
    this.failure ??= err;
  };

  private watch(result: Promise<void> | void): void {
    if (result !== undefined) result.catch(this.onFailure);
  }

  /** The earliest pending timer, from the heap or a run. */
  private peekNext(): Timer | TimerRun<unknown> | undefined {
    const top = this.heap.peek();
    let run: TimerRun<unknown> | undefined;
    const runs = this.runs;
    for (let i = 0; i < runs.length; i++) {
      const r = runs[i]!;
      if (!r.exhausted && (run === undefined || runBefore(r, run))) run = r;
    }
    if (run !== undefined && (top === undefined || runBeforeTimer(run, top))) {
      this.peekT = run.t;
      return run;
    }
    if (top !== undefined) this.peekT = top.t;
    return top;
  }

  /** The relative time of the timer the last `peekNext` returned (a second return value). */
  private peekT = 0;

  /** Start an async process at time `t`. A process that throws stops the whole run. */
  spawn(t: number, process: () => Promise<void>): void {
    this.at(t, () => {
      process().catch((err: unknown) => {
        this.failure ??= err;
      });
    });
  }

  /** Stop the loop at the next step (abort on a failed threshold, interrupt). */
  stop(): void {
    this.stopped = true;
  }

  /** Advance time until no timer is left before `untilMs`. Rethrows the first process failure. */
  run(untilMs: number): Promise<void> {
    return this.microtaskYield ? this.runPumped(untilMs) : this.runLoop(untilMs);
  }

  /**
   * Fire every timer due at the next instant before `untilMs`: NONE when there is none, SYNC when
   * every timer fired was synchronous (see `at`), ASYNC otherwise.
   */
  private fireInstant(untilMs: number): number {
    const next = this.peekNext();
    if (next === undefined || this.origin + this.peekT > untilMs) return NONE;
    // Fire every timer due at this instant before yielding: fewer macrotask hops, same order.
    const instant = this.peekT;
    this.current = this.origin + instant;
    let sync = true;
    for (;;) {
      const due = this.peekNext();
      if (due === undefined || this.peekT !== instant) break;
      if (due === this.heap.peek()) {
        this.heap.pop();
        const timer = due as Timer;
        if (!timer.sync) sync = false;
        timer.fire();
      } else if (!(due as TimerRun<unknown>).fire()) {
        sync = false;
      }
    }
    return sync ? SYNC : ASYNC;
  }

  private settle(untilMs: number): void {
    if (this.failure !== undefined) throw this.failure;
    const next = this.peekNext();
    this.current = Math.max(this.current, Math.min(untilMs, next === undefined ? untilMs : this.origin + this.peekT));
  }

  private async runLoop(untilMs: number): Promise<void> {
    for (;;) {
      if (this.failure !== undefined) throw this.failure;
      if (this.stopped) return;
      if (this.fireInstant(untilMs) === NONE) break;
      await yieldMacrotask();
    }
    this.settle(untilMs);
  }

  /**
   * The microtask-yield loop as a pump instead of an async loop: each instant runs in a microtask
   * (a job on an already resolved promise) and queues a tick that runs once the microtask queue has
   * drained — the same order as awaiting a nextTick promise, without a promise, an executor and its
   * resolving functions per instant (a replay has hundreds of thousands of instants). After an
   * instant of synchronous timers only (client trades, executions at a provider, marks) the queue
   * is already empty, so the next instant follows in the same job; the macrotask every
   * MACROTASK_EVERY instants is kept, on the same instants.
   */
  private runPumped(untilMs: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      // The first yield is a macrotask, so every later one runs inside a microtask checkpoint.
      let instants = 0;
      const step = (): void => {
        try {
          for (;;) {
            if (this.failure !== undefined) throw this.failure;
            if (this.stopped) {
              resolve();
              return;
            }
            const fired = this.fireInstant(untilMs);
            if (fired === NONE) {
              this.settle(untilMs);
              resolve();
              return;
            }
            if (instants++ % MACROTASK_EVERY === 0) {
              setImmediate(resume);
              return;
            }
            if (fired === ASYNC) {
              process.nextTick(resume);
              return;
            }
          }
        } catch (err) {
          reject(err);
        }
      };
      const resume = (): void => {
        void RESOLVED.then(step);
      };
      step();
    });
  }
}
