import { describe, expect, it } from 'vitest';
import type { RunEventBody } from '../../../src/engine/events.js';
import { dec, plain, ZERO } from '../../../src/finance/decimal.js';
import fc from 'fast-check';
import { decimalText } from '../../helpers/decimal-text.js';
import { DecimalColumn, IntColumn, KeyedRows, StringPool, TimeColumn } from '../../../src/finance/evaluate/ledger-columns.js';
import { buildLedger } from '../../../src/finance/evaluate/ledger.js';
import { buildLedgerPositions } from '../../../src/finance/evaluate/ledger-positions.js';
import { computeExposure } from '../../../src/finance/evaluate/exposure-report.js';
import { buildFxTable } from '../../../src/finance/fx.js';
import { ShortDec } from '../../../src/finance/short-dec.js';
import { journal, makeScenario, MIN, START } from './helpers.js';

const ZERO_FALLBACK = dec('99');
const SHORT_FALLBACK = ShortDec.parse('99');

describe('ledger columns', () => {
  it('a number column grows past its first block and keeps every value', () => {
    const c = new IntColumn();
    for (let i = 0; i < 5000; i++) c.set(i, i * 3 - 7);
    expect([c.get(0), c.get(1023), c.get(1024), c.get(4999)]).toEqual([-7, 3062, 3065, 14990]);
  });

  it('a decimal column gives back every recorded text, value and equality exactly (kept short or as text)', () => {
    const text = fc.oneof(
      decimalText(8, 6),
      decimalText(20, 10),
      fc.constantFrom('0', '-0', '0.000', '-0.0', '007', '-00.5', '0.5', '00', '1e-7', '.5', '5.', '+7', '9007199254740991', '101400.00'),
      fc.constant(undefined),
    );
    fc.assert(fc.property(fc.array(text, { minLength: 1, maxLength: 1500 }), (texts) => {
      const a = new DecimalColumn();
      const b = new DecimalColumn();
      texts.forEach((t, i) => a.set(i, t));
      // b records the same texts in reverse order, then overwrites its first row (a re-recorded id).
      texts.forEach((t, i) => b.set(texts.length - 1 - i, t));
      b.set(0, texts.at(-1));
      texts.forEach((t, i) => {
        expect(a.text(i)).toBe(t);
        expect(a.dec(i, ZERO_FALLBACK).toFixed()).toBe(t === undefined ? '99' : dec(t).toFixed());
        expect(a.short(i, SHORT_FALLBACK).toDec().toFixed()).toBe(t === undefined ? '99' : dec(t).toFixed());
        const j = texts.length - 1 - i;
        expect(a.sameText(i, b, j)).toBe(true);
        expect(a.sameText(i, b, 0)).toBe(t === texts.at(-1));
      });
    }), { numRuns: 300 });
  });

  it('a time column grows past its first block, absent instants included', () => {
    const c = new TimeColumn();
    for (let i = 0; i < 3000; i++) c.set(i, i % 7 === 0 ? undefined : START + i);
    expect([c.get(0), c.get(1), c.get(1024), c.at(2999)]).toEqual([undefined, START + 1, START + 1024, START + 2999]);
  });

  it('keyed rows: workload ids and any other id keep first-recorded rows, as a Map would', () => {
    const rows = new KeyedRows();
    const ids = ['T000002', 'T000001', 'P000001', 'T2', 'custom-id', 'T000002', 'T0000001', 'P000001', ''];
    const expected = new Map<string, number>();
    for (const id of ids) {
      if (!expected.has(id)) expected.set(id, expected.size);
      expect(rows.rowFor(id), id).toBe(expected.get(id));
    }
    expect(rows.size).toBe(expected.size);
    for (const [id, row] of expected) {
      expect(rows.find(id)).toBe(row);
      expect(rows.id(row)).toBe(id);
    }
    expect(rows.find('T000003')).toBeUndefined();
    expect(rows.find('nope')).toBeUndefined();
  });

  it('a decimal column gives back the exact value recorded, and the fallback when absent', () => {
    const c = new DecimalColumn();
    const texts = ['0.1', '101400.00', '-0', '1e-7', '12345678901234567890.123456789', undefined];
    texts.forEach((t, i) => c.set(i, t));
    expect(texts.map((_, i) => c.text(i))).toEqual(texts);
    expect(texts.map((_, i) => plain(c.dec(i, dec('42'))))).toEqual(['0.1', '101400', '0', '0.0000001', '12345678901234567890.123456789', '42']);
    expect(c.dec(2, ZERO).isNegative()).toBe(true);
  });

  it('a decimal column read as ShortDec gives the Dec `dec` gives (parsed once, again after a row is set)', () => {
    const c = new DecimalColumn();
    const texts = ['0.1', '101400.00', '-0', '1e-7', '12345678901234567890.123456789', undefined, '-0.0618', '999999999999999', '.5'];
    texts.forEach((t, i) => c.set(i, t));
    const read = (): [string, boolean][] => texts.map((_, i) => c.short(i, ShortDec.parse('42')).toDec()).map((d) => [d.toFixed(), d.isNegative()]);
    const want = texts.map((_, i) => c.dec(i, dec('42'))).map((d): [string, boolean] => [d.toFixed(), d.isNegative()]);
    expect(read()).toEqual(want);
    c.set(1, '7.25');
    c.set(9, '-3');
    texts[1] = '7.25';
    texts[9] = '-3';
    expect(read()).toEqual(texts.map((_, i) => c.dec(i, dec('42'))).map((d) => [d.toFixed(), d.isNegative()]));
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

  it("peerOf finds another replay's record of a trade, at the same row or elsewhere", () => {
    const other = buildLedger(s, journal('baseline', [[START, trade('T2', 'sell', 'FILLED', '101000')], [START + MIN, trade('T3', 'buy', 'FILLED', '101000')]]), 'baseline');
    const [t1, t2] = [...ledger.trades.values()];
    expect(other.trades.peerOf(t1!)).toBeUndefined();
    // T2 is row 1 here and row 0 there: found by id, not by row.
    expect([other.trades.peerOf(t2!)?.id, other.trades.peerOf(t2!)?.row, plain(other.trades.peerOf(t2!)!.price)]).toEqual(['T2', 0, '101000']);
    const [o2] = [...other.trades.values()];
    expect([ledger.trades.peerOf(o2!)?.id, ledger.trades.peerOf(o2!)?.outcome]).toEqual(['T2', 'REJECTED']);
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

describe('ledger passes that merge by time', () => {
  const s = makeScenario(`hedging:\n  instrument: BTC-AUD\n  threshold: "1"\n  limit: 1m AUD\n`);
  const fill = (id: string, side: 'buy' | 'sell', qty: string, price: string): RunEventBody => ({
    type: 'trade', tradeId: id, clientId: 'C1', tier: 'retail', instrument: 'BTC-AUD', side, qty, outcome: 'FILLED', priceExec: price, refMid: price, feeCcy: 'AUD', fee: '1.00',
  });
  const hedge = (ref: string, side: 'buy' | 'sell', qty: string, price: string): RunEventBody => ({
    type: 'execution', provider: 'lp', op: 'place_order', reference: ref, occurrence: 1, instrument: 'BTC-AUD', side, qty, price, refMid: price, ccy: 'AUD', fee: '0.50', feeCcy: 'AUD', purpose: 'hedge',
  });
  // Client buys (the firm sells) at 100k and 102k, a hedge buy at 101k between them, a client sell at 99k.
  const inOrder: (readonly [number, RunEventBody])[] = [
    [START + MIN, fill('T1', 'buy', '1', '100000')],
    [START + 2 * MIN, hedge('H1', 'buy', '1', '101000')],
    [START + 3 * MIN, fill('T2', 'buy', '1', '102000')],
    [START + 4 * MIN, fill('T3', 'sell', '0.5', '99000')],
  ];
  // The same records, recorded out of time order (the engine never does; a hand-built ledger might).
  const shuffled = [inOrder[3]!, inOrder[1]!, inOrder[0]!, inOrder[2]!];
  const positionsOf = (items: (readonly [number, RunEventBody])[]): string[] =>
    buildLedgerPositions(s, buildLedger(s, journal('faulted', items), 'faulted')).flatMap((p) =>
      [...p.position.snapshots, ...(p.position.current === null ? [] : [p.position.current])].map((c) => `${p.symbol} ${c.entry} net ${plain(c.netQty)} realized ${plain(c.realizedPnl)}`));
  const exposureOf = (items: (readonly [number, RunEventBody])[]): string[] =>
    computeExposure(s, buildLedger(s, journal('faulted', items), 'faulted'), buildFxTable([]))!.metrics.rows.map((r) => `${(r.ts - START) / MIN} ${plain(r.qty)}`);

  it('positions fold fills in time order whatever order they were recorded in', () => {
    // Short 1 @ 100k, bought back @ 101k with a 0.50 fee: −1000.50; short 1 @ 102k, half bought back @ 99k: +1500.
    expect(positionsOf(inOrder)).toEqual(['BTC-AUD SHORT net 0 realized -1000.5', 'BTC-AUD SHORT net -0.5 realized 1500']);
    expect(positionsOf(shuffled)).toEqual(positionsOf(inOrder));
  });

  it('the exposure path steps in time order whatever order the fills were recorded in', () => {
    // A row per step, then the state at the drill's end (1h).
    expect(exposureOf(inOrder)).toEqual(['0 0', '1 -1', '2 0', '3 -1', '4 -0.5', '60 -0.5']);
    expect(exposureOf(shuffled)).toEqual(exposureOf(inOrder));
  });
});
