/**
 * A ToxicLink moves one direction of one connection through a chain of toxic stubs: a hidden noop
 * followed by the toxics of that direction in the order they were added (Go's `link.go`). Toxics
 * are added, updated and removed on the live chain without losing or reordering data.
 */
import type { Socket } from 'node:net';
import { ChunkChannel, type ChannelItem } from './channel.js';
import { pipeNoop } from './toxics/noop.js';
import { releaseRead } from './reads.js';
import { ToxicStub } from './stub.js';
import type { Direction, ToxicWrapper } from './toxic-wrapper.js';
import type { ToxiproxyRng } from './rng.js';

/** Chunks a stub may queue ahead of its toxic. Go's channels are unbuffered except latency's (1024). */
const MIN_CHANNEL_CAPACITY = 16;

function channelFor(toxic: ToxicWrapper | undefined): ChunkChannel {
  return new ChunkChannel(Math.max(MIN_CHANNEL_CAPACITY, toxic?.definition.bufferSize ?? 0));
}

/** Byte counters a link reports to (the proxy metrics). */
export interface LinkCounters {
  received(bytes: number): void;
  sent(bytes: number): void;
}

/** One direction of a proxied connection. */
export class ToxicLink {
  private readonly stubs: ToxicStub[] = [];
  private readonly toxics: ToxicWrapper[];
  private readonly input: ChunkChannel;
  private readonly output: ChunkChannel;
  private sourceEnded = false;
  private killed = false;

  constructor(
    chain: readonly ToxicWrapper[],
    readonly direction: Direction,
    private readonly rng: ToxiproxyRng,
  ) {
    this.toxics = [...chain];
    this.input = channelFor(chain[0]);
    let input = this.input;
    for (let i = 0; i < chain.length; i += 1) {
      const output = i === chain.length - 1 ? new ChunkChannel(MIN_CHANNEL_CAPACITY) : channelFor(chain[i + 1]);
      this.stubs.push(new ToxicStub(input, output, rng));
      input = output;
    }
    this.output = input;
  }

  /** True if a toxic of this type is in the chain (reset_peer decides SO_LINGER at accept). */
  has(type: string): boolean {
    return this.toxics.some((t) => t.type === type);
  }

  /**
   * Starts reading `source` into the chain and writing the chain's output to `dest`.
   * `onOutputEnd` runs once the chain has ended and everything was written: the caller closes `dest`.
   */
  start(source: Socket, dest: Socket, counters: LinkCounters, onOutputEnd: () => void): void {
    this.stubs.forEach((stub, i) => {
      const toxic = this.toxics[i]!;
      stub.state = toxic.definition.newState?.();
      this.runStub(stub, toxic);
    });
    const writing: Buffer[] = [];
    // Write callbacks come in write order (also with an error, when dest is destroyed first).
    const written = (): void => releaseRead(writing.shift()!);
    source.on('data', (data: Buffer) => {
      if (this.sourceEnded) return;
      counters.received(data.length);
      if (this.passesThrough()) {
        // Only the hidden noop, idle, with nothing queued or held anywhere in the chain: the chunk
        // would go straight through it to the write loop, so write it here, without the hops.
        if (dest.destroyed) return;
        counters.sent(data.length);
        // Nothing else holds the chunk: once written out, its read buffer may be reused.
        writing.push(data);
        if (!dest.write(data, written)) {
          source.pause();
          void waitForDrain(dest).then(() => {
            if (!this.sourceEnded) source.resume();
          });
        }
        return;
      }
      const chunk = { data, timestamp: performance.now() };
      const head = this.stubs[0]!;
      if (this.input.isIdle && head.output.hasSpace() && !this.killed) {
        // The hidden noop waits on an empty input, with everything it took already passed on: the
        // chunk would go straight through it, so put it on the noop's output without the two hops.
        // An interrupt (a toxic added or removed) cancels the noop's wait first, which turns this off.
        head.output.push(chunk);
        return;
      }
      this.input.push(chunk);
      if (!this.input.hasSpace()) {
        source.pause();
        void this.input.waitForSpace().then(() => {
          if (!this.sourceEnded) source.resume();
        });
      }
    });
    const end = (): void => this.endSource();
    source.on('end', end);
    source.on('close', end);
    source.on('error', end);
    this.startWriting(dest, counters, onOutputEnd);
  }

  /** The source socket is finished (EOF, error, or closed by the other link): end of stream. */
  endSource(): void {
    if (this.sourceEnded) return;
    this.sourceEnded = true;
    this.input.push(null);
  }

