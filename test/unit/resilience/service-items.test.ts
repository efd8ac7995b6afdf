/**
 * Ground truth per transaction from a hand-made journal: the firm's record read against the
 * providers' executions (lost, unknown, duplicated), the customer's wait from `arrivedAt`, and the
 * value at stake in the reporting currency.
 */
import { describe, expect, it } from 'vitest';
import type { RunEventBody } from '../../../src/engine/events.js';
import { buildLedger } from '../../../src/finance/evaluate/ledger.js';
import { collectServiceItems } from '../../../src/finance/evaluate/service-items.js';
import { buildFxTable } from '../../../src/finance/fx.js';
import { journal, makeScenario, MIN, START } from '../evaluate/helpers.js';

const fx = buildFxTable([{ pair: 'AUDUSD', rate: '0.6500', source: 'test', ts: START }]);
const s = makeScenario('  payments:\n    rate_per_minute: 1\n    amount: { median: "100.00" }\nhedging:\n  instrument: BTC-AUD\n  threshold: "1"\n  limit: 1m AUD\n');

const pay = (id: string, outcome: 'SUCCEEDED' | 'FAILED' | 'UNKNOWN', arrivedAt: number, amount = '130.00', ccy = 'AUD'): RunEventBody => ({
  type: 'payment', paymentId: id, customerId: `K-${id}`, amount, ccy, international: false, outcome, feeCcy: ccy, retries: 0, unsafeRetries: 0, arrivedAt,
});
const charge = (ref: string, occurrence: number, amount = '130.00', ccy = 'AUD'): RunEventBody => ({ type: 'execution', provider: 'gw', op: 'create_payment', reference: ref, occurrence, amount, ccy, fee: '1.00', feeCcy: ccy });
const order = (id: string, outcome: 'FILLED' | 'REJECTED' | 'UNKNOWN', decidedAt: number): RunEventBody => ({
  type: 'order', orderId: id, purpose: 'hedge', provider: 'lp', instrument: 'BTC-AUD', side: 'buy', qty: '0.5', outcome, decidedAt, decisionMid: '100000', refMid: '100000', feeCcy: 'AUD', retries: 0, unsafeRetries: 0,
});
const fill = (ref: string, occurrence: number): RunEventBody => ({ type: 'execution', provider: 'lp', op: 'place_order', reference: ref, occurrence, instrument: 'BTC-AUD', side: 'buy', qty: '0.5', price: '100000', refMid: '100000', ccy: 'AUD', fee: '5', feeCcy: 'AUD' });
const trade = (id: string, outcome: 'FILLED' | 'REJECTED'): RunEventBody => ({ type: 'trade', tradeId: id, clientId: 'C1', tier: 'retail', instrument: 'BTC-AUD', side: 'buy', qty: '0.2', outcome, refMid: '100000', feeCcy: 'AUD', ...(outcome === 'FILLED' ? { priceExec: '100500', priceUsed: '100000' } : {}) });

const ledger = buildLedger(s, journal('faulted', [
  [START + MIN, trade('T1', 'FILLED')],
  [START + MIN + 1, trade('T2', 'REJECTED')],
  [START + MIN + 2, trade('T3', 'FILLED')],
  [START + 2 * MIN + 4000, charge('P1', 1)], [START + 2 * MIN + 4000, pay('P1', 'SUCCEEDED', START + 2 * MIN)],
  [START + 3 * MIN + 9000, charge('P2', 1)], [START + 3 * MIN + 9000, pay('P2', 'FAILED', START + 3 * MIN)],
  [START + 4 * MIN, pay('P3', 'FAILED', START + 4 * MIN - 500)],
  [START + 5 * MIN, pay('P4', 'UNKNOWN', START + 5 * MIN - 3000, '100.00', 'USD')],
  [START + 6 * MIN, charge('P5', 1)], [START + 6 * MIN + 5, charge('P5', 2)], [START + 6 * MIN + 9, pay('P5', 'SUCCEEDED', START + 6 * MIN - 10)],
  [START + 7 * MIN, fill('H1', 1)], [START + 7 * MIN, order('H1', 'FILLED', START + 7 * MIN - 200)],
  [START + 8 * MIN, fill('H2', 1)], [START + 8 * MIN, order('H2', 'REJECTED', START + 8 * MIN - 200)],
  [START + 9 * MIN, order('H3', 'UNKNOWN', START + 9 * MIN - 7000)],
]), 'faulted');
const items = collectServiceItems(s, fx, ledger, new Set(['T3']));
const byId = new Map(items.map((i) => [i.id, i]));

describe('outcomes against the providers\' records', () => {
  it.each([
    ['T1', 'served'], ['T2', 'rejected'], ['T3', 'stale'],
    ['P1', 'served'], ['P2', 'lost'], ['P3', 'failed'], ['P4', 'unknown'], ['P5', 'duplicated'],
    ['H1', 'served'], ['H2', 'lost'], ['H3', 'unknown'],
  ])('%s → %s', (id, outcome) => {
    expect(byId.get(id)?.outcome).toBe(outcome);
  });
});

describe('times and values', () => {
  it('a payment waits from its arrival to its answer; a hedge from its decision', () => {
    expect([byId.get('P1')!.answeredAt - byId.get('P1')!.arrivedAt, byId.get('P2')!.answeredAt - byId.get('P2')!.arrivedAt, byId.get('H3')!.answeredAt - byId.get('H3')!.arrivedAt]).toEqual([4000, 9000, 7000]);
  });
  it('a journal without arrivedAt reads the answer time as the arrival', () => {
    const old = buildLedger(s, journal('faulted', [[START + MIN, { ...pay('P9', 'SUCCEEDED', 0), arrivedAt: undefined } as RunEventBody]]), 'faulted');
    const p = collectServiceItems(s, fx, old, new Set())[0]!;
    expect(p.arrivedAt).toBe(p.answeredAt);
  });
  it('values in AUD: a USD payment of 100.00 at AUDUSD 0.6500 is 100 / 0.65; a duplicate is its extra charge; a stale fill its executed notional', () => {
    // 100 / 0.65 = 153.846153…; 0.2 × 100,500 = 20,100; 0.2 × mid 100,000 = 20,000 for the rejected trade.
    expect(byId.get('P4')!.value.toFixed(6)).toBe('153.846154');
    expect(byId.get('P5')!.value.toFixed(2)).toBe('130.00');
    expect(byId.get('T3')!.value.toFixed(2)).toBe('20100.00');
    expect(byId.get('T2')!.value.toFixed(2)).toBe('20000.00');
  });
  it('hedges have no customer; flow by flow, trades first', () => {
    expect(byId.get('H1')!.customer).toBeUndefined();
    expect(items.map((i) => i.id)).toEqual(['T1', 'T2', 'T3', 'P1', 'P2', 'P3', 'P4', 'P5', 'H1', 'H2', 'H3']);
  });
  it('only the flows asked for', () => {
    expect(new Set(collectServiceItems(s, fx, ledger, new Set(), new Set(['hedges'])).map((i) => i.flow))).toEqual(new Set(['hedges']));
  });
});
