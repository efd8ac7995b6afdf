/**
 * Replayed price tapes: recorded mids (CSV or JSONL) turned into a step-function MarketPath at
 * their recorded timestamps (docs/scenarios.md, "How a tape is placed in time"). Recorded mids are
 * used exactly as written (a recorded price is not re-quantised); bid and ask are still derived
 * from the instrument's spread and tick.
 */
import { dec, type Dec } from '../finance/decimal.js';
import type { MarketModel } from '../scenario/model.js';
import { createProblemLog, type RowProblem } from '../workload/problems.js';
import { readDataRows, type DataFormat } from '../workload/records.js';
import { parseInstantText, parsePositiveDecimalText } from '../workload/values.js';
import { createMarketPath } from './market-path.js';
import { PointSeries, type StepSeries } from './series.js';
import type { MarketPath } from './types.js';

/** One recorded mid. */
export interface TapePoint {
  row: number;
  /** Recorded epoch ms. */
  t: number;
  instrument: string;
  mid: string;
}

export type TapeColumns = { ts: string; instrument: string; mid: string };

/** Parse and validate a price tape; every bad row is reported with its row and column. */
export function parseTape(text: string, format: DataFormat, columns: TapeColumns, fileName: string): { points: TapePoint[]; problems: RowProblem[] } {
  const data = readDataRows(text, format, fileName);
  const log = createProblemLog(fileName);
  if (data.columns !== undefined) {
    const header = new Set(data.columns);
    const lacking = (['ts', 'instrument', 'mid'] as const).filter((k) => !header.has(columns[k]));
    for (const key of lacking) log.add({ line: 1, column: columns[key], message: `missing column "${columns[key]}"`, hint: `Add the column, or map yours with market.tape.columns.${key}.` });
    if (lacking.length > 0) return { points: [], problems: [...data.problems, ...log.problems] };
  }
  const points: TapePoint[] = [];
  for (const row of data.rows) {
    let ok = true;
    const fail = (column: string, message: string, hint: string): void => {
      ok = false;
      log.add({ row: row.row, column, message, hint });
    };
    const tsText = row.get(columns.ts);
    const instrument = row.get(columns.instrument);
    const midText = row.get(columns.mid);
    let t = 0;
    let mid = '';
    if (tsText === undefined) fail(columns.ts, 'is empty', 'Fill in the value, or remove the row.');
    else {
      const parsed = parseInstantText(tsText);
      if (parsed.ok) t = parsed.value;
      else fail(columns.ts, parsed.message, parsed.hint);
    }
    if (instrument === undefined) fail(columns.instrument, 'is empty', 'Fill in the value, or remove the row.');
    if (midText === undefined) fail(columns.mid, 'is empty', 'Fill in the value, or remove the row.');
    else {
      const parsed = parsePositiveDecimalText(midText);
      if (parsed.ok) mid = parsed.value;
      else fail(columns.mid, parsed.message, parsed.hint);
    }
    if (ok) points.push({ row: row.row, t, instrument: instrument as string, mid });
  }
  const problems = [...data.problems, ...log.problems].sort((a, b) => (a.row ?? 0) - (b.row ?? 0) || (a.line ?? 0) - (b.line ?? 0));
  return { points, problems };
}

/**
 * Each instrument's opening mid: the mid of its last point at or before `startMs`, as recorded
 * (instruments without one are left out; buildTapeMarketPath reports them).
 */
export function openingMids(points: readonly TapePoint[], startMs: number): Record<string, string> {
  const best = new Map<string, TapePoint>();
  for (const p of points) {
    if (p.t > startMs) continue;
    const seen = best.get(p.instrument);
    if (seen === undefined || p.t > seen.t || (p.t === seen.t && p.row < seen.row)) best.set(p.instrument, p);
  }
  const out: Record<string, string> = {};
  for (const [symbol, p] of best) out[symbol] = p.mid;
  return out;
}

export interface TapeOptions {
  /** For problem messages. */
  fileName?: string;
}

/**
 * A MarketPath from tape points, at their recorded times: per instrument, the mid at t is the mid
 * of its last point at or before t (a step function; nothing is interpolated). Every declared
 * instrument needs a point at or before `startMs` (its opening mid); points after `endMs` are
 * never read. Problems: points for instruments the market does not declare (one per instrument,
 * naming its first row), declared instruments with no points or whose first point comes after the
 * start, and two points for one instrument at the same instant.
 */
export function buildTapeMarketPath(
  market: MarketModel,
  points: readonly TapePoint[],
  startMs: number,
  endMs: number,
  options: TapeOptions = {},
): { path: MarketPath; problems: RowProblem[] } {
  const file = options.fileName ?? market.tape?.file ?? 'tape';
  const column = market.tape?.columns ?? { ts: 'ts', instrument: 'instrument', mid: 'mid' };
  const log = createProblemLog(file);

  const known = new Set(market.instruments.map((i) => i.symbol));
  const bySymbol = new Map<string, TapePoint[]>();
  const unknown = new Map<string, { first: number; count: number }>();
  for (const p of points) {
    if (!known.has(p.instrument)) {
      const seen = unknown.get(p.instrument);
      if (seen === undefined) unknown.set(p.instrument, { first: p.row, count: 1 });
      else seen.count++;
      continue;
    }
    const list = bySymbol.get(p.instrument) ?? [];
    list.push(p);
    bySymbol.set(p.instrument, list);
  }
  for (const [symbol, { first, count }] of unknown) {
    log.add({
      row: first,
      column: column.instrument,
      message: `unknown instrument "${symbol}"${count > 1 ? ` (${count} rows)` : ''}`,
      hint: `Declare it under market.instruments, or remove its rows. The market has: ${[...known].join(', ')}.`,
    });
  }

  const series = new Map<string, StepSeries>();
  for (const instrument of market.instruments) {
    const list = (bySymbol.get(instrument.symbol) ?? []).slice().sort((a, b) => a.t - b.t || a.row - b.row);
    const first = list[0];
    if (first === undefined) {
      log.add({ message: `no prices for instrument ${instrument.symbol}`, hint: 'Add its rows to the tape, or remove it from market.instruments.' });
      continue;
    }
    if (first.t > startMs) {
      log.add({
        row: first.row,
        column: column.ts,
        message: `the first price of ${instrument.symbol} is at ${new Date(first.t).toISOString()}, after the drill starts (${new Date(startMs).toISOString()})`,
        hint: 'Every instrument needs a price at or before the start (its opening mid): add one, or start the drill later.',
      });
    }
    const times: number[] = [];
    const mids: Dec[] = [];
    let previous: TapePoint | undefined;
    for (const p of list) {
      if (previous !== undefined && previous.t === p.t) {
        log.add({ row: p.row, column: column.ts, message: `a second price for ${p.instrument} at the same instant as row ${previous.row}`, hint: 'Keep one price per instrument per timestamp.' });
        continue;
      }
      previous = p;
      // Only the last point at or before the start matters before it; nothing after the end is read.
      if (p.t > endMs) continue;
      if (p.t <= startMs && times.length > 0 && (times[times.length - 1] as number) <= startMs) {
        times[times.length - 1] = p.t;
        mids[mids.length - 1] = dec(p.mid);
        continue;
      }
      times.push(p.t);
      mids.push(dec(p.mid));
    }
    series.set(instrument.symbol, new PointSeries(Float64Array.from(times), mids));
  }
  const problems = log.problems.sort((a, b) => (a.row ?? Infinity) - (b.row ?? Infinity));
  return { path: createMarketPath(market, startMs, endMs, series), problems };
}
