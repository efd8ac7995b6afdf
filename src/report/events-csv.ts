/**
 * events.csv (finance-reference.md §10.3 item 2), written row by row as events stream past, so a
 * drill of any size never holds its event table in memory. One row per client trade, hedge order,
 * provider execution, payment, blocked price and failed call, for both replays in journal order.
 */
import { stringify } from 'csv-stringify/sync';
import type { RunEvent } from '../engine/events.js';
import { dec } from '../finance/decimal.js';
import { edgeOf } from '../finance/evaluate/ledger.js';
import type { Scenario } from '../scenario/model.js';
import { isoUtc, money, places } from './format.js';

export const EVENTS_CSV_COLUMNS = [
  'run_id', 'event_id', 'ts_utc', 'run', 'integration', 'venue', 'operation', 'instrument', 'side', 'qty', 'price_exec', 'price_used', 'price_used_ts',
  'price_age_ms', 'ref_mid', 'ref_source', 'notional', 'fee', 'fee_ccy', 'outcome', 'http_status', 'retry_count', 'idempotency_key', 'client_order_id',
  'latency_ms', 'fault_tag', 'pnl_vs_mid', 'slippage_bps',
] as const;

type Column = (typeof EVENTS_CSV_COLUMNS)[number];
type Row = Partial<Record<Column, string>>;

const REF_SOURCE = 'reference tape (simulated consolidated mid)';
/** Rows are stringified in batches: one csv-stringify call per batch keeps quoting correct and fast. */
const BATCH = 2000;

export class EventsCsvWriter {
  private batch: string[][] = [];
  private readonly staleAfterMs: number;

  constructor(scenario: Scenario, private readonly runId: string, private readonly write: (chunk: string) => void) {
    // The same staleness rule as the evaluation (findStaleFills): the validation limit, else two polls.
    this.staleAfterMs = scenario.integration.validation.maxPriceAgeMs ?? 2 * scenario.integration.pricePollIntervalMs;
    this.write(stringify([EVENTS_CSV_COLUMNS as unknown as string[]], { record_delimiter: 'unix' }));
  }

  add(e: RunEvent): void {
    const row = this.rowOf(e);
    if (row === undefined) return;
    this.batch.push(EVENTS_CSV_COLUMNS.map((c) => row[c] ?? ''));
    if (this.batch.length >= BATCH) this.flush();
  }

  end(): void {
    this.flush();
  }

  private flush(): void {
    if (this.batch.length === 0) return;
    this.write(stringify(this.batch, { record_delimiter: 'unix' }));
    this.batch = [];
  }

