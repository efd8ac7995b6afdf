/**
 * Workload replay from a recorded file (CSV or JSONL) through the scenario's column mapping.
 * Every row is validated and every problem reported at once, with its row and column (row
 * numbering: problems.ts). Valid rows become items in recorded time; `replayWorkload` then moves
 * them onto the drill's clock.
 */
import { minorUnits } from '../finance/decimal.js';
import type { ReplayModel } from '../scenario/model.js';
import { formatItemId } from './generate.js';
import { createProblemLog, type RowProblem } from './problems.js';
import { readDataRows, type DataFormat, type DataRow } from './records.js';
import type { PaymentItem, TradeItem, WorkloadItem } from './types.js';
import { decimalPlacesOf, parseInstantText, parsePositiveDecimalText } from './values.js';

/** A replayed item at its recorded time, with the data row it came from. */
export type RecordedItem = (TradeItem | PaymentItem) & { row: number };

export interface ParseWorkloadOptions {
  /** Instruments the market knows; trades naming another are reported. Omit to skip the check. */
  instruments?: readonly string[];
  /** The firm's country (`firm.country`): a replayed payment runs within it. Default AU. */
  homeCountry?: string;
}

/** Tier and name given to replayed clients: the file carries only an id. */
export const REPLAYED_TIER = 'replayed';
/** Client or customer id used when the file has no client column or the cell is empty. */
export const UNKNOWN_PARTY = 'unknown';

const CURRENCY = /^[A-Z]{3,5}$/;

/**
 * Parse and validate a recorded workload. Items come back sorted by recorded time (then row) with
 * ids `T000001`/`P000001` in that order; rows with problems are left out and reported.
 */
export function parseWorkloadFile(
  text: string,
  format: DataFormat,
  columns: ReplayModel['columns'],
  fileName: string,
  options: ParseWorkloadOptions = {},
): { items: RecordedItem[]; problems: RowProblem[] } {
  const data = readDataRows(text, format, fileName);
  const log = createProblemLog(fileName);
  const header = data.columns === undefined ? undefined : new Set(data.columns);
  const missing = (key: keyof ReplayModel['columns']): boolean => header !== undefined && !header.has(columns[key]);
  for (const key of ['ts', 'kind'] as const) {
    if (missing(key)) log.add({ line: 1, column: columns[key], message: `missing column "${columns[key]}"`, hint: `Add the column, or map yours with workload.replay.columns.${key}.` });
  }
  if (missing('ts') || missing('kind')) return { items: [], problems: [...data.problems, ...log.problems] };

  const known = options.instruments === undefined ? undefined : new Set(options.instruments);
  const reportedMissing = new Set<string>();
  const drafts: Draft[] = [];
  for (const row of data.rows) {
    const draft = validateRow(row, columns, known, options.homeCountry ?? 'AU', log.add, (key) => {
      // A column the header lacks is reported once, not on every row that needs it.
      if (!missing(key)) return false;
      if (!reportedMissing.has(key)) {
        reportedMissing.add(key);
        log.add({ line: 1, column: columns[key], message: `missing column "${columns[key]}" (needed by row ${row.row} and others like it)`, hint: `Add the column, or map yours with workload.replay.columns.${key}.` });
      }
      return true;
    });
    if (draft !== undefined) drafts.push(draft);
  }
  drafts.sort((a, b) => a.t - b.t || a.row - b.row);
  let trades = 0;
  let payments = 0;
  const items = drafts.map((d): RecordedItem => (d.kind === 'trade' ? { ...d, id: formatItemId('T', ++trades) } : { ...d, id: formatItemId('P', ++payments) }));
  const problems = [...data.problems, ...log.problems].sort(byPosition);
  return { items, problems };
}

type Draft = Omit<TradeItem, 'id'> & { row: number } | Omit<PaymentItem, 'id'> & { row: number };

type AddProblem = (p: Omit<RowProblem, 'file' | 'path'>) => void;