  /**
   * Writes the chain's output to `dest`, in order, until end of stream or a kill; then `onOutputEnd`.
   * Callback-driven rather than an async loop: a promise per chunk was a good part of what a busy
   * link allocated, and the collector's pauses are the proxy's worst latencies.
   */
  private startWriting(dest: Socket, counters: LinkCounters, onOutputEnd: () => void): void {
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      // Later, as the async loop this replaces ended: callers may still be unwinding (kill()).
      queueMicrotask(onOutputEnd);
    };
    /** Writes one item; false when writing must pause (drain or end) and resumes itself later. */
    const write = (item: ChannelItem): boolean => {
      // A chunk written directly (see passesThrough) may still be flushing: finish it first, as if
      // this loop had written it.
      if (!dest.destroyed && dest.writableNeedDrain) {
        void waitForDrain(dest).then(() => {
          if (write(item)) pump();
        });
        return false;
      }
      if (item === null || this.killed) {
        end();
        return false;
      }
      if (dest.destroyed) return true;
      counters.sent(item.data.length);
      if (!dest.write(item.data)) {
        void waitForDrain(dest).then(pump);
        return false;
      }
      return true;
    };
    const onItem = (item: ChannelItem): void => {
      if (write(item)) pump();
    };
    const pump = (): void => {
      for (;;) {
        const next = this.output.tryShift();
        if (next === undefined) {
          // Idle: the next push hands its item straight to onItem.
          this.output.onNext(onItem);
          return;
        }
        if (!write(next.item)) return;
      }
    };
    pump();
  }

  /**
   * True when the chain is the hidden noop alone, waiting on an empty input, and the write loop waits
   * on an empty output: no chunk is queued or in flight, so a new chunk may bypass the chain without
   * being reordered. A toxic being added or removed (stubs interrupted) turns this off at once.
   */
  private passesThrough(): boolean {
    return this.stubs.length === 1 && this.input.isIdle && this.output.isIdle && !this.killed;
  }

  private runStub(stub: ToxicStub, toxic: ToxicWrapper): void {
    // Toxicity is rolled per link and per toxic, at start and at every restart (Go's ToxicStub.Run).
    const roll = this.rng.float32();
    stub.run(roll < toxic.toxicity ? (s) => toxic.definition.pipe(s, toxic.attributes) : pipeNoop);
  }

  /** Appends a toxic to the live chain (Go's `ToxicLink.AddToxic`). */
  async addToxic(toxic: ToxicWrapper): Promise<void> {
    const last = this.stubs[this.stubs.length - 1]!;
    const lastToxic = this.toxics[this.toxics.length - 1]!;
    const input = channelFor(toxic);
    const stub = new ToxicStub(input, last.output, this.rng);
    this.stubs.push(stub);
    this.toxics.push(toxic);
    if (await last.interrupt()) {
      last.output = input;
      stub.state = toxic.definition.newState?.();
      this.runStub(stub, toxic);
      this.runStub(last, lastToxic);
    } else {
      // The link is already closed: close the new stub too, as Go does.
      stub.output = input;
      stub.close();
    }
  }

  /** Restarts a toxic with its new attributes and toxicity. */
  async updateToxic(toxic: ToxicWrapper): Promise<void> {
    const i = this.toxics.indexOf(toxic);
    const stub = this.stubs[i];
    if (i < 0 || stub === undefined) return;
    if (await stub.interrupt()) this.runStub(stub, toxic);
  }

  /** Removes a toxic from the live chain, flushing whatever it held (Go's `ToxicLink.RemoveToxic`). */
  async removeToxic(toxic: ToxicWrapper): Promise<void> {
    const i = this.toxics.indexOf(toxic);
    const stub = this.stubs[i];
    const previous = this.stubs[i - 1];
    if (i <= 0 || stub === undefined || previous === undefined) return;
    if (!(await stub.interrupt())) return;
    toxic.definition.cleanup?.(stub);
    if (stub.isClosed) return;
    await previous.interrupt();
    // Whatever reached the removed stub's input goes on to its output, in order.
    for (let next = stub.input.tryShift(); next !== undefined; next = stub.input.tryShift()) {
      if (next.item === null) {
        stub.close();
        return;
      }
      stub.output.push(next.item);
    }
    previous.output = stub.output;
    this.stubs.splice(i, 1);
    this.toxics.splice(i, 1);
    this.runStub(previous, this.toxics[i - 1]!);
  }

  /** Stops everything at once (shutdown): no timer or promise is left pending. */
  kill(): void {
    this.killed = true;
    this.sourceEnded = true;
    for (const stub of this.stubs) stub.kill();
    this.output.push(null);
  }
}

function waitForDrain(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
}
