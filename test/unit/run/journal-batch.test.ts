/**
 * Events serialised a batch at a time (one JSON.stringify per array) come back as one journal line
 * per event, byte for byte what one JSON.stringify per event gives; a batch that would not split
 * into one line per event is refused, never written as a wrong journal.
 */
import { expect, test } from 'vitest';
import fc from 'fast-check';
import { batchMismatch, breakEventBoundaries, EVENT_BOUNDARY, journalBatchToLines } from '../../../src/run/journal-batch.js';

const lines = (events: readonly object[]): string => events.map((e) => `${JSON.stringify(e)}\n`).join('');

/** What a slab holds for these batches: `[`, then each batch's array text with its `]` made a line break. */
function slabOf(batches: readonly (readonly object[])[]): Buffer {
  const text = batches.map((b) => `${JSON.stringify(b).slice(1, -1)}\n`).join('');
  return Buffer.from(`[${text}`, 'utf8');
}

/** Field values that try to look like a boundary, escapes, non-ASCII text and map-valued fields. */
const value = fc.oneof(
  fc.string(),
  fc.constantFrom(EVENT_BOUNDARY, '},{"type":"trade"}', '"},{"type":', '\\', '\n', 'Zürich €', '𝄞'),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.dictionary(fc.constantFrom('type', 'BTC-AUD', '},{"type":'), fc.string(), { maxKeys: 3 }),
);
const event = fc.record({ type: fc.constantFrom('trade', 'attempt', 'mark'), a: value, b: value, type2: value });
const batches = fc.array(fc.array(event, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 5 });

test('a slab of batches becomes one line per event, the bytes of one JSON.stringify per event', () => {
  fc.assert(fc.property(batches, (bs) => {
    const slab = slabOf(bs);
    const body = slab.subarray(1);
    const events = bs.reduce((n, b) => n + b.length, 0);
    expect(breakEventBoundaries(body) + bs.length).toBe(events);
    expect(body.toString('utf8')).toBe(lines(bs.flat()));
  }));
});

test('journalBatchToLines: the text route (a batch longer than a slab) gives the same lines', () => {
  fc.assert(fc.property(fc.array(event, { minLength: 1, maxLength: 8 }), (es) => {
    expect(journalBatchToLines(JSON.stringify(es), es.length)).toBe(lines(es));
  }));
});

test('a batch that does not split into one line per event is refused', () => {
  // An event whose first field is not `type`: its boundary is not found.
  const notTypeFirst = [{ type: 'trade' }, { seq: 1, type: 'trade' }];
  expect(() => journalBatchToLines(JSON.stringify(notTypeFirst), 2)).toThrow(/split into 1 lines/);
  // An array of objects inside an event: a boundary where there is none.
  const withArray = [{ type: 'trade', legs: [{ a: 1 }, { type: 'x' }] }];
  expect(() => journalBatchToLines(JSON.stringify(withArray), 1)).toThrow(/2 journal|split into 2 lines/);
  const slab = slabOf([withArray]);
  expect(breakEventBoundaries(slab.subarray(1)) + 1).not.toBe(1);
  expect(batchMismatch(2, 1).message).toContain('a batch of 1 journal events split into 2 lines');
});
