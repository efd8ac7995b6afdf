import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { buildTapeMarketPath, openingMids, parseTape } from '../../../src/market/index.js';
import { formatRowProblem } from '../../../src/workload/index.js';
import { HOUR, instrument, market } from './models.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/market/${name}`, import.meta.url), 'utf8');
const COLUMNS = { ts: 'ts', instrument: 'instrument', mid: 'mid' };
const RECORDED = Date.UTC(2020, 2, 12);

describe('parseTape', () => {
  test('reads a good CSV tape: ISO instants (with ms) and epoch ms, exact mids', () => {
    const { points, problems } = parseTape(fixture('tape.csv'), 'csv', COLUMNS, 'tape.csv');
    expect(problems).toEqual([]);
    expect(points.map((p) => [p.row, p.t - RECORDED, p.instrument, p.mid])).toEqual([
      [1, 0, 'BTCAUD', '12000.50'],
      [2, 0, 'ETHAUD', '300'],
      [3, 60_000, 'BTCAUD', '11500'],
      [4, 90_250, 'ETHAUD', '280.125'],
      [5, 120_000, 'BTCAUD', '9000'],
    ]);
  });

  test('reports every bad row with its row number and column', () => {
    const { points, problems } = parseTape(fixture('tape-bad.csv'), 'csv', COLUMNS, 'tape.csv');
    expect(problems.map(formatRowProblem)).toEqual([
      'tape.csv:row 2 column mid: "abc" is not a decimal number',
      'tape.csv:row 3 column ts: "2020-03-12T00:00:02" has no time zone',
      'tape.csv:row 4 column mid: -5 must be greater than 0',
      'tape.csv:row 5 column ts: "2020-02-30T00:00:00Z" is not a real date and time',
      'tape.csv:row 6 column ts: is empty',
      'tape.csv:row 7 column mid: "1,200.5" is not a decimal number',
      'tape.csv:row 8: has 2 fields, the header has 3',
      'tape.csv:row 9 column ts: "1583971205" looks like epoch seconds, not milliseconds',
      'tape.csv:row 9 column mid: "1e3" is not a decimal number',
    ]);
    expect(problems.every((p) => p.hint !== undefined && p.hint.length > 0)).toBe(true);
    expect(problems.find((p) => p.row === 7)!.hint).toMatch(/thousands separators/);
    expect(points.map((p) => p.row)).toEqual([1]);
  });

  test('a header without a mapped column is reported once, at line 1', () => {
    const { problems } = parseTape('time,instrument,mid\n1583971200000,BTCAUD,1\n', 'csv', COLUMNS, 'tape.csv');
    expect(problems.map(formatRowProblem)).toEqual(['tape.csv:1:1 column ts: missing column "ts"']);
  });

  test('reads JSONL with a column mapping; row N is line N', () => {
    const text = [
      '{"time":"2020-03-12T00:00:00Z","sym":"BTCAUD","px":12000.5}',
      '',
      '{"time":1583971260000,"sym":"BTCAUD","px":"11500"}',
      '{"time":"2020-03-12T00:02:00Z","sym":"BTCAUD","px":null}',
      'not json',
      '',
    ].join('\n');
    const { points, problems } = parseTape(text, 'jsonl', { ts: 'time', instrument: 'sym', mid: 'px' }, 'tape.jsonl');
    expect(points.map((p) => [p.row, p.mid])).toEqual([[1, '12000.5'], [3, '11500']]);
    expect(problems.map(formatRowProblem)).toEqual([
      'tape.jsonl:row 4 column px: is empty',
      expect.stringMatching(/^tape\.jsonl:row 5: not valid JSON/),
    ]);
  });
});

