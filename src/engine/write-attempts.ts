/**
 * Unknown outcomes and unsafe retries of writes (finance-reference.md §2.5), decided once, from the
 * attempts a client actually sent and what it saw of each. The engine stamps the verdicts on the
 * firm's `order` and `payment` events (execute.ts), so the journal, the report, events.csv, the
 * dashboard and `abort_on_fail` all read the same figures, whatever integration sent the calls.
 *
 * - A write (`place_order`, `create_payment`) has an **unknown outcome** when an attempt ended in a
 *   way that leaves open whether it executed: no answer (timeout, cut connection, `lost`), an
 *   unreadable answer, or a 5xx other than 503 (Binance: "the execution status is UNKNOWN and could
 *   have been a success"). A 503, 429/418, a refused connection and a 4xx say it did not execute.
 *   It stays unknown until **resolved**: a status query at that provider answered, or a retry with
 *   the same idempotency key / client order id answered by the same provider (which replays the
 *   first outcome). A later execution does not resolve it: the client still does not know.
 * - An **unsafe retry** is a re-send of a write of the same item, not preceded by an answered
 *   status query since the previous send, that either carries no idempotency key / client order id
 *   or goes to another provider than one where an earlier send's outcome is still unknown (a key is
 *   a dedup handle only at the provider that saw it). Every one counts, whether or not a duplicate
 *   followed: it is a control failure either way.
 */
import type { AttemptEvent, AttemptOutcome, Operation } from './events.js';

/** Operations that move money at the provider (orders, charges). */
export function isWriteOp(op: Operation): boolean {
  return op === 'place_order' || op === 'create_payment';
}

function isStatusOp(op: Operation): boolean {
  return op === 'order_status' || op === 'payment_status';
}

/**
 * Whether an HTTP status on a write leaves its execution open: a 5xx other than 503 (503 Service
 * Unavailable says the request was not processed). The reference gateway classifies its answers with
 * this rule too, so what it treats as unknown is what the report counts as unknown.
 */
export function isAmbiguousWriteStatus(status: number): boolean {
  return status >= 500 && status !== 503;
}

/** Whether a write attempt that ended so leaves its execution open (see the file comment). */
export function isAmbiguousWriteOutcome(outcome: AttemptOutcome, status: number | undefined): boolean {
  switch (outcome) {
    case 'lost':
    case 'timeout':
    case 'invalid':
      return true;
    case 'http_error':
      return status !== undefined && isAmbiguousWriteStatus(status);
    default:
      return false;
  }
}

/** The item (order or payment id) an attempt's request id belongs to: module adapters' calls are `adapter:<id>`. */
export function itemOfRequest(requestId: string): string {
  return requestId.startsWith('adapter:') ? requestId.slice('adapter:'.length) : requestId;
}

/** What the attempts of one item say, when the firm records its outcome. */
export interface WriteVerdict {
  /** Re-sends without a dedup handle or a status check first (see the file comment). */
  unsafeRetries: number;
  /** Absent: every send's outcome was known. */
  unknownOutcome?: 'resolved' | 'unresolved';
}

class ItemState {
  writes = 0;
  unsafe = 0;
  unknown = false;
  /** An answered status query since the last write. */
  queried = false;
  /** Providers where a send's outcome is still unknown. */
  open: string[] = [];

  close(provider: string): void {
    if (this.open.length > 0) this.open = this.open.filter((p) => p !== provider);
  }
}

/** Follows the write and status attempts of each item, in emission order. */
export class WriteAttemptTracker {
  private readonly items = new Map<string, ItemState>();

  observe(e: AttemptEvent): void {
    const write = isWriteOp(e.op);
    if (!write && !isStatusOp(e.op)) return;
    const id = itemOfRequest(e.requestId);
    let s = this.items.get(id);
    if (s === undefined) {
      // A status query before any write of the item says nothing about its writes.
      if (!write) return;
      s = new ItemState();
      this.items.set(id, s);
    }
    if (!write) {
      if (e.outcome === 'ok') {
        s.queried = true;
        s.close(e.provider);
      }
      return;
    }
    if (s.writes > 0 && !s.queried && (!e.idempotent || s.open.some((p) => p !== e.provider))) s.unsafe += 1;
    s.writes += 1;
    s.queried = false;
    if (isAmbiguousWriteOutcome(e.outcome, e.status)) {
      s.unknown = true;
      if (!s.open.includes(e.provider)) s.open.push(e.provider);
    } else if (e.outcome === 'ok' && e.idempotent) s.close(e.provider);
  }

  /** The verdict on an item's writes so far, and forget it (the firm has recorded its outcome); undefined when none was seen. */
  take(itemId: string): WriteVerdict | undefined {
    const s = this.items.get(itemId);
    if (s === undefined) return undefined;
    this.items.delete(itemId);
    return s.unknown ? { unsafeRetries: s.unsafe, unknownOutcome: s.open.length > 0 ? 'unresolved' : 'resolved' } : { unsafeRetries: s.unsafe };
  }
}