  private rowOf(e: RunEvent): Row | undefined {
    const base = { run_id: this.runId, ts_utc: isoUtc(e.t), run: e.run };
    switch (e.type) {
      case 'trade': {
        const filled = e.outcome === 'FILLED' && e.priceExec !== undefined;
        const qty = dec(e.qty);
        const mid = dec(e.refMid);
        const n = e.side === 'buy' ? qty.neg() : qty;
        const px = filled ? dec(e.priceExec!) : undefined;
        const pnl = px === undefined ? undefined : edgeOf(n, mid, px);
        const stale = filled && e.run === 'faulted' && e.priceUsedTs !== undefined && e.t - e.priceUsedTs > this.staleAfterMs;
        return {
          ...base, event_id: e.tradeId, integration: 'client', venue: 'internal', operation: 'client_trade', instrument: e.instrument, side: e.side, qty: e.qty,
          price_exec: e.priceExec ?? '', price_used: e.priceUsed ?? '', price_used_ts: isoUtc(e.priceUsedTs), price_age_ms: e.priceUsedTs === undefined ? '' : String(e.t - e.priceUsedTs),
          ref_mid: e.refMid, ref_source: REF_SOURCE, notional: px === undefined ? '' : money(px.times(qty), e.feeCcy), fee: e.fee ?? '', fee_ccy: e.feeCcy,
          outcome: stale ? 'FILLED_STALE' : e.outcome, fault_tag: e.faultId ?? '',
          pnl_vs_mid: pnl === undefined ? '' : money(pnl, e.feeCcy),
          slippage_bps: pnl === undefined || mid.isZero() ? '' : places(pnl.times(10_000).div(mid.times(qty)), 2),
        };
      }
      case 'order':
        return {
          ...base, event_id: e.orderId, integration: 'lp', venue: e.provider, operation: e.purpose === 'hedge' ? 'hedge_order' : 'unwind_order',
          instrument: e.instrument, side: e.side, qty: e.qty, price_exec: e.fillPrice ?? '', ref_mid: e.refMid, ref_source: REF_SOURCE,
          notional: e.fillPrice === undefined ? '' : money(dec(e.fillPrice).times(dec(e.qty)), e.feeCcy), fee: e.fee ?? '', fee_ccy: e.feeCcy, outcome: e.outcome,
          retry_count: String(e.retries), client_order_id: e.clientOrderId ?? '', fault_tag: e.faultId ?? '',
          pnl_vs_mid: e.fillPrice === undefined ? '' : money(edgeOf(e.side === 'buy' ? dec(e.qty) : dec(e.qty).neg(), dec(e.refMid), dec(e.fillPrice)), e.feeCcy),
        };
      case 'execution':
        return {
          ...base, event_id: `${e.reference}#${e.occurrence}`, integration: e.op === 'place_order' ? 'lp' : 'gateway', venue: e.provider,
          operation: e.op === 'place_order' ? 'execution' : 'charge', instrument: e.instrument ?? '', side: e.side ?? '', qty: e.qty ?? '', price_exec: e.price ?? '',
          ref_mid: e.refMid ?? '', notional: e.amount ?? (e.price !== undefined && e.qty !== undefined ? money(dec(e.price).times(dec(e.qty)), e.ccy) : ''), fee: e.fee, fee_ccy: e.feeCcy,
          outcome: e.occurrence > 1 ? 'DUPLICATE' : 'FILLED', idempotency_key: e.idempotencyKey ?? '', client_order_id: e.clientOrderId ?? '',
        };
      case 'payment':
        return {
          ...base, event_id: e.paymentId, integration: 'gateway', venue: e.provider ?? '', operation: 'payment', notional: e.amount, fee: e.fee ?? '', fee_ccy: e.feeCcy,
          outcome: e.outcome === 'SUCCEEDED' ? 'FILLED' : e.outcome === 'FAILED' ? 'REJECTED' : 'UNKNOWN',
          retry_count: String(e.retries), idempotency_key: e.idempotencyKey ?? '', fault_tag: e.faultId ?? '',
        };
      case 'price.rejected':
        return {
          ...base, event_id: `px-${e.seq}`, integration: 'price_feed', venue: e.provider, operation: 'price_poll', instrument: e.instrument, price_used: e.price,
          price_used_ts: isoUtc(e.priceTs), price_age_ms: String(e.t - e.priceTs), outcome: 'BLOCKED', fault_tag: e.faultId ?? '',
        };
      case 'attempt':
        if (e.outcome === 'ok' || e.op === 'probe') return undefined;
        return {
          ...base, event_id: `${e.requestId}/${e.attempt}`, integration: e.role === 'liquidity_provider' ? 'lp' : e.role === 'price_feed' ? 'price_feed' : 'gateway',
          venue: e.provider, operation: e.op, outcome: e.outcome === 'lost' ? 'UNKNOWN' : e.outcome === 'timeout' ? 'TIMEOUT' : 'REJECTED', http_status: e.status === undefined ? '' : String(e.status),
          retry_count: String(e.attempt - 1), latency_ms: String(e.latencyMs), fault_tag: e.faultId ?? '',
        };
      default:
        return undefined;
    }
  }
}

/** events.csv of an array of events (both replays), faulted rows first: the journal's order. */
export function renderEventsCsv(scenario: Scenario, runId: string, events: readonly RunEvent[]): string {
  const chunks: string[] = [];
  const writer = new EventsCsvWriter(scenario, runId, (c) => chunks.push(c));
  for (const e of events) writer.add(e);
  writer.end();
  return chunks.join('');
}
