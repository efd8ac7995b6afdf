/**
 * Journal lines from events serialised a batch at a time (run/event-files.ts): `JSON.stringify` of
 * an array of events is `[e1,e2,…]`, and the journal wants `e1\ne2\n…`.
 *
 * The comma between two events is the one in `},{"type":`: every event is an object whose first
 * key is `type` (the engine builds them so; journal readers rely on it too), and that sequence
 * cannot occur inside an event: a quote inside a string is escaped (`\"`), and `{` follows a comma
 * only inside an array, which no event has (engine/events.ts: flat fields and string maps). The
 * callers check the line count against the events they serialised all the same, so an event that
 * broke either rule would fail the run instead of writing a wrong journal.
 */

/** Between two events of a batch: its comma (offset 1) becomes the line break. */
export const EVENT_BOUNDARY = '},{"type":';
const BOUNDARY_BYTES = Buffer.from(EVENT_BOUNDARY, 'latin1');
const COMMA_AT = 1;
/** The same boundary with its comma made a line break. */
const LINE_BOUNDARY = `${EVENT_BOUNDARY.slice(0, COMMA_AT)}\n${EVENT_BOUNDARY.slice(COMMA_AT + 1)}`;

/**
 * In place, every event boundary in `bytes` (a slab's run of batches, brackets already turned into
 * line breaks) becomes a line break. Returns how many it changed.
 */
export function breakEventBoundaries(bytes: Buffer): number {
  let changed = 0;
  for (let at = bytes.indexOf(BOUNDARY_BYTES); at !== -1; at = bytes.indexOf(BOUNDARY_BYTES, at + BOUNDARY_BYTES.length)) {
    bytes[at + COMMA_AT] = 0x0a;
    changed++;
  }
  return changed;
}

/** `[e1,e2,…]` of `events` events as journal lines (`e1\ne2\n…\n`). */
export function journalBatchToLines(batch: string, events: number): string {
  const parts = batch.slice(1, -1).split(EVENT_BOUNDARY);
  if (parts.length !== events) throw batchMismatch(parts.length, events);
  return `${parts.join(LINE_BOUNDARY)}\n`;
}

/** The error for a batch that did not split into one line per event (see the file comment). */
export function batchMismatch(lines: number, events: number): Error {
  return new Error(`internal error: a batch of ${events} journal events split into ${lines} lines (an event whose first field is not "type", or with an array of objects)`);
}
