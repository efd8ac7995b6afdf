/**
 * A ToxicStub runs one toxic between an input and an output channel, like `toxics.ToxicStub` in Go.
 * Every wait a toxic makes goes through the stub, so an interrupt (toxic added, updated or removed)
 * or a kill (server shutting down) can stop it at once without losing buffered data.
 */
import type { ChannelItem, ChunkChannel, StreamChunk } from './channel.js';
import { atDeadline } from './deadline.js';
import type { ToxiproxyRng } from './rng.js';

/** Returned by a stub wait that was cut short by an interrupt or a kill. */
export const INTERRUPTED: unique symbol = Symbol('interrupted');
/** Returned by `recv` when its timeout passed first. */
export const TIMED_OUT: unique symbol = Symbol('timed-out');

/** The environment a toxic's `pipe` runs in. */
export class ToxicStub {
  /** Per-stub state that survives restarts (limit_data's byte count). */
  state: unknown = undefined;
  private closed = false;
  private interruptPending = false;
  private killed = false;
  private wake: (() => void) | undefined;
  private running: Promise<void> | undefined;
  // The wait in progress, for the handlers below (a stub waits on one thing at a time).
  private recvCallback: ((item: ChannelItem | typeof INTERRUPTED) => void) | undefined;
  private sleepCallback: ((slept: boolean) => void) | undefined;
  private sleepCancel: (() => void) | undefined;
  private sleepInterruptible = true;

  constructor(
    public input: ChunkChannel,
    public output: ChunkChannel,
    readonly rng: ToxiproxyRng,
  ) {}

  get isClosed(): boolean {
    return this.closed;
  }

  get isKilled(): boolean {
    return this.killed;
  }

  /** Starts `pipe` (the toxic, or a noop when the toxicity roll failed). */
  run(pipe: (stub: ToxicStub) => Promise<void>): void {
    this.running = pipe(this).catch(() => undefined);
  }

  /**
   * The next chunk if one is queued (or `null` at end of stream), INTERRUPTED, or undefined when the
   * input is empty: the hot loops try this before awaiting `recv`, which costs a promise per chunk.
   */
  tryRecv(): ChannelItem | typeof INTERRUPTED | undefined {
    if (this.interruptPending || this.killed) return INTERRUPTED;
    return this.input.tryShift()?.item;
  }

  /**
   * Calls `then` with the next chunk (or `null` at end of stream) or INTERRUPTED: at once when a chunk
   * is queued or an interrupt is pending, else when one comes. The callback form of `recv`, for toxics
   * that keep a promise per chunk off a busy link; the handlers are bound once per stub.
   */
  recvThen(then: (item: ChannelItem | typeof INTERRUPTED) => void): void {
    if (this.interruptPending || this.killed) return then(INTERRUPTED);
    const next = this.input.tryShift();
    if (next !== undefined) return then(next.item);
    this.recvCallback = then;
    this.input.onNext(this.onRecvItem);
    this.wake = this.onRecvWake;
  }

  /** Waits for the next chunk (or `null` at end of stream), an interrupt, or `timeoutMs`. */
  recv(timeoutMs?: number): Promise<ChannelItem | typeof INTERRUPTED | typeof TIMED_OUT> {
    if (timeoutMs === undefined) return new Promise((resolve) => this.recvThen(resolve));
    if (this.interruptPending || this.killed) return Promise.resolve(INTERRUPTED);
    const next = this.input.tryShift();
    if (next !== undefined) return Promise.resolve(next.item);
    return new Promise((resolve) => {
      const input = this.input;
      const finish = (value: ChannelItem | typeof INTERRUPTED | typeof TIMED_OUT): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve(value);
      };
      input.onNext((item) => finish(item));
      this.wake = () => {
        input.cancelReceive();
        finish(INTERRUPTED);
      };
      const timer = setTimeout(() => {
        input.cancelReceive();
        finish(TIMED_OUT);
      }, timeoutMs);
    });
  }

  private readonly onRecvItem = (item: ChannelItem): void => this.endRecv(item);

  private readonly onRecvWake = (): void => {
    this.input.cancelReceive();
    this.endRecv(INTERRUPTED);
  };

  private endRecv(value: ChannelItem | typeof INTERRUPTED): void {
    const then = this.recvCallback!;
    this.recvCallback = undefined;
    this.wake = undefined;
    then(value);
  }

  /**
   * Calls `then(true)` once `ms` have passed, or `then(false)` if interrupted first (at once when an
   * interrupt is pending). With `interruptible: false` only a kill ends the wait early (reset_peer's
   * wait cannot be interrupted in Go either). The callback form of `sleep`.
   */
  sleepThen(ms: number, then: (slept: boolean) => void, interruptible = true): void {
    if (this.killed || (interruptible && this.interruptPending)) return then(false);
    if (ms <= 0) return then(true);
    this.sleepCallback = then;
    this.sleepInterruptible = interruptible;
    // Never early, and within a few tens of µs of the deadline (see deadline.ts).
    this.sleepCancel = atDeadline(performance.now() + ms, this.onSleepDone);
    this.wake = this.onSleepWake;
  }

  /** Sleeps `ms`; resolves false if interrupted first (see `sleepThen`). */
  sleep(ms: number, interruptible = true): Promise<boolean> {
    return new Promise((resolve) => this.sleepThen(ms, resolve, interruptible));
  }

  private readonly onSleepDone = (): void => this.endSleep(true);

  private readonly onSleepWake = (): void => {
    if (!this.sleepInterruptible && !this.killed) return;
    this.sleepCancel?.();
    this.endSleep(false);
  };

  private endSleep(slept: boolean): void {
    const then = this.sleepCallback!;
    this.sleepCallback = undefined;
    this.sleepCancel = undefined;
    this.wake = undefined;
    then(slept);
  }

  /**
   * Sends a chunk downstream. Returns undefined when it is done at once (the next channel has room,
   * the usual case: the hot loops skip the await), else a promise that settles once there is room
   * or the stub is interrupted.
   */
  send(chunk: StreamChunk): Promise<void> | undefined {
    this.output.push(chunk);
    if (this.output.hasSpace() || this.killed) return undefined;
    return new Promise<void>((resolve) => {
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        this.wake = undefined;
        resolve();
      };
      this.wake = finish;
      void this.output.waitForSpace().then(finish);
      if (this.interruptPending) finish();
    });
  }

  /** Closes the stub's output: end of stream for everything after it (`stub.Close()` in Go). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.output.push(null);
  }

  /**
   * Stops the running toxic and waits for it to return (`InterruptToxic`). Returns false if the
   * stub was already closed, in which case it must not be restarted.
   */
  async interrupt(): Promise<boolean> {
    if (this.closed) return false;
    this.interruptPending = true;
    this.wake?.();
    await this.running;
    this.interruptPending = false;
    return !this.closed;
  }

  /** Ends every wait for good (server or proxy shutdown), so no timer keeps the process alive. */
  kill(): void {
    this.killed = true;
    this.wake?.();
  }
}

/** Sleeps on the stub in microseconds, accumulating sub-millisecond debt (Node timers are ms). */
export async function sleepMicros(stub: ToxicStub, debt: { micros: number }, micros: number): Promise<boolean> {
  debt.micros += micros;
  if (debt.micros < 1000) return true;
  const ms = Math.floor(debt.micros / 1000);
  const started = performance.now();
  const ok = await stub.sleep(ms);
  debt.micros -= (performance.now() - started) * 1000;
  return ok;
}