function validateRow(
  row: DataRow,
  columns: ReplayModel['columns'],
  known: Set<string> | undefined,
  homeCountry: string,
  add: AddProblem,
  headerLacks: (key: keyof ReplayModel['columns']) => boolean,
): Draft | undefined {
  let ok = true;
  const fail = (key: keyof ReplayModel['columns'], message: string, hint: string): void => {
    ok = false;
    add({ row: row.row, column: columns[key], message, hint });
  };
  const required = (key: keyof ReplayModel['columns']): string | undefined => {
    if (headerLacks(key)) {
      ok = false;
      return undefined;
    }
    const v = row.get(columns[key]);
    if (v === undefined) fail(key, 'is empty', 'Fill in the value, or remove the row.');
    return v;
  };

  const tsText = required('ts');
  let t = 0;
  if (tsText !== undefined) {
    const parsed = parseInstantText(tsText);
    if (parsed.ok) t = parsed.value;
    else fail('ts', parsed.message, parsed.hint);
  }
  const kindText = required('kind');
  const kind = kindText?.toLowerCase();
  if (kindText !== undefined && kind !== 'trade' && kind !== 'payment') {
    fail('kind', `"${kindText}" is not a workload kind`, 'Use trade or payment.');
    return undefined;
  }
  const party = row.get(columns.client) ?? UNKNOWN_PARTY;

  if (kind === 'trade') {
    const instrument = required('instrument');
    if (instrument !== undefined && known !== undefined && !known.has(instrument)) {
      fail('instrument', `unknown instrument "${instrument}"`, `The market has: ${[...known].join(', ')}.`);
    }
    const sideText = required('side');
    const side = sideText?.toLowerCase();
    if (sideText !== undefined && side !== 'buy' && side !== 'sell') fail('side', `"${sideText}" is not a side`, 'Use buy or sell.');
    const qtyText = required('qty');
    let qty = '';
    if (qtyText !== undefined) {
      const parsed = parsePositiveDecimalText(qtyText);
      if (parsed.ok) qty = parsed.value;
      else fail('qty', parsed.message, parsed.hint);
    }
    if (!ok) return undefined;
    return { kind: 'trade', row: row.row, t, clientId: party, clientName: party, tier: REPLAYED_TIER, instrument: instrument as string, side: side as 'buy' | 'sell', qty };
  }
  if (kind === 'payment') {
    const currency = required('currency');
    if (currency !== undefined && !CURRENCY.test(currency)) fail('currency', `"${currency}" is not a currency code`, 'Use an upper-case code such as AUD, USD or USDT.');
    const amountText = required('amount');
    let amount = '';
    if (amountText !== undefined) {
      const parsed = parsePositiveDecimalText(amountText);
      if (!parsed.ok) fail('amount', parsed.message, parsed.hint);
      else if (currency !== undefined && CURRENCY.test(currency) && decimalPlacesOf(parsed.value) > minorUnits(currency)) {
        fail('amount', `${parsed.value} has more decimal places than ${currency} allows (${minorUnits(currency)})`, 'A payment gateway takes whole minor units (cents); round the recorded amount.');
      } else amount = parsed.value;
    }
    if (!ok) return undefined;
    // Countries are not recorded in the file yet; the replay treats every payment as domestic.
    return { kind: 'payment', row: row.row, t, customerId: party, amount, currency: currency as string, originCountry: homeCountry, destinationCountry: homeCountry, international: false };
  }
  return undefined;
}

function byPosition(a: RowProblem, b: RowProblem): number {
  return (a.row ?? 0) - (b.row ?? 0) || (a.line ?? 0) - (b.line ?? 0);
}

/** The outcome of putting recorded items on the drill clock. */
export interface ReplayedWorkload {
  items: WorkloadItem[];
  /** Items whose replayed time falls at or after the drill's end; not sent, and counted here. */
  outsideWindow: number;
  /** A sentence for the user when `outsideWindow` > 0. */
  warnings: string[];
}

/**
 * Shift recorded times so the first item starts at `startMs`, dividing offsets by
 * `replay.timeCompression` (2 = twice as fast), floored to whole ms. With `endMs`, items landing
 * at or after it are left out and counted as a warning rather than dropped silently.
 */
export function replayWorkload(items: readonly RecordedItem[], replay: Pick<ReplayModel, 'timeCompression' | 'file'>, startMs: number, endMs?: number): ReplayedWorkload {
  if (!(replay.timeCompression > 0)) throw new RangeError(`timeCompression must be > 0, got ${replay.timeCompression}`);
  if (items.length === 0) return { items: [], outsideWindow: 0, warnings: [] };
  let first = Infinity;
  for (const item of items) if (item.t < first) first = item.t;
  const out: WorkloadItem[] = [];
  let outside = 0;
  let lastInside = -Infinity;
  for (const item of items) {
    const t = startMs + Math.floor((item.t - first) / replay.timeCompression);
    if (endMs !== undefined && t >= endMs) {
      outside++;
      continue;
    }
    lastInside = Math.max(lastInside, item.t);
    const { row: _row, ...rest } = item;
    out.push({ ...rest, t });
  }
  out.sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const warnings =
    outside === 0
      ? []
      : [
          `${replay.file}: ${outside} of ${items.length} replayed items fall after the drill ends and are not sent` +
            (Number.isFinite(lastInside) ? ` (the drill covers the recording up to ${new Date(lastInside).toISOString()})` : '') +
            '; lengthen the drill, raise time_compression, or trim the file.',
        ];
  return { items: out, outsideWindow: outside, warnings };
}
