/**
 * The two files the event stream writes as a drill runs: `journal.jsonl` (every event as JSON) and
 * `events.csv` (finance-reference.md §10.3 item 2, one row per trade, order, execution, payment,
 * blocked price and failed call).
 *
 * On a long drill they are a third of the run's CPU: 50 MB of CSV whose trade rows each price a
 * notional, a P&L against mid and a slippage, plus writing and hashing 160 MB. So by default the
 * main thread only serialises each event (it already holds it) and hands the journal text, in
 * batches of whole lines, to a worker thread that writes the journal, parses the lines back and
 * writes events.csv while the engine goes on. The files are the same bytes either way:
 * `inline: true` (or a source checkout without the compiled worker) writes them on the main thread.
 *
 * The text goes through shared slabs (8 MB in all); the main thread waits when the worker has not
 * finished with the next one, so a slow disk bounds memory instead of queueing the journal.
 *
 * The main thread serialises events BATCH at a time, as one JSON array: V8 builds each
 * JSON.stringify result from parts it then joins (a short event: four parts and a copy when the
 * text is encoded), so one call per event cost a third more time and three times the event's size
 * in garbage. The worker turns the array back into lines (journalBatchToLines).
 */
import { Worker } from 'node:worker_threads';
import { compiledWorkerAvailable } from './compiled-worker.js';
import type { RunEvent } from '../engine/events.js';
import { writeFailure, type RunStaging } from '../io/run-staging.js';
import { EventsCsvWriter } from '../report/events-csv.js';
import type { EventFilesWorkerData, EventFilesWorkerMessage, EventFilesWorkerReply } from './event-files-worker.js';
import { journalBatchToLines } from './journal-batch.js';

/** The journal and events.csv of a run, written from the event stream. */
export interface EventFiles {
  /** Every event of both replays, in stream order. */
  add(e: RunEvent): void;
  /** Flush and close both files (their digests go to the run folder's manifest). */
  end(): Promise<void>;
  /**
   * Best effort, synchronous: wait (at most `timeoutMs`) until every event added so far is on disk
   * as whole lines — a forced quit keeps the journal written so far.
   */
  drainSync(timeoutMs: number): void;
  /** Stop writing (the run failed; the staging folder is being removed). */
  abort(): void;
}

export interface EventFilesOptions {
  runId: string;
  /** The journal's first line (journalHeader), without its line break. */
  header: string;
  /** events.csv's staleness limit (eventsCsvStaleAfterMs). */
  staleAfterMs: number;
  /** Write on the main thread (tests, or when worker threads are unwanted). */
  inline?: boolean;
}

/**
 * The journal text goes through SLABS shared buffers of SLAB_BYTES: the main thread encodes each line
 * straight into one (no string to build, copy and post), the worker hashes and writes the bytes as
 * they are. 32 × 256 kB: the worker may fall up to 8 MB behind before the main thread waits, so on a
 * busy machine it catches up while the main thread evaluates instead of holding up the replays (with
 * 1 MB the main thread waited ~0.1–0.2 s on the 100k drill). Pages never filled cost no memory.
 */
const SLAB_BYTES = 1 << 18;
const SLABS = 32;
/**
 * Events per JSON.stringify call (~18 kB of text). Past a few dozen the per-call cost is gone
 * (64 and 256 measured the same); the batch's events stay alive until it is written, so no more.
 */
const BATCH = 64;

const workerUrl = new URL('./event-files-worker.js', import.meta.url);

export function openEventFiles(staging: RunStaging, options: EventFilesOptions): EventFiles {
  return options.inline === true || !compiledWorkerAvailable(workerUrl) ? new InlineEventFiles(staging, options) : new ThreadedEventFiles(staging, options);
}

class InlineEventFiles implements EventFiles {
  private readonly journal;
  private readonly eventsFile;
  private readonly csv: EventsCsvWriter;

