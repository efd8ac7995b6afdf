/**
 * events.csv (finance-reference.md §10.3 item 2), written row by row as events stream past, so a
 * drill of any size never holds its event table in memory. One row per client trade, hedge order,
 * provider execution, payment, blocked price and failed call, for both replays in journal order —
 * except the firm's rows of orders and payments whose outcome was unknown (§2.5): the provider may
 * still execute them after the firm gave up, so they wait for the end of their replay, when the
 * ground truth beside them (`provider_executions`, `truth`) is complete.
 *
 * Every amount is printed to its currency's minor unit with its currency beside it: `notional` /
 * `notional_ccy`, `fee` / `fee_ccy`, `pnl_vs_mid` / `pnl_ccy`. A charge converted into its fee
 * schedule's currency carries the processor's rate as `fx_rate`, `fx_source`, `fx_ts` (§1.3).
 */
import type { RunEvent } from '../engine/events.js';
import { dec, minorUnits } from '../finance/decimal.js';
import { ShortDec } from '../finance/short-dec.js';
import { fixedShort, quotientFixedShort } from '../finance/short-format.js';
import { edgeOf } from '../finance/evaluate/ledger.js';
import { isAmbiguousWriteOutcome, isWriteOp } from '../engine/write-attempts.js';
import type { Scenario } from '../scenario/model.js';
import { isoUtc, money } from './format.js';
import { csvLine } from './csv-line.js';

