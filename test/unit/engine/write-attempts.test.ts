import { describe, expect, it } from 'vitest';
import type { AttemptEvent, AttemptOutcome, Operation } from '../../../src/engine/events.js';
import { isAmbiguousWriteOutcome, itemOfRequest, WriteAttemptTracker, type WriteVerdict } from '../../../src/engine/write-attempts.js';

// finance-reference.md §2.5: an unknown outcome is a send whose answer left its execution open; an
// unsafe retry is a re-send without a dedup handle (or to another provider while an outcome is
// open) and without a status check first — counted whether or not a duplicate followed.

type A = [op: Operation, provider: string, outcome: AttemptOutcome, idempotent: boolean, status?: number];

function verdict(attempts: A[], id = 'P1'): WriteVerdict | undefined {
  const tracker = new WriteAttemptTracker();
  attempts.forEach(([op, provider, outcome, idempotent, status], i) => {
    const e: AttemptEvent = { type: 'attempt', seq: i, t: i, run: 'faulted', requestId: id, attempt: i + 1, provider, role: 'payment_gateway', op, outcome, latencyMs: 1, idempotent, ...(status === undefined ? {} : { status }) };
    tracker.observe(e);
  });
  return tracker.take(id);
}

describe('which write outcomes leave the execution open', () => {
  it.each([
    ['lost', undefined, true], ['timeout', undefined, true], ['invalid', undefined, true],
    ['http_error', 500, true], ['http_error', 502, true], ['http_error', 504, true],
    ['http_error', 503, false], ['http_error', 400, false], ['rate_limited', 429, false], ['refused', undefined, false], ['ok', 200, false],
  ] as const)('%s %s → %s', (outcome, status, open) => {
    expect(isAmbiguousWriteOutcome(outcome, status)).toBe(open);
  });
});

describe('unsafe retries and unknown outcomes of one item (§2.5)', () => {
  it('every retry without a key counts, whatever the first answer was (a 503 executed nothing, yet the re-send had no dedup handle)', () => {
    expect(verdict([['create_payment', 's', 'http_error', false, 503], ['create_payment', 's', 'http_error', false, 503], ['create_payment', 's', 'ok', false]])).toEqual({ unsafeRetries: 2 });
  });

  it('keyed retries at the same provider are safe; the keyed answer resolves the earlier unknown', () => {
    expect(verdict([['create_payment', 's', 'lost', true, 504], ['create_payment', 's', 'ok', true]])).toEqual({ unsafeRetries: 0, unknownOutcome: 'resolved' });
  });

  it('an unknown outcome stays unresolved after an unkeyed retry succeeds: the client still does not know what the first send did', () => {
    expect(verdict([['create_payment', 's', 'lost', false, 504], ['create_payment', 's', 'ok', false]])).toEqual({ unsafeRetries: 1, unknownOutcome: 'unresolved' });
  });

  it('a keyed send to another provider while an outcome is open is unsafe (the key is a dedup handle only where it was seen)', () => {
    expect(verdict([['create_payment', 's', 'timeout', true], ['create_payment', 'p', 'ok', true]])).toEqual({ unsafeRetries: 1, unknownOutcome: 'unresolved' });
  });

  it('a keyed failover after a refusal is safe: nothing was left open', () => {
    expect(verdict([['create_payment', 's', 'refused', true], ['create_payment', 'p', 'ok', true]])).toEqual({ unsafeRetries: 0 });
  });

  it('an answered status query first makes the re-send safe and resolves the outcome at that provider', () => {
    expect(verdict([['place_order', 'b', 'lost', false, 502], ['order_status', 'b', 'ok', true], ['place_order', 'b', 'ok', false]])).toEqual({ unsafeRetries: 0, unknownOutcome: 'resolved' });
  });

  it('a status query that got no answer checks nothing', () => {
    expect(verdict([['place_order', 'b', 'lost', false, 502], ['order_status', 'b', 'timeout', true], ['place_order', 'b', 'ok', false]])).toEqual({ unsafeRetries: 1, unknownOutcome: 'unresolved' });
  });

  it('reads and probes are not writes; an item with no write has no verdict', () => {
    expect(verdict([['get_price', 'f', 'timeout', true], ['probe', 'f', 'timeout', true]])).toBeUndefined();
  });

  it('take forgets the item; module adapters\' request ids name their item', () => {
    const tracker = new WriteAttemptTracker();
    tracker.observe({ type: 'attempt', seq: 0, t: 0, run: 'faulted', requestId: 'adapter:H000007', attempt: 1, provider: 'b', role: 'liquidity_provider', op: 'place_order', outcome: 'lost', latencyMs: 1, idempotent: true });
    expect(itemOfRequest('adapter:H000007')).toBe('H000007');
    expect(tracker.take('H000007')).toEqual({ unsafeRetries: 0, unknownOutcome: 'unresolved' });
    expect(tracker.take('H000007')).toBeUndefined();
  });
});
