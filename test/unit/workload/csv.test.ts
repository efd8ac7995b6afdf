import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, test } from 'vitest';
import { parseCsv } from '../../../src/workload/index.js';

const fields = (text: string) => parseCsv(text).map((r) => r.fields);

describe('parseCsv (RFC 4180)', () => {
  test.each([
    ['LF records', 'a,b\n1,2\n', [['a', 'b'], ['1', '2']]],
    ['CRLF records', 'a,b\r\n1,2\r\n', [['a', 'b'], ['1', '2']]],
    ['no final line break', 'a,b\n1,2', [['a', 'b'], ['1', '2']]],
    ['empty fields', 'a,,c\n,,\n', [['a', '', 'c'], ['', '', '']]],
    ['quoted comma', '"1,200.50",x\n', [['1,200.50', 'x']]],
    ['doubled quotes', '"say ""hi""",x\n', [['say "hi"', 'x']]],
    ['line break inside quotes', '"two\nlines",x\n3,4\n', [['two\nlines', 'x'], ['3', '4']]],
    ['empty quoted field', '"",x\n', [['', 'x']]],
    ['leading BOM ignored', '\uFEFFts,qty\n', [['ts', 'qty']]],
    ['blank line is a one-empty-field record', 'a\n\nb\n', [['a'], [''], ['b']]],
  ])('%s', (_name, text, expected) => {
    expect(fields(text)).toEqual(expected);
    expect(parseCsv(text).every((r) => r.error === undefined)).toBe(true);
  });

  test('records remember the line they start on, across quoted line breaks', () => {
    expect(parseCsv('h\n"a\nb\nc"\nd\n').map((r) => r.line)).toEqual([1, 2, 5]);
  });

  test.each([
    ['a quote inside an unquoted field', 'ab"c,d\n', 'a quote inside an unquoted field'],
    ['text after a closing quote', '"ab"c,d\n', 'text after a closing quote; a quoted field must end at a comma or line break'],
    ['an unterminated quote', 'x\n"abc,d\n', 'a quoted field is never closed'],
  ])('reports %s on its record without throwing', (_name, text, message) => {
    const records = parseCsv(text);
    expect(records.find((r) => r.error !== undefined)?.error).toBe(message);
  });

  test('round-trips anything csv-stringify writes (property)', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r\n', ' ', '1', '.', 'é') });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }).chain((width) => fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 6 })), (rows) => {
        // A single empty cell is written as a blank line, which reads back as one empty field too.
        const text = stringify(rows, { quoted_match: /\r/ });
        expect(fields(text)).toEqual(rows);
      }),
      { numRuns: 300 },
    );
  });
});