export const EVENTS_CSV_COLUMNS = [
  'run_id', 'event_id', 'ts_utc', 'run', 'integration', 'venue', 'operation', 'instrument', 'side', 'qty', 'price_exec', 'price_used', 'price_used_ts',
  'price_age_ms', 'ref_mid', 'ref_source', 'notional', 'notional_ccy', 'fee', 'fee_ccy', 'fx_rate', 'fx_source', 'fx_ts', 'outcome', 'unknown_outcome',
  'provider_executions', 'truth', 'http_status', 'retry_count', 'unsafe_retries', 'idempotency_key', 'client_order_id', 'latency_ms', 'fault_tag',
  'pnl_vs_mid', 'pnl_ccy', 'slippage_bps',
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
/** The end of a replay writes the rows held for it (see the file comment). */
const ROW_TYPES = new Set<string>([...ROW_KINDS, 'run.finished']);
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
  /** Executions so far by reference, this replay (the ground truth beside the firm's rows). */
  private readonly executions = new Map<string, number>();
  /** Firm rows of items whose outcome was unknown, with their reference: written at the replay's end. */
  private held: { fields: string[]; reference: string }[] = [];

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
    if (e.type === 'run.finished') {
      this.release();
      return;
    }
    const row = this.rowOf(e);
    if (row === undefined) return;
    if (e.type === 'order' || e.type === 'payment') {
      const reference = e.type === 'order' ? e.orderId : e.paymentId;
      if (e.unknownOutcome !== undefined) {
        // The provider may still execute it: the truth is known at the end of the replay.
        this.held.push({ fields: [...row], reference });
        return;
      }
      this.setTruth(row, this.executions.get(reference) ?? 0);
      this.executions.delete(reference);
    }
    this.line(row);
  }

  private line(row: readonly string[]): void {
    this.pending += csvLine(row);
    if (this.pending.length >= CHUNK) this.flush();
  }

  /** The end of a replay: the held rows, with every execution of their items counted. */
  private release(): void {
    for (const { fields, reference } of this.held) {
      this.setTruth(fields, this.executions.get(reference) ?? 0);
      this.line(fields);
    }
    this.held = [];
    this.executions.clear();
  }

  private setTruth(row: string[], executions: number): void {
    row[C.provider_executions] = String(executions);
    row[C.truth] = executions === 0 ? 'NOT_EXECUTED' : executions === 1 ? 'EXECUTED' : 'DUPLICATED';
  }

  /** Hand over every whole line so far (called after each batch: the held rows stay held). */
  end(): void {
    this.flush();
  }

  /** The stream is over: write the held rows too (their replay may not have finished), then flush. */
  close(): void {
    this.release();
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
        const quote = quoteOf(e.instrument);
        const quoteDp = quote === e.feeCcy ? dp : minorUnits(quote);
        r[C.notional] = px === undefined ? '' : fixedShort(px.times(qty), quoteDp);
        r[C.notional_ccy] = px === undefined ? '' : quote;
        r[C.fee] = e.fee === undefined ? '' : fixedShort(ShortDec.parse(e.fee), dp);
        r[C.fee_ccy] = e.fee === undefined ? '' : e.feeCcy;
        r[C.outcome] = stale ? 'FILLED_STALE' : e.outcome;
        r[C.fault_tag] = e.faultId ?? '';
        r[C.pnl_vs_mid] = pnl === undefined ? '' : fixedShort(pnl, quoteDp);
        r[C.pnl_ccy] = pnl === undefined ? '' : quote;
        r[C.slippage_bps] = pnl === undefined || mid.isZero() ? '' : quotientFixedShort(pnl.times(TEN_THOUSAND), mid.times(qty), 2);
        return r;
      }
      case 'order': {
        const r = this.blank(e);
        const quote = quoteOf(e.instrument);
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
        r[C.notional] = e.fillPrice === undefined ? '' : money(dec(e.fillPrice).times(dec(e.qty)), quote);
        r[C.notional_ccy] = e.fillPrice === undefined ? '' : quote;
        r[C.fee] = e.fee === undefined ? '' : money(dec(e.fee), e.feeCcy);
        r[C.fee_ccy] = e.fee === undefined ? '' : e.feeCcy;
        r[C.outcome] = e.outcome;
        r[C.unknown_outcome] = unknownText(e.unknownOutcome);
        r[C.retry_count] = String(e.retries);
        r[C.unsafe_retries] = String(e.unsafeRetries);
        r[C.client_order_id] = e.clientOrderId ?? '';
        r[C.fault_tag] = e.faultId ?? '';
        r[C.pnl_vs_mid] = e.fillPrice === undefined ? '' : money(edgeOf(e.side === 'buy' ? dec(e.qty) : dec(e.qty).neg(), dec(e.refMid), dec(e.fillPrice)), quote);
        r[C.pnl_ccy] = e.fillPrice === undefined ? '' : quote;
        return r;
      }
      case 'execution': {
        const r = this.blank(e);
        r[C.event_id] = `${e.reference}#${e.occurrence}`;
        r[C.integration] = e.op === 'place_order' ? 'lp' : 'gateway';
        r[C.venue] = e.provider;
        r[C.operation] = e.op === 'place_order' ? 'execution' : 'charge';
        this.executions.set(e.reference, (this.executions.get(e.reference) ?? 0) + 1);
        r[C.instrument] = e.instrument ?? '';
        r[C.side] = e.side ?? '';
        r[C.qty] = e.qty ?? '';
        r[C.price_exec] = e.price ?? '';
        r[C.ref_mid] = e.refMid ?? '';
        r[C.notional] = e.amount !== undefined ? money(dec(e.amount), e.ccy) : e.price !== undefined && e.qty !== undefined ? money(dec(e.price).times(dec(e.qty)), e.ccy) : '';
        r[C.notional_ccy] = r[C.notional] === '' ? '' : e.ccy;
        r[C.fee] = money(dec(e.fee), e.feeCcy);
        r[C.fee_ccy] = e.feeCcy;
        r[C.fx_rate] = e.fxRate ?? '';
        r[C.fx_source] = e.fxSource ?? '';
        r[C.fx_ts] = e.fxTs === undefined ? '' : isoUtc(e.fxTs);
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
        r[C.notional] = money(dec(e.amount), e.ccy);
        r[C.notional_ccy] = e.ccy;
        r[C.fee] = e.fee === undefined ? '' : money(dec(e.fee), e.feeCcy);
        r[C.fee_ccy] = e.fee === undefined ? '' : e.feeCcy;
        r[C.outcome] = e.outcome === 'SUCCEEDED' ? 'FILLED' : e.outcome === 'FAILED' ? 'REJECTED' : 'UNKNOWN';
        r[C.unknown_outcome] = unknownText(e.unknownOutcome);
        r[C.retry_count] = String(e.retries);
        r[C.unsafe_retries] = String(e.unsafeRetries);
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
        // A write whose execution the answer left open is UNKNOWN (write-attempts.ts), a plain timeout of a read TIMEOUT.
        r[C.outcome] = isWriteOp(e.op) && isAmbiguousWriteOutcome(e.outcome, e.status) ? 'UNKNOWN' : e.outcome === 'timeout' ? 'TIMEOUT' : 'REJECTED';
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

/** The quote currency of a `BASE-QUOTE` symbol (the scenario schema's form). */
function quoteOf(symbol: string): string {
  return symbol.slice(symbol.indexOf('-') + 1);
}

function unknownText(u: 'resolved' | 'unresolved' | undefined): string {
  return u === undefined ? '' : u === 'resolved' ? 'RESOLVED' : 'UNRESOLVED';
}

/** events.csv of an array of events (both replays), faulted rows first: the journal's order. */
export function renderEventsCsv(scenario: Scenario, runId: string, events: readonly RunEvent[]): string {
  const chunks: string[] = [];
  const writer = new EventsCsvWriter(eventsCsvStaleAfterMs(scenario), runId, (c) => chunks.push(c));
  for (const e of events) writer.add(e);
  writer.close();
  return chunks.join('');
}
