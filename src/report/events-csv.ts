/**
 * events.csv (finance-reference.md §10.3 item 2), written row by row as events stream past, so a
 * drill of any size never holds its event table in memory. One row per client trade, hedge order,
 * provider execution, payment, blocked price and failed call, for both replays in journal order.
 */
import type { RunEvent } from '../engine/events.js';
import { dec, minorUnits } from '../finance/decimal.js';
import { ShortDec } from '../finance/short-dec.js';
import { fixedShort, quotientFixedShort } from '../finance/short-format.js';
import { edgeOf } from '../finance/evaluate/ledger.js';
import type { Scenario } from '../scenario/model.js';
import { isoUtc, money } from './format.js';
import { csvLine } from './csv-line.js';

export const EVENTS_CSV_COLUMNS = [
  'run_id', 'event_id', 'ts_utc', 'run', 'integration', 'venue', 'operation', 'instrument', 'side', 'qty', 'price_exec', 'price_used', 'price_used_ts',
  'price_age_ms', 'ref_mid', 'ref_source', 'notional', 'fee', 'fee_ccy', 'outcome', 'http_status', 'retry_count', 'idempotency_key', 'client_order_id',
  'latency_ms', 'fault_tag', 'pnl_vs_mid', 'slippage_bps',
] as const;

type Column = (typeof EVENTS_CSV_COLUMNS)[number];

/** Column positions: rows are filled by index, so a row is one flat array, not an object per event. */
const C = Object.fromEntries(EVENTS_CSV_COLUMNS.map((c, i) => [c, i])) as Record<Column, number>;
const WIDTH = EVENTS_CSV_COLUMNS.length;

const TEN_THOUSAND = ShortDec.parse('10000');
const REF_SOURCE = 'reference tape (simulated consolidated mid)';
/** Rows are handed to `write` in chunks of about this many characters. */
const CHUNK = 1 << 16;

/** Event types that can make a row (rowOf): every other type never does. */
const ROW_KINDS = ['trade', 'order', 'execution', 'payment', 'price.rejected', 'attempt'] as const;
type RowKind = (typeof ROW_KINDS)[number];
const ROW_TYPES = new Set<string>(ROW_KINDS);
const TYPE_PREFIX = '{"type":"';

/**
 * False when a journal line (an event as JSON.stringify writes it, `type` first) certainly makes no
 * events.csv row, so a writer reading the journal's text need not parse it: an event of a type
 * rowOf ignores, or a successful attempt. True when it may (or when the line is not in that form).
 */
export function journalLineMayHaveRow(line: string): boolean {
  if (!line.startsWith(TYPE_PREFIX)) return true;
  const end = line.indexOf('"', TYPE_PREFIX.length);
  const type = line.slice(TYPE_PREFIX.length, end);
  if (!ROW_TYPES.has(type)) return false;
  // An attempt's fields are plain values: `"outcome":"ok"` with bare quotes can only be its own
  // outcome (a quote inside a string value is escaped).
  return type !== 'attempt' || !line.includes('"outcome":"ok"');
}

/** When a faulted fill counts as FILLED_STALE: the evaluation's rule (findStaleFills), the validation limit, else two polls. */
export function eventsCsvStaleAfterMs(scenario: Scenario): number {
  return scenario.integration.validation.maxPriceAgeMs ?? 2 * scenario.integration.pricePollIntervalMs;
}

export class EventsCsvWriter {
  private pending = '';
  private readonly staleAfterMs: number;
  // Consecutive events often share an instant: format each timestamp once.
  private lastT = Number.NaN;
  private lastIso = '';
  // Trades between two price polls quote off the same price: format its timestamp once too.
  private lastPriceTs = Number.NaN;
  private lastPriceIso = '';
  /**
   * One scratch row per kind of row, turned into a line by add() before the next event. Each kind
   * sets the same columns on every event (absent values as ''), and the others stay '' from the
   * start, so a row need not be cleared per event.
   */
  private readonly rows: Record<RowKind, string[]>;

