import { describe, expect, it } from 'vitest';
import type { RunEventBody } from '../../../src/engine/events.js';
import { dec, plain, ZERO } from '../../../src/finance/decimal.js';
import { DecimalColumn, NumberColumn, StringPool, TimeColumn } from '../../../src/finance/evaluate/ledger-columns.js';
import { buildLedger } from '../../../src/finance/evaluate/ledger.js';
import { journal, makeScenario, MIN, START } from './helpers.js';

describe('ledger columns', () => {
  it('a number column grows past its first block and keeps every value', () => {
    const c = new NumberColumn((n) => new Int32Array(n));
    for (let i = 0; i < 5000; i++) c.set(i, i * 3 - 7);
    expect([c.get(0), c.get(1023), c.get(1024), c.get(4999)]).toEqual([-7, 3062, 3065, 14990]);
  });

  it('a decimal column gives back the exact value recorded, and the fallback when absent', () => {
    const c = new DecimalColumn();
    const texts = ['0.1', '101400.00', '-0', '1e-7', '12345678901234567890.123456789', undefined];
    texts.forEach((t, i) => c.set(i, t));
    expect(texts.map((_, i) => c.text(i))).toEqual(texts);
    expect(texts.map((_, i) => plain(c.dec(i, dec('42'))))).toEqual(['0.1', '101400', '0', '0.0000001', '12345678901234567890.123456789', '42']);
    expect(c.dec(2, ZERO).isNegative()).toBe(true);
  });

  it('a time column tells an absent instant from epoch 0', () => {
    const c = new TimeColumn();
    c.set(0, 0);
    c.set(1, undefined);
    c.set(2, START);
    expect([c.get(0), c.get(1), c.get(2)]).toEqual([0, undefined, START]);
  });

  it('a string pool gives each distinct string one id and back', () => {
    const p = new StringPool();
    const ids = ['AUD', 'NZD', 'AUD', 'BTC-AUD', 'NZD'].map((s) => p.id(s));
    expect(ids).toEqual([0, 1, 0, 2, 1]);
    expect(ids.map((i) => p.value(i))).toEqual(['AUD', 'NZD', 'AUD', 'BTC-AUD', 'NZD']);
  });
});

describe('ledger tables read through views', () => {
  const s = makeScenario();
  const trade = (id: string, side: 'buy' | 'sell', outcome: 'FILLED' | 'REJECTED', price?: string): RunEventBody => ({
    type: 'trade', tradeId: id, clientId: `C-${id}`, tier: 'pro', instrument: 'BTC-AUD', side, qty: '0.0618', outcome, refMid: '101400', feeCcy: 'AUD',
    ...(price === undefined ? {} : { priceExec: price, fee: '37.41', priceUsedTs: START + 5 }),
  });
  const events = journal('faulted', [
    [START, trade('T1', 'buy', 'FILLED', '101450.5')],
    [START + MIN, trade('T2', 'sell', 'REJECTED')],
    [START + 2 * MIN, { type: 'payment', paymentId: 'P1', customerId: 'cus_1', amount: '40.68', ccy: 'AUD', international: true, outcome: 'UNKNOWN', feeCcy: 'AUD', retries: 2, unsafeRetries: 1 }],
    [START + 3 * MIN, { type: 'execution', provider: 'gw', op: 'create_payment', reference: 'P1', occurrence: 2, amount: '40.68', ccy: 'AUD', fee: '0.99', feeCcy: 'AUD' }],
    // A second record of T1 replaces the first in place (a Map's `set`): still first in order.
    [START + 4 * MIN, trade('T1', 'sell', 'FILLED', '101300')],
  ]);
  const ledger = buildLedger(s, events, 'faulted');

  it('trades: every field as recorded, in first-recorded order, a repeated id replacing its row', () => {
    expect(ledger.trades.size).toBe(2);
    expect(ledger.tradeRecords).toBe(3);
    const rows = [...ledger.trades.values()].map((t) => ({
      type: t.type, id: t.id, t: t.t - START, instrument: t.instrument, quote: t.quote, outcome: t.outcome, side: t.side, clientId: t.clientId, tier: t.tier,
      priceUsedTs: t.priceUsedTs === undefined ? undefined : t.priceUsedTs - START, filled: t.filled, qty: plain(t.qty), n: plain(t.n), price: plain(t.price), mid: plain(t.mid), fee: plain(t.fee),
    }));
    expect(rows).toEqual([
      { type: 'trade', id: 'T1', t: 4 * MIN, instrument: 'BTC-AUD', quote: 'AUD', outcome: 'FILLED', side: 'sell', clientId: 'C-T1', tier: 'pro', priceUsedTs: 5, filled: true, qty: '0.0618', n: '0.0618', price: '101300', mid: '101400', fee: '37.41' },
      { type: 'trade', id: 'T2', t: MIN, instrument: 'BTC-AUD', quote: 'AUD', outcome: 'REJECTED', side: 'sell', clientId: 'C-T2', tier: 'pro', priceUsedTs: undefined, filled: false, qty: '0.0618', n: '0', price: '0', mid: '101400', fee: '0' },
    ]);
    expect(ledger.trades.get('T2')?.outcome).toBe('REJECTED');
    expect(ledger.trades.get('T9')).toBeUndefined();
  });

  it('a client buy is a firm sell: n is the negated quantity', () => {
    const buy = buildLedger(s, journal('faulted', [[START, trade('B1', 'buy', 'FILLED', '101450.5')]]), 'faulted');
    expect(plain(buy.trades.get('B1')!.n)).toBe('-0.0618');
  });

  it('payments and executions: every field as recorded', () => {
    const p = ledger.paymentEvents.get('P1')!;
    expect([p.type, p.paymentId, p.customerId, p.amount, p.ccy, p.international, p.outcome, p.unsafeRetries, p.t - START]).toEqual(['payment', 'P1', 'cus_1', '40.68', 'AUD', true, 'UNKNOWN', 1, 2 * MIN]);
    const [x] = [...ledger.executionEvents];
    expect([x!.type, x!.provider, x!.op, x!.reference, x!.occurrence, x!.ccy, x!.feeCcy, plain(x!.amount), plain(x!.fee), x!.t - START]).toEqual(['execution', 'gw', 'create_payment', 'P1', 2, 'AUD', 'AUD', '40.68', '0.99', 3 * MIN]);
    expect(ledger.payments.map((c) => c.reference)).toEqual(['P1']);
  });
});
