// events.csv is written by a hand-rolled row writer for speed; its bytes must stay those of
// csv-stringify (the library every other CSV file uses), whatever the field text.
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { csvLine } from '../../../src/report/events-csv.js';

const tricky = fc.constantFrom(',', '"', '\n', '\r', '\r\n', ' ', '""', 'a,b', ' x ', '=1+2', '#', '\t', 'é', '💶', '');
const field = fc.oneof(fc.string(), fc.array(tricky, { maxLength: 4 }).map((parts) => parts.join('x')));

describe('events.csv row writer', () => {
  test('writes exactly what csv-stringify writes (property)', () => {
    fc.assert(
      fc.property(fc.array(field, { minLength: 1, maxLength: 8 }), (fields) => {
        expect(csvLine(fields)).toBe(stringify([fields]));
      }),
      { numRuns: 2000 },
    );
  });

  test('quotes a field holding a comma, a quote or a line break, and doubles quotes', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', 'two\nlines'])).toBe('a,"b,c","say ""hi""","two\nlines"\n');
  });
});