  /**
   * `staleAfterMs` is the scenario's (`eventsCsvStaleAfterMs`): a number rather than the scenario, so
   * a worker thread can write the file from the journal's text alone (run/event-files.ts).
   */
  constructor(staleAfterMs: number, runId: string, private readonly write: (chunk: string) => void) {
    this.staleAfterMs = staleAfterMs;
    const row = (): string[] => {
      const r = new Array<string>(WIDTH).fill('');
      r[C.run_id] = runId;
      return r;
    };
    this.rows = { trade: row(), order: row(), execution: row(), payment: row(), 'price.rejected': row(), attempt: row() };
    this.write(csvLine(EVENTS_CSV_COLUMNS));
  }

  add(e: RunEvent): void {
    const row = this.rowOf(e);
    if (row === undefined) return;
    this.pending += csvLine(row);
    if (this.pending.length >= CHUNK) this.flush();
  }

  end(): void {
    this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.write(this.pending);
    this.pending = '';
  }

  private ts(ms: number): string {
    if (ms !== this.lastT) {
      this.lastT = ms;
      this.lastIso = isoUtc(ms);
    }
    return this.lastIso;
  }

  private priceTs(ms: number | undefined): string {
    if (ms === undefined) return '';
    if (ms !== this.lastPriceTs) {
      this.lastPriceTs = ms;
      this.lastPriceIso = isoUtc(ms);
    }
    return this.lastPriceIso;
  }

  /** The scratch row of `e`'s kind with the columns every row has (time, replay) set. */
  private blank(e: RunEvent & { type: RowKind }): string[] {
    const r = this.rows[e.type];
    r[C.ts_utc] = this.ts(e.t);
    r[C.run] = e.run;
    return r;
  }

