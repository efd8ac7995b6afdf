/**
 * A single-consumer chunk queue standing in for Go's buffered channels between toxic stubs.
 * `null` is end of stream (Go closes the channel). Pushing never blocks, so no chunk can be lost
 * while a stub is being interrupted; producers apply backpressure with `hasSpace`/`waitForSpace`.
 */

/** One read from a socket, stamped with its arrival time (the latency toxic counts from it). */
export interface StreamChunk {
  data: Buffer;
  /** `performance.now()` when the chunk was read from the source socket. */
  timestamp: number;
}

/** A chunk, or `null` for end of stream. */
export type ChannelItem = StreamChunk | null;

/** The chunk queue between two stubs (or between a stub and the link's reader or writer). */
export class ChunkChannel {
  private items: ChannelItem[] = [];
  private receiver: ((item: ChannelItem) => void) | undefined;
  private spaceWaiters: (() => void)[] = [];
  private ended = false;

  constructor(readonly capacity: number) {}

  get length(): number {
    return this.items.length;
  }

  /** Enqueues without blocking; hands the item straight to a waiting receiver if there is one. */
  push(item: ChannelItem): void {
    if (this.ended) return;
    const receiver = this.receiver;
    if (item === null) {
      // A closed Go channel yields nil forever: keep the end marker for every later receive.
      this.ended = true;
      this.items.push(null);
      if (receiver !== undefined) {
        this.receiver = undefined;
        receiver(null);
      }
      return;
    }
    if (receiver !== undefined) {
      this.receiver = undefined;
      receiver(item);
      return;
    }
    this.items.push(item);
  }

  /** True if nothing is queued and a receiver is waiting: an item pushed now is taken at once. */
  get isIdle(): boolean {
    return this.receiver !== undefined && this.items.length === 0;
  }

  /** True once end of stream was pushed. */
  get isEnded(): boolean {
    return this.ended;
  }

  hasSpace(): boolean {
    return this.items.length < this.capacity;
  }

  /** Resolves once the queue is below capacity. */
  waitForSpace(): Promise<void> {
    if (this.hasSpace()) return Promise.resolve();
    return new Promise((resolve) => this.spaceWaiters.push(resolve));
  }

  /** Takes the next item if one is queued. */
  tryShift(): { item: ChannelItem } | undefined {
    if (this.items.length === 0) return undefined;
    if (this.items[0] === null) return { item: null };
    const item = this.items.shift() as ChannelItem;
    this.notifySpace();
    return { item };
  }

  /** Registers the single receiver for the next item (call only when `tryShift` found nothing). */
  onNext(receiver: (item: ChannelItem) => void): void {
    this.receiver = receiver;
  }

  cancelReceive(): void {
    this.receiver = undefined;
  }

  /** Receives the next item, waiting if necessary. */
  receive(): Promise<ChannelItem> {
    const next = this.tryShift();
    if (next !== undefined) return Promise.resolve(next.item);
    return new Promise((resolve) => this.onNext(resolve));
  }

  private notifySpace(): void {
    if (this.spaceWaiters.length === 0 || !this.hasSpace()) return;
    const waiters = this.spaceWaiters;
    this.spaceWaiters = [];
    for (const wake of waiters) wake();
  }
}
