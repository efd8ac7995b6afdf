/**
 * The worker thread of run/event-files.ts: writes journal.jsonl from batches of its text, parses
 * each line back into its event and writes events.csv. Each post is written to disk before it is
 * counted done, so what the main thread has seen counted is on disk as whole lines.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { RunEvent } from '../engine/events.js';
import { StreamedFile } from '../io/run-staging.js';
import { EventsCsvWriter, journalLineMayHaveRow } from '../report/events-csv.js';
import { batchMismatch, breakEventBoundaries } from './journal-batch.js';

export interface EventFilesWorkerData {
  journalPath: string;
  eventsPath: string;
  runId: string;
  staleAfterMs: number;
  /** [posts written, failed flag] (see ThreadedEventFiles). */
  progress: Int32Array;
  /** The shared slabs the main thread encodes journal lines into. */
  slabs: SharedArrayBuffer;
  slabBytes: number;
  slabCount: number;
}

export type EventFilesWorkerMessage =
  /**
   * Slab `index` holds `bytes` of `batches` batches of `events` events in all: a `[`, then each
   * batch's events as JSON separated by commas and ended by a line break (run/event-files.ts,
   * run/journal-batch.ts).
   */
  | { type: 'slab'; index: number; bytes: number; batches: number; events: number }
  /** Journal lines sent as text: the header (not parsed) or a batch too long for a slab. */
  | { type: 'lines'; text: string; parse: boolean }
  | { type: 'end' };

export type EventFilesWorkerReply =
  | { type: 'done'; journal: { sha256: string; bytes: number }; events: { sha256: string; bytes: number } }
  | { type: 'failed'; message: string };

function run(port: NonNullable<typeof parentPort>, data: EventFilesWorkerData): void {
  const { progress } = data;
  const slabs = Array.from({ length: data.slabCount }, (_, i) => Buffer.from(data.slabs, i * data.slabBytes, data.slabBytes));
  let journal: StreamedFile | undefined;
  let events: StreamedFile | undefined;
  let csv: EventsCsvWriter | undefined;
  const fail = (err: unknown): void => {
    Atomics.store(progress, 1, 1);
    Atomics.notify(progress, 0);
    port.postMessage({ type: 'failed', message: err instanceof Error ? err.message : String(err) } satisfies EventFilesWorkerReply);
    port.close();
  };
  try {
    journal = new StreamedFile('journal.jsonl', data.journalPath);
    const eventsFile = new StreamedFile('events.csv', data.eventsPath);
    events = eventsFile;
    csv = new EventsCsvWriter(data.staleAfterMs, data.runId, (chunk) => eventsFile.write(chunk));
  } catch (err) {
    fail(err);
    return;
  }
  const j = journal;
  const e = events;
  const c = csv;
  port.on('message', (msg: EventFilesWorkerMessage) => {
    try {
      if (msg.type === 'end') {
        c.close();
        const reply: EventFilesWorkerReply = { type: 'done', journal: { sha256: j.close(), bytes: j.bytes }, events: { sha256: e.close(), bytes: e.bytes } };
        port.postMessage(reply);
        // Let the thread end now, freeing its heap while the main thread evaluates (the main thread
        // is busy until then, so it could not terminate the worker any sooner).
        port.close();
        return;
      }
      let text: string;
      let parse: boolean;
      if (msg.type === 'slab') {
        const bytes = slabs[msg.index]!.subarray(1, msg.bytes);
        // One line per event, or the run fails: never a journal with two events on a line.
        const lines = breakEventBoundaries(bytes) + msg.batches;
        if (lines !== msg.events) throw batchMismatch(lines, msg.events);
        j.writeBytes(bytes);
        text = bytes.toString('utf8');
        parse = true;
      } else {
        j.write(msg.text);
        text = msg.text;
        parse = msg.parse;
      }
      if (parse) {
        for (let from = 0; from < text.length;) {
          const nl = text.indexOf('\n', from);
          const to = nl === -1 ? text.length : nl;
          if (to > from) {
            const line = text.slice(from, to);
            if (journalLineMayHaveRow(line)) c.add(JSON.parse(line) as RunEvent);
          }
          from = to + 1;
        }
      }
      // Whole lines on disk before the post counts as written (drainSync relies on it).
      c.end();
      j.flush();
      e.flush();
      Atomics.add(progress, 0, 1);
      Atomics.notify(progress, 0);
    } catch (err) {
      fail(err);
    }
  });
}

if (parentPort !== null) run(parentPort, workerData as EventFilesWorkerData);
