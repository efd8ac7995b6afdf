import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { ReplayColumns } from '../../../src/scenario/model.js';
import { formatRowProblem, parseWorkloadFile } from '../../../src/workload/index.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/workload/${name}`, import.meta.url), 'utf8');
const COLUMNS: ReplayColumns = {
  ts: 'ts', kind: 'kind', instrument: 'instrument', side: 'side', qty: 'qty', amount: 'amount', currency: 'currency',
  client: 'client', tier: 'tier', customer: 'customer', originCountry: 'origin_country', destinationCountry: 'destination_country',
};
const INSTRUMENTS = ['BTCAUD', 'ETHAUD'];
const RECORDED = Date.UTC(2025, 2, 12);

describe('parseWorkloadFile: CSV', () => {
  test('good rows: CRLF, quoted fields, blank lines, case-insensitive kind/side; sorted by recorded time; ids RT/RP + the data row', () => {
    const { items, problems } = parseWorkloadFile(fixture('replay-good.csv'), 'csv', COLUMNS, 'trades.csv', { instruments: INSTRUMENTS });
    expect(problems).toEqual([]);
    expect(items).toEqual([
      { kind: 'payment', id: 'RP000002', t: RECORDED, customerId: 'cus_1', amount: '249.95', currency: 'AUD', originCountry: 'AU', destinationCountry: 'AU', international: false },
      { kind: 'trade', id: 'RT000001', t: RECORDED + 10_000, clientId: 'C-1', clientName: 'C-1', tier: 'replayed', instrument: 'BTCAUD', side: 'buy', qty: '0.5' },
      { kind: 'trade', id: 'RT000004', t: RECORDED + 20_500, clientId: 'Smith, J', clientName: 'Smith, J', tier: 'replayed', instrument: 'ETHAUD', side: 'sell', qty: '0.25' },
      { kind: 'payment', id: 'RP000005', t: RECORDED + 30_000, customerId: 'unknown', amount: '1000', currency: 'JPY', originCountry: 'AU', destinationCountry: 'AU', international: false },
    ]);
  });

  test('what the finance rules need: a trade\'s client and tier, a payment\'s customer and countries (defaults: the firm\'s country)', () => {
    const text = [
      'ts,kind,instrument,side,qty,amount,currency,client,tier,customer,origin_country,destination_country',
      '1741737600000,trade,BTCAUD,buy,1,,,CL-9,vip,,,',
      '1741737600001,payment,,,,1500.00,AUD,,,cus_7,AU,NZ',
      '1741737600002,payment,,,,20.00,NZD,CL-9,,,US,',
      '1741737600003,payment,,,,20.00,NZD,,,,,',
    ].join('\n');
    const { items, problems } = parseWorkloadFile(text, 'csv', COLUMNS, 'w.csv', { instruments: INSTRUMENTS, homeCountry: 'NZ' });
    expect(problems).toEqual([]);
    expect(items.map((i) => (i.kind === 'trade' ? [i.id, i.clientId, i.tier] : [i.id, i.customerId, i.currency, i.originCountry, i.destinationCountry, i.international]))).toEqual([
      ['RT000001', 'CL-9', 'vip'],
      ['RP000002', 'cus_7', 'AUD', 'AU', 'NZ', true],
      // No customer column value: the client column names the payer.
      ['RP000003', 'CL-9', 'NZD', 'US', 'NZ', true],
      ['RP000004', 'unknown', 'NZD', 'NZ', 'NZ', false],
    ]);
  });

  test('a country must be an assigned ISO 3166-1 alpha-2 code, upper case', () => {
    const text = 'ts,kind,amount,currency,origin_country,destination_country\n1741737600000,payment,1.00,AUD,UK,au\n1741737600001,payment,1.00,AUD,XX,AU\n';
    const { items, problems } = parseWorkloadFile(text, 'csv', COLUMNS, 'w.csv');
    expect(problems.map((p) => `${formatRowProblem(p)} | ${p.hint}`)).toEqual([
      'w.csv:row 1 column origin_country: "UK" is not an ISO 3166-1 country code | Write GB.',
      'w.csv:row 1 column destination_country: "au" must be upper case | Write AU.',
      'w.csv:row 2 column origin_country: "XX" is not an ISO 3166-1 alpha-2 country code | Use an upper-case two-letter code such as AU, NZ, US or GB.',
    ]);
    expect(items).toEqual([]);
  });

  test('a row recorded outside the drill is reported with its row: items play at their recorded time', () => {
    const text = 'ts,kind,amount,currency\n2025-03-12T00:00:00Z,payment,1.00,AUD\n2025-03-12T00:59:59.999Z,payment,1.00,AUD\n2025-03-12T01:00:00Z,payment,1.00,AUD\n2025-03-11T23:59:59Z,payment,1.00,AUD\n';
    const { items, problems } = parseWorkloadFile(text, 'csv', COLUMNS, 'w.csv', { window: { startMs: RECORDED, endMs: RECORDED + 3_600_000 } });
    expect(problems.map(formatRowProblem)).toEqual([
      'w.csv:row 3 column ts: 2025-03-12T01:00:00Z is outside the drill (2025-03-12T00:00:00.000Z to 2025-03-12T01:00:00.000Z)',
      'w.csv:row 4 column ts: 2025-03-11T23:59:59Z is outside the drill (2025-03-12T00:00:00.000Z to 2025-03-12T01:00:00.000Z)',
    ]);
    expect(items.map((i) => [i.id, i.t - RECORDED])).toEqual([['RP000001', 0], ['RP000002', 3_599_999]]);
  });

  test('bad rows: every problem at once, with data-row numbers (header excluded) and columns', () => {
    const { items, problems } = parseWorkloadFile(fixture('replay-bad.csv'), 'csv', COLUMNS, 'trades.csv', { instruments: INSTRUMENTS });
    expect(problems.map(formatRowProblem)).toEqual([
      'trades.csv:row 2 column side: "hold" is not a side',
      'trades.csv:row 2 column qty: "abc" is not a decimal number',
      'trades.csv:row 3 column kind: "refund" is not a workload kind',
      'trades.csv:row 4 column instrument: unknown instrument "DOGEAUD"',
      'trades.csv:row 4 column qty: 0 must be greater than 0',
      'trades.csv:row 5 column ts: "not-a-time" is not an ISO-8601 instant or epoch milliseconds',
      'trades.csv:row 5 column amount: 12.345 has more decimal places than AUD allows (2)',
      'trades.csv:row 6 column currency: "aud" is not a currency code',
      'trades.csv:row 6 column amount: -3 must be greater than 0',
      // A quoted line break is still one row: row 7 spans two lines of the file.
      'trades.csv:row 8 column amount: is empty',
      'trades.csv:row 9: a quoted field is never closed',
    ]);
    expect(problems.find((p) => p.row === 4 && p.column === 'instrument')!.hint).toBe('The market has: BTCAUD, ETHAUD.');
    expect(items.map((i) => i.id)).toEqual(['RT000001', 'RT000007']);
    expect(items[1]).toMatchObject({ qty: '1' });
  });

  test('a missing mapped column is reported once at the header, not on every row', () => {
    const text = 'ts,kind,instrument,side,amount\n1741737600000,trade,BTCAUD,buy,\n1741737600001,trade,BTCAUD,sell,\n1741737600002,payment,,,5\n';
    const { items, problems } = parseWorkloadFile(text, 'csv', COLUMNS, 'w.csv', { instruments: INSTRUMENTS });
    expect(problems.map(formatRowProblem)).toEqual([
      'w.csv:1:1 column qty: missing column "qty" (needed by row 1 and others like it)',
      'w.csv:1:1 column currency: missing column "currency" (needed by row 3 and others like it)',
    ]);
    expect(problems[0]!.hint).toBe('Add the column, or map yours with workload.replay.columns.qty.');
    expect(items).toEqual([]);
  });

  test('without ts or kind columns nothing is read', () => {
    const { items, problems } = parseWorkloadFile('when,kind\n1,trade\n', 'csv', COLUMNS, 'w.csv');
    expect(problems.map(formatRowProblem)).toEqual(['w.csv:1:1 column ts: missing column "ts"']);
    expect(items).toEqual([]);
  });

  test('an empty file and a row with the wrong number of fields', () => {
    expect(parseWorkloadFile('', 'csv', COLUMNS, 'w.csv').problems.map(formatRowProblem)).toEqual(['w.csv:1:1: the file is empty; expected a header row naming the columns']);
    const { problems } = parseWorkloadFile('ts,kind\n1741737600000,trade,extra\n', 'csv', COLUMNS, 'w.csv');
    expect(problems.map(formatRowProblem)).toContain('w.csv:row 1: has 3 fields, the header has 2');
  });
});

describe('parseWorkloadFile: JSONL with a column mapping', () => {
  const mapping: ReplayColumns = { ...COLUMNS, ts: 'time', kind: 'type', instrument: 'sym', side: 'dir', qty: 'size', amount: 'amt', currency: 'ccy', client: 'who' };

  test('row N is line N; JSON numbers are read through their shortest text', () => {
    const { items, problems } = parseWorkloadFile(fixture('replay.jsonl'), 'jsonl', mapping, 'w.jsonl', { instruments: INSTRUMENTS });
    expect(problems.map(formatRowProblem)).toEqual(['w.jsonl:row 4 column size: is empty', 'w.jsonl:row 5: is not a JSON object']);
    expect(items.map((i) => [i.id, i.kind === 'trade' ? i.qty : i.amount])).toEqual([
      ['RT000001', '0.1'],
      ['RP000002', '19.99'],
      ['RP000006', '5'],
    ]);
  });
});
