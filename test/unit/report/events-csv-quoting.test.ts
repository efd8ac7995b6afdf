// Every CSV faultline writes goes through one hand-rolled line writer (src/report/csv-line.ts) for
// speed. Its bytes must stay those of csv-stringify (RFC 4180) for any field text, except that a
// field a spreadsheet would run as a formula is neutralised as OWASP recommends (a leading ').
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { csvLine } from '../../../src/report/csv-line.js';

const tricky = fc.constantFrom(',', '"', '\n', '\r', '\r\n', ' ', '""', 'a,b', ' x ', '=1+2', '#', '\t', 'é', '💶', '', '-', '+', '@', '-12.5', '+3', '1e-7', '＝');
const field = fc.oneof(fc.string(), fc.array(tricky, { maxLength: 4 }).map((parts) => parts.join('x')), fc.array(tricky, { maxLength: 4 }).map((parts) => parts.join('')));

/**
 * The rule, written out independently of the implementation (OWASP "CSV Injection"): a field whose
 * first character is =, +, -, @, tab, CR (and LF, NUL, the full-width ＝＋－＠) and that is not a
 * plain number gets a single quote in front.
 */
function neutralised(f: string): string {
  if (f === '') return f;
  const first = f[0]!;
  const isNumber = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(f);
  const trigger = ['=', '+', '-', '@', '\t', '\r', '\n', '\u0000', '＝', '＋', '－', '＠'].includes(first);
  return trigger && !isNumber ? `'${f}` : f;
}

describe('CSV line writer', () => {
  test('writes what csv-stringify writes for the neutralised fields (property)', () => {
    fc.assert(
      fc.property(fc.array(field, { minLength: 1, maxLength: 8 }), (fields) => {
        expect(csvLine(fields)).toBe(stringify([fields.map(neutralised)]));
      }),
      { numRuns: 3000 },
    );
  });

  test('quotes a field holding a comma, a quote or a line break, and doubles quotes', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', 'two\nlines'])).toBe('a,"b,c","say ""hi""","two\nlines"\n');
  });

  test('neutralises formula-like fields and leaves numbers alone (issue 16 examples)', () => {
    expect(csvLine(['=HYPERLINK("http://evil.example","click")', '+cmd', '-2+3', '@SUM(A1)', '\tx', '\rx'])).toBe(
      '"\'=HYPERLINK(""http://evil.example"",""click"")",\'+cmd,\'-2+3,\'@SUM(A1),\'\tx,"\'\rx"\n',
    );
    expect(csvLine(['-4692.02', '+3', '-0.5', '1e-7', '-1E+3', 'AUD', '2025-04-08T22:00:00.000Z'])).toBe('-4692.02,+3,-0.5,1e-7,-1E+3,AUD,2025-04-08T22:00:00.000Z\n');
  });
});
