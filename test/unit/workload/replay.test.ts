import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { ReplayModel } from '../../../src/scenario/model.js';
import { formatRowProblem, parseWorkloadFile, replayWorkload, type RecordedItem } from '../../../src/workload/index.js';
import { START } from '../market/models.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/workload/${name}`, import.meta.url), 'utf8');
const COLUMNS: ReplayModel['columns'] = { ts: 'ts', kind: 'kind', instrument: 'instrument', side: 'side', qty: 'qty', amount: 'amount', currency: 'currency', client: 'client' };
const INSTRUMENTS = ['BTCAUD', 'ETHAUD'];
const RECORDED = Date.UTC(2025, 2, 12);

describe('parseWorkloadFile: CSV', () => {
  test('good rows: CRLF, quoted fields, blank lines, case-insensitive kind/side; sorted by time with ids per kind', () => {
    const { items, problems } = parseWorkloadFile(fixture('replay-good.csv'), 'csv', COLUMNS, 'trades.csv', { instruments: INSTRUMENTS });
    expect(problems).toEqual([]);
    expect(items).toEqual([
      { kind: 'payment', id: 'P000001', row: 2, t: RECORDED, customerId: 'cus_1', amount: '249.95', currency: 'AUD', originCountry: 'AU', destinationCountry: 'AU', international: false },
      { kind: 'trade', id: 'T000001', row: 1, t: RECORDED + 10_000, clientId: 'C-1', clientName: 'C-1', tier: 'replayed', instrument: 'BTCAUD', side: 'buy', qty: '0.5' },
      { kind: 'trade', id: 'T000002', row: 4, t: RECORDED + 20_500, clientId: 'Smith, J', clientName: 'Smith, J', tier: 'replayed', instrument: 'ETHAUD', side: 'sell', qty: '0.25' },
      { kind: 'payment', id: 'P000002', row: 5, t: RECORDED + 30_000, customerId: 'unknown', amount: '1000', currency: 'JPY', originCountry: 'AU', destinationCountry: 'AU', international: false },
    ]);
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
    expect(items.map((i) => i.row)).toEqual([1, 7]);
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
  const mapping: ReplayModel['columns'] = { ts: 'time', kind: 'type', instrument: 'sym', side: 'dir', qty: 'size', amount: 'amt', currency: 'ccy', client: 'who' };

  test('row N is line N; JSON numbers are read through their shortest text', () => {
    const { items, problems } = parseWorkloadFile(fixture('replay.jsonl'), 'jsonl', mapping, 'w.jsonl', { instruments: INSTRUMENTS });
    expect(problems.map(formatRowProblem)).toEqual(['w.jsonl:row 4 column size: is empty', 'w.jsonl:row 5: is not a JSON object']);
    expect(items.map((i) => [i.row, i.id, i.kind === 'trade' ? i.qty : i.amount])).toEqual([
      [1, 'T000001', '0.1'],
      [2, 'P000001', '19.99'],
      [6, 'P000002', '5'],
    ]);
  });
});

describe('replayWorkload', () => {
  const recorded: RecordedItem[] = [
    { kind: 'trade', id: 'T000001', row: 1, t: RECORDED + 5_000, clientId: 'a', clientName: 'a', tier: 'replayed', instrument: 'BTCAUD', side: 'buy', qty: '1' },
    { kind: 'payment', id: 'P000001', row: 2, t: RECORDED + 6_001, customerId: 'b', amount: '1', currency: 'AUD', originCountry: 'AU', destinationCountry: 'AU', international: false },
    { kind: 'trade', id: 'T000002', row: 3, t: RECORDED + 65_000, clientId: 'a', clientName: 'a', tier: 'replayed', instrument: 'BTCAUD', side: 'sell', qty: '1' },
  ];

  test('shifts the first item to the drill start and keeps recorded gaps at compression 1', () => {
    const { items, outsideWindow, warnings } = replayWorkload(recorded, { file: 'w.csv', timeCompression: 1 }, START);
    expect(items.map((i) => i.t - START)).toEqual([0, 1_001, 60_000]);
    expect(items[0]).not.toHaveProperty('row');
    expect([outsideWindow, warnings]).toEqual([0, []]);
  });

  test('divides offsets by the compression factor, flooring to whole ms', () => {
    const { items } = replayWorkload(recorded, { file: 'w.csv', timeCompression: 4 }, START);
    expect(items.map((i) => i.t - START)).toEqual([0, 250, 15_000]);
  });

  test('items after the drill end are counted and reported, not silently dropped', () => {
    const { items, outsideWindow, warnings } = replayWorkload(recorded, { file: 'w.csv', timeCompression: 2 }, START, START + 30_000);
    expect(items.map((i) => i.id)).toEqual(['T000001', 'P000001']);
    expect(outsideWindow).toBe(1);
    expect(warnings).toEqual([
      'w.csv: 1 of 3 replayed items fall after the drill ends and are not sent (the drill covers the recording up to 2025-03-12T00:00:06.001Z); lengthen the drill, raise time_compression, or trim the file.',
    ]);
  });

  test('end to end from the CSV fixture', () => {
    const { items } = parseWorkloadFile(fixture('replay-good.csv'), 'csv', COLUMNS, 'trades.csv', { instruments: INSTRUMENTS });
    const replayed = replayWorkload(items, { file: 'trades.csv', timeCompression: 10 }, START, START + 3_000);
    expect(replayed.items.map((i) => [i.id, i.t - START])).toEqual([['P000001', 0], ['T000001', 1_000], ['T000002', 2_050]]);
    expect(replayed.outsideWindow).toBe(1);
  });
});