  private rowOf(e: RunEvent): string[] | undefined {
    switch (e.type) {
      case 'trade': {
        const filled = e.outcome === 'FILLED' && e.priceExec !== undefined;
        // Short decimals (short-dec.ts): the same figures as edgeOf and money on Dec, without
        // decimal.js for the ~115k rows of a long drill.
        const qty = ShortDec.parse(e.qty);
        const mid = ShortDec.parse(e.refMid);
        const n = e.side === 'buy' ? qty.neg() : qty;
        const px = filled ? ShortDec.parse(e.priceExec!) : undefined;
        const pnl = px === undefined ? undefined : n.times(mid.minus(px));
        const dp = minorUnits(e.feeCcy);
        const stale = filled && e.run === 'faulted' && e.priceUsedTs !== undefined && e.t - e.priceUsedTs > this.staleAfterMs;
        const r = this.blank(e);
        r[C.event_id] = e.tradeId;
        r[C.integration] = 'client';
        r[C.venue] = 'internal';
        r[C.operation] = 'client_trade';
        r[C.instrument] = e.instrument;
        r[C.side] = e.side;
        r[C.qty] = e.qty;
        r[C.price_exec] = e.priceExec ?? '';
        r[C.price_used] = e.priceUsed ?? '';
        r[C.price_used_ts] = this.priceTs(e.priceUsedTs);
        r[C.price_age_ms] = e.priceUsedTs === undefined ? '' : String(e.t - e.priceUsedTs);
        r[C.ref_mid] = e.refMid;
        r[C.ref_source] = REF_SOURCE;
        r[C.notional] = px === undefined ? '' : fixedShort(px.times(qty), dp);
        r[C.fee] = e.fee ?? '';
        r[C.fee_ccy] = e.feeCcy;
        r[C.outcome] = stale ? 'FILLED_STALE' : e.outcome;
        r[C.fault_tag] = e.faultId ?? '';
        r[C.pnl_vs_mid] = pnl === undefined ? '' : fixedShort(pnl, dp);
        r[C.slippage_bps] = pnl === undefined || mid.isZero() ? '' : quotientFixedShort(pnl.times(TEN_THOUSAND), mid.times(qty), 2);
        return r;
      }
      case 'order': {
        const r = this.blank(e);
        r[C.event_id] = e.orderId;
        r[C.integration] = 'lp';
        r[C.venue] = e.provider;
        r[C.operation] = e.purpose === 'hedge' ? 'hedge_order' : 'unwind_order';
        r[C.instrument] = e.instrument;
        r[C.side] = e.side;
        r[C.qty] = e.qty;
        r[C.price_exec] = e.fillPrice ?? '';
        r[C.ref_mid] = e.refMid;
        r[C.ref_source] = REF_SOURCE;
        r[C.notional] = e.fillPrice === undefined ? '' : money(dec(e.fillPrice).times(dec(e.qty)), e.feeCcy);
        r[C.fee] = e.fee ?? '';
        r[C.fee_ccy] = e.feeCcy;
        r[C.outcome] = e.outcome;
        r[C.retry_count] = String(e.retries);
        r[C.client_order_id] = e.clientOrderId ?? '';
        r[C.fault_tag] = e.faultId ?? '';
        r[C.pnl_vs_mid] = e.fillPrice === undefined ? '' : money(edgeOf(e.side === 'buy' ? dec(e.qty) : dec(e.qty).neg(), dec(e.refMid), dec(e.fillPrice)), e.feeCcy);
        return r;
      }
      case 'execution': {
        const r = this.blank(e);
        r[C.event_id] = `${e.reference}#${e.occurrence}`;
        r[C.integration] = e.op === 'place_order' ? 'lp' : 'gateway';
        r[C.venue] = e.provider;
        r[C.operation] = e.op === 'place_order' ? 'execution' : 'charge';
        r[C.instrument] = e.instrument ?? '';
        r[C.side] = e.side ?? '';
        r[C.qty] = e.qty ?? '';
        r[C.price_exec] = e.price ?? '';
        r[C.ref_mid] = e.refMid ?? '';
        r[C.notional] = e.amount ?? (e.price !== undefined && e.qty !== undefined ? money(dec(e.price).times(dec(e.qty)), e.ccy) : '');
        r[C.fee] = e.fee;
        r[C.fee_ccy] = e.feeCcy;
        r[C.outcome] = e.occurrence > 1 ? 'DUPLICATE' : 'FILLED';
        r[C.idempotency_key] = e.idempotencyKey ?? '';
        r[C.client_order_id] = e.clientOrderId ?? '';
        return r;
      }
      case 'payment': {
        const r = this.blank(e);
        r[C.event_id] = e.paymentId;
        r[C.integration] = 'gateway';
        r[C.venue] = e.provider ?? '';
        r[C.operation] = 'payment';
        r[C.notional] = e.amount;
        r[C.fee] = e.fee ?? '';
        r[C.fee_ccy] = e.feeCcy;
        r[C.outcome] = e.outcome === 'SUCCEEDED' ? 'FILLED' : e.outcome === 'FAILED' ? 'REJECTED' : 'UNKNOWN';
        r[C.retry_count] = String(e.retries);
        r[C.idempotency_key] = e.idempotencyKey ?? '';
        r[C.fault_tag] = e.faultId ?? '';
        return r;
      }
      case 'price.rejected': {
        const r = this.blank(e);
        r[C.event_id] = `px-${e.seq}`;
        r[C.integration] = 'price_feed';
        r[C.venue] = e.provider;
        r[C.operation] = 'price_poll';
        r[C.instrument] = e.instrument;
        r[C.price_used] = e.price;
        r[C.price_used_ts] = isoUtc(e.priceTs);
        r[C.price_age_ms] = String(e.t - e.priceTs);
        r[C.outcome] = 'BLOCKED';
        r[C.fault_tag] = e.faultId ?? '';
        return r;
      }
      case 'attempt': {
        if (e.outcome === 'ok' || e.op === 'probe') return undefined;
        const r = this.blank(e);
        r[C.event_id] = `${e.requestId}/${e.attempt}`;
        r[C.integration] = e.role === 'liquidity_provider' ? 'lp' : e.role === 'price_feed' ? 'price_feed' : 'gateway';
        r[C.venue] = e.provider;
        r[C.operation] = e.op;
        r[C.outcome] = e.outcome === 'lost' ? 'UNKNOWN' : e.outcome === 'timeout' ? 'TIMEOUT' : 'REJECTED';
        r[C.http_status] = e.status === undefined ? '' : String(e.status);
        r[C.retry_count] = String(e.attempt - 1);
        r[C.latency_ms] = String(e.latencyMs);
        r[C.fault_tag] = e.faultId ?? '';
        return r;
      }
      default:
        return undefined;
    }
  }
}

/** events.csv of an array of events (both replays), faulted rows first: the journal's order. */
export function renderEventsCsv(scenario: Scenario, runId: string, events: readonly RunEvent[]): string {
  const chunks: string[] = [];
  const writer = new EventsCsvWriter(eventsCsvStaleAfterMs(scenario), runId, (c) => chunks.push(c));
  for (const e of events) writer.add(e);
  writer.end();
  return chunks.join('');
}