describe('buildTapeMarketPath', () => {
  const m = market({ model: 'tape' });
  const { points } = parseTape(fixture('tape.csv'), 'csv', COLUMNS, 'tape.csv');

  test('a step function at the recorded times: the mid at t is the last recorded mid at or before t', () => {
    const { path, problems } = buildTapeMarketPath(m, points, RECORDED, RECORDED + HOUR, { fileName: 'tape.csv' });
    expect(problems).toEqual([]);
    expect(path.midAt('BTCAUD', RECORDED).toFixed()).toBe('12000.5');
    expect(path.midAt('BTCAUD', RECORDED + 59_999).toFixed()).toBe('12000.5');
    expect(path.midAt('BTCAUD', RECORDED + 60_000).toFixed()).toBe('11500');
    expect(path.midAt('ETHAUD', RECORDED + 90_249).toFixed()).toBe('300');
    expect(path.midAt('ETHAUD', RECORDED + 90_250).toFixed()).toBe('280.125');
    expect(path.closingMid('BTCAUD').toFixed()).toBe('9000');
    expect(path.series('BTCAUD').map((p) => p.t - RECORDED)).toEqual([0, 60_000, 120_000]);
  });

  test('a drill starting after the first points opens on the last point at or before its start; points after its end are not read', () => {
    const start = RECORDED + 60_000;
    const { path, problems } = buildTapeMarketPath(m, points, start, start + 30_000);
    expect(problems).toEqual([]);
    expect(path.midAt('BTCAUD', start).toFixed()).toBe('11500');
    expect(path.midAt('ETHAUD', start).toFixed()).toBe('300');
    expect(path.closingMid('BTCAUD').toFixed()).toBe('11500');
    expect(path.series('BTCAUD').map((p) => p.t - RECORDED)).toEqual([60_000]);
    expect(openingMids(points, start)).toEqual({ BTCAUD: '11500', ETHAUD: '300' });
  });

  test('an instrument whose first price comes after the drill starts is reported at that row', () => {
    const { problems } = buildTapeMarketPath(m, points, RECORDED - 1, RECORDED + HOUR, { fileName: 'tape.csv' });
    expect(problems.map(formatRowProblem)).toEqual([
      'tape.csv:row 1 column ts: the first price of BTCAUD is at 2020-03-12T00:00:00.000Z, after the drill starts (2020-03-11T23:59:59.999Z)',
      'tape.csv:row 2 column ts: the first price of ETHAUD is at 2020-03-12T00:00:00.000Z, after the drill starts (2020-03-11T23:59:59.999Z)',
    ]);
  });

  test('bid/ask on a tape still use the instrument spread and tick', () => {
    const { path } = buildTapeMarketPath(m, points, RECORDED, RECORDED + HOUR);
    const { bid, ask } = path.bidAskAt('BTCAUD', RECORDED + 60_000);
    // 2 bps of 11500 is 2.30 wide: ± 1.15 around the mid
    expect([bid.toFixed(), ask.toFixed()]).toEqual(['11498.85', '11501.15']);
  });

  test('reports unknown instruments, instruments without prices, and duplicate instants', () => {
    const withSol = market({ model: 'tape', instruments: [...m.instruments, instrument({ symbol: 'SOLAUD', mid: '200' })] });
    const extra = [
      ...points,
      { row: 6, t: RECORDED, instrument: 'XRPAUD', mid: '1' },
      { row: 7, t: RECORDED + 1, instrument: 'XRPAUD', mid: '1' },
      { row: 8, t: RECORDED + 60_000, instrument: 'BTCAUD', mid: '11600' },
    ];
    const { path, problems } = buildTapeMarketPath(withSol, extra, RECORDED, RECORDED + HOUR, { fileName: 'tape.csv' });
    expect(problems.map(formatRowProblem)).toEqual([
      'tape.csv:row 6 column instrument: unknown instrument "XRPAUD" (2 rows)',
      'tape.csv:row 8 column ts: a second price for BTCAUD at the same instant as row 3',
      'tape.csv: no prices for instrument SOLAUD',
    ]);
    expect(path.symbols).toEqual(['BTCAUD', 'ETHAUD']);
    expect(path.midAt('BTCAUD', RECORDED + 60_000).toFixed()).toBe('11500');
  });
});