  constructor(staging: RunStaging, options: EventFilesOptions) {
    this.journal = staging.stream('journal.jsonl');
    this.journal.write(`${options.header}\n`);
    this.eventsFile = staging.stream('events.csv');
    this.csv = new EventsCsvWriter(options.staleAfterMs, options.runId, (chunk) => this.eventsFile.write(chunk));
  }

  add(e: RunEvent): void {
    this.journal.write(`${JSON.stringify(e)}\n`);
    this.csv.add(e);
  }

  end(): Promise<void> {
    this.csv.close();
    return Promise.resolve();
  }

  drainSync(): void {
    // Rows still in the CSV writer's batch (and rows held for their replay's end) go out with the
    // streams when the folder is salvaged.
    this.csv.close();
  }

  abort(): void {
    // The staging folder closes the streams.
  }
}

class ThreadedEventFiles implements EventFiles {
  private readonly worker: Worker;
  /**
   * [posts the worker has written, 1 once it has failed]: shared memory, because the main thread
   * waits on it synchronously (backpressure, drainSync) when no message could reach it.
   */
  private readonly progress: Int32Array;
  /** SLABS shared buffers the journal text is encoded into; post k fills slab k % SLABS. */
  private readonly slabs: Buffer[];
  /** The slab being filled (post number `posted`), how many bytes of it are used, by how many batches and events. */
  private slab: Buffer | undefined;
  private used = 0;
  private events = 0;
  private batches = 0;
  private posted = 0;
  /** Events handed over but not yet serialised (at most BATCH; see the file comment). */
  private readonly batch: RunEvent[] = [];
  private failure: unknown;
  private readonly finished: Promise<EventFilesWorkerReply & { type: 'done' }>;
  private readonly where: string;

