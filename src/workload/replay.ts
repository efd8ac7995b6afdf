/**
 * Workload replay from a recorded file (CSV or JSONL) through the scenario's column mapping.
 * Every row is validated and every problem reported at once, with its row and column (row
 * numbering: problems.ts). Items play at their recorded timestamps, which must fall inside the
 * drill (docs/scenarios.md, "How a replay is placed in time"): nothing is shifted or compressed, so
 * a replay and a price tape recorded together stay together.
 */
import { minorUnits } from '../finance/decimal.js';
import type { ReplayColumns } from '../scenario/model.js';
import { countryCodeProblem, isCountryCode } from './countries.js';
import { formatItemId } from './generate.js';
import { createProblemLog, type RowProblem } from './problems.js';
import { readDataRows, type DataFormat, type DataRow } from './records.js';
import { compareItems, crossesBorder, type PaymentItem, type TradeItem, type WorkloadItem } from './types.js';
import { decimalPlacesOf, parseInstantText, parsePositiveDecimalText } from './values.js';

export interface ParseWorkloadOptions {
  /** Instruments the market knows; trades naming another are reported. Omit to skip the check. */
  instruments?: readonly string[];
  /** The firm's country: a payment's origin and destination when the file does not say (default AU). */
  homeCountry?: string;
  /** The drill, [startMs, endMs): a row recorded outside it is reported. Omit to skip the check. */
  window?: { startMs: number; endMs: number };
}

/** Tier given to replayed clients when the file has no tier column or the cell is empty. */
export const REPLAYED_TIER = 'replayed';
/** Client or customer id used when the file has no such column or the cell is empty. */
export const UNKNOWN_PARTY = 'unknown';

const CURRENCY = /^[A-Z]{3,5}$/;

/**
 * Parse and validate a recorded workload. Items come back sorted by recorded time (then id), each
 * with the id `RT` (trade) or `RP` (payment) followed by its data row (`RT000017` is row 17), so a
 * replayed item never shares an id with a generated one (`T000001`, `P000001`). Rows with problems
 * are left out and reported.
 */
export function parseWorkloadFile(
  text: string,
  format: DataFormat,
  columns: ReplayColumns,
  fileName: string,
  options: ParseWorkloadOptions = {},
): { items: WorkloadItem[]; problems: RowProblem[] } {
  const data = readDataRows(text, format, fileName);
  const log = createProblemLog(fileName);
  const header = data.columns === undefined ? undefined : new Set(data.columns);
  const missing = (key: keyof ReplayColumns): boolean => header !== undefined && !header.has(columns[key]);
  for (const key of ['ts', 'kind'] as const) {
    if (missing(key)) log.add({ line: 1, column: columns[key], message: `missing column "${columns[key]}"`, hint: `Add the column, or map yours with workload.replay.columns.${key}.` });
  }
  if (missing('ts') || missing('kind')) return { items: [], problems: data.problems.concat(log.problems) };

  const context: RowContext = {
    columns,
    known: options.instruments === undefined ? undefined : new Set(options.instruments),
    homeCountry: options.homeCountry ?? 'AU',
    window: options.window,
    add: log.add,
    headerLacks: () => false,
  };
  const reportedMissing = new Set<string>();
  const items: WorkloadItem[] = [];
  for (const row of data.rows) {
    context.headerLacks = (key) => {
      // A column the header lacks is reported once, not on every row that needs it.
      if (!missing(key)) return false;
      if (!reportedMissing.has(key)) {
        reportedMissing.add(key);
        log.add({ line: 1, column: columns[key], message: `missing column "${columns[key]}" (needed by row ${row.row} and others like it)`, hint: `Add the column, or map yours with workload.replay.${columnKey(key)}.` });
      }
      return true;
    };
    const item = validateRow(row, context);
    if (item !== undefined) items.push(item);
  }
  items.sort(compareItems);
  const problems = data.problems.concat(log.problems).sort(byPosition);
  return { items, problems };
}

/** The scenario key of a column mapping (`originCountry` → `columns.origin_country`). */
function columnKey(key: keyof ReplayColumns): string {
  return `columns.${key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;
}

interface RowContext {
  columns: ReplayColumns;
  known: Set<string> | undefined;
  homeCountry: string;
  window: { startMs: number; endMs: number } | undefined;
  add: AddProblem;
  headerLacks: (key: keyof ReplayColumns) => boolean;
}

type AddProblem = (p: Omit<RowProblem, 'file' | 'path'>) => void;

function validateRow(row: DataRow, ctx: RowContext): WorkloadItem | undefined {
  const { columns, add } = ctx;
  let ok = true;
  const fail = (key: keyof ReplayColumns, message: string, hint: string): void => {
    ok = false;
    add({ row: row.row, column: columns[key], message, hint });
  };
  const required = (key: keyof ReplayColumns): string | undefined => {
    if (ctx.headerLacks(key)) {
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
    if (!parsed.ok) fail('ts', parsed.message, parsed.hint);
    else if (ctx.window !== undefined && (parsed.value < ctx.window.startMs || parsed.value >= ctx.window.endMs)) {
      fail('ts', `${tsText} is outside the drill (${iso(ctx.window.startMs)} to ${iso(ctx.window.endMs)})`, 'Replayed items play at their recorded time: move the drill\'s start or duration to cover it, or remove the row.');
    } else t = parsed.value;
  }
  const kindText = required('kind');
  const kind = kindText?.toLowerCase();
  if (kindText !== undefined && kind !== 'trade' && kind !== 'payment') {
    fail('kind', `"${kindText}" is not a workload kind`, 'Use trade or payment.');
    return undefined;
  }

  if (kind === 'trade') {
    const instrument = required('instrument');
    if (instrument !== undefined && ctx.known !== undefined && !ctx.known.has(instrument)) {
      fail('instrument', `unknown instrument "${instrument}"`, `The market has: ${[...ctx.known].join(', ')}.`);
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
    const client = row.get(columns.client) ?? UNKNOWN_PARTY;
    const trade: TradeItem = {
      kind: 'trade', id: formatItemId('RT', row.row), t, clientId: client, clientName: client, tier: row.get(columns.tier) ?? REPLAYED_TIER,
      instrument: instrument as string, side: side as 'buy' | 'sell', qty,
    };
    return trade;
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
    const country = (key: 'originCountry' | 'destinationCountry'): string => {
      const code = row.get(columns[key]);
      if (code === undefined) return ctx.homeCountry;
      if (!isCountryCode(code)) {
        const problem = countryCodeProblem(code);
        fail(key, problem.message, problem.hint);
      }
      return code;
    };
    const originCountry = country('originCountry');
    const destinationCountry = country('destinationCountry');
    if (!ok) return undefined;
    const payment: PaymentItem = {
      kind: 'payment', id: formatItemId('RP', row.row), t, customerId: row.get(columns.customer) ?? row.get(columns.client) ?? UNKNOWN_PARTY,
      amount, currency: currency as string, originCountry, destinationCountry, international: crossesBorder(originCountry, destinationCountry),
    };
    return payment;
  }
  return undefined;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function byPosition(a: RowProblem, b: RowProblem): number {
  return (a.row ?? 0) - (b.row ?? 0) || (a.line ?? 0) - (b.line ?? 0);
}