  constructor(staging: RunStaging, options: EventFilesOptions) {
    this.where = staging.dir;
    const journal = staging.external('journal.jsonl');
    const events = staging.external('events.csv');
    this.progress = new Int32Array(new SharedArrayBuffer(8));
    const shared = new SharedArrayBuffer(SLABS * SLAB_BYTES);
    this.slabs = Array.from({ length: SLABS }, (_, i) => Buffer.from(shared, i * SLAB_BYTES, SLAB_BYTES));
    const data: EventFilesWorkerData = {
      journalPath: journal.path, eventsPath: events.path, runId: options.runId, staleAfterMs: options.staleAfterMs, progress: this.progress,
      slabs: shared, slabBytes: SLAB_BYTES, slabCount: SLABS,
    };
    // A small young generation: the worker's garbage is a parsed event per line, dead at once, and the
    // default semi-spaces would add ~25 MB to the run's peak memory for no speed. 16 MB rather than 8:
    // half the collections (~70 ms less of the worker's CPU on the 100k drill) for ~3 MB (docs/performance.md).
    this.worker = new Worker(workerUrl, { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: 16 } });
    // The header is not an event: it is written as it is, ahead of the first post.
    this.postText(`${options.header}\n`, false);
    this.finished = new Promise((resolve, reject) => {
      this.worker.on('message', (reply: EventFilesWorkerReply) => {
        if (reply.type === 'done') {
          journal.done(reply.journal);
          events.done(reply.events);
          resolve(reply);
        } else reject(new Error(reply.message));
      });
      this.worker.on('error', (err) => {
        this.failure = err;
        reject(err);
      });
      // The worker ends by itself once it has replied; its reply is delivered before 'exit', and a
      // turn later is a margin: only an exit without a reply is a failure.
      this.worker.on('exit', (code) => setImmediate(() => reject(new Error(`the event-files worker stopped (exit code ${code}) before the files were closed`))));
    });
    // end() awaits it; an early failure must not be an unhandled rejection meanwhile.
    this.finished.catch(() => undefined);
  }

  add(e: RunEvent): void {
    // Events are fresh objects that nobody changes once emitted (engine/execute.ts), so serialising
    // them a few dozen events later writes what was emitted.
    if (this.batch.push(e) === BATCH) this.writeBatch();
  }

  /**
   * The pending events as one JSON array, `[e1,e2,…]`, encoded into the current slab. The slab holds
   * its batches back to back, each written over the previous one's `]`, which becomes a line break
   * (as the last one does when the slab is posted), so after its first byte (a `[`) a slab is
   * `e1,e2,…\n` batch after batch; the worker breaks the commas between events.
   */
  private writeBatch(): void {
    const n = this.batch.length;
    if (n === 0) return;
    const text = JSON.stringify(this.batch);
    this.batch.length = 0;
    // A UTF-16 code unit takes at most 3 bytes in UTF-8: a batch that might not fit starts a new slab.
    const most = text.length * 3;
    if (this.slab === undefined || this.used + most > SLAB_BYTES) {
      this.flush();
      if (most > SLAB_BYTES) {
        // A batch longer than a slab (events of ~4 kB each; none in practice) goes as a message, in order.
        let lines: string;
        try {
          lines = journalBatchToLines(text, n);
        } catch (cause) {
          throw writeFailure(this.where, cause);
        }
        this.postText(lines, true);
        return;
      }
      this.slab = this.nextSlab();
      if (this.slab === undefined) return;
    }
    const slab = this.slab;
    const at = this.used === 0 ? 0 : this.used - 1;
    this.used = at + slab.write(text, at, 'utf8');
    if (at > 0) slab[at] = 0x0a;
    this.events += n;
    this.batches++;
  }

  async end(): Promise<void> {
    this.writeBatch();
    this.flush();
    this.worker.postMessage({ type: 'end' } satisfies EventFilesWorkerMessage);
    try {
      await this.finished;
    } catch (cause) {
      throw writeFailure(this.where, cause);
    } finally {
      await this.worker.terminate();
    }
  }

  drainSync(timeoutMs: number): void {
    this.writeBatch();
    this.flush();
    const deadline = performance.now() + timeoutMs;
    for (let done = Atomics.load(this.progress, 0); done < this.posted && !this.failed(); done = Atomics.load(this.progress, 0)) {
      const left = deadline - performance.now();
      if (left <= 0) return;
      Atomics.wait(this.progress, 0, done, left);
    }
  }

  abort(): void {
    void this.worker.terminate();
  }

  /** The worker failed (it says so in shared memory at once, and with its error by message later). */
  private failed(): boolean {
    return this.failure !== undefined || Atomics.load(this.progress, 1) !== 0;
  }

  /**
   * The slab for post number `posted`, once the worker is done with the post that used it before
   * (SLABS posts earlier). Waiting here is the backpressure: the engine is synchronous between
   * events, so it is the only way to keep a worker on a slow disk from falling further behind.
   */
  private nextSlab(): Buffer | undefined {
    for (let done = Atomics.load(this.progress, 0); this.posted - done >= SLABS && !this.failed(); done = Atomics.load(this.progress, 0)) {
      Atomics.wait(this.progress, 0, done, 1000);
    }
    if (this.failed()) return undefined;
    this.used = 0;
    this.events = 0;
    this.batches = 0;
    return this.slabs[this.posted % SLABS];
  }

  /** Hand the filled part of the current slab to the worker (its last batch's `]` made a line break). */
  private flush(): void {
    const slab = this.slab;
    if (slab === undefined) return;
    this.slab = undefined;
    if (this.used === 0 || this.failed()) return;
    slab[this.used - 1] = 0x0a;
    this.worker.postMessage({ type: 'slab', index: this.posted % SLABS, bytes: this.used, batches: this.batches, events: this.events } satisfies EventFilesWorkerMessage);
    this.posted++;
  }

  /** Text as a message (the header; a batch longer than a slab): counted as a post like a slab. */
  private postText(text: string, parse: boolean): void {
    if (this.failed()) return;
    // Same accounting as a slab, so post k − SLABS is still the one nextSlab waits for.
    this.nextSlab();
    this.worker.postMessage({ type: 'lines', text, parse } satisfies EventFilesWorkerMessage);
    this.posted++;
  }
}
