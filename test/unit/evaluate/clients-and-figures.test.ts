import { describe, expect, it } from 'vitest';
import type { RunEventBody } from '../../../src/engine/events.js';
import { collectAffectedClients, computeClients, rankClients, type ClientImpact } from '../../../src/finance/evaluate/clients-report.js';
import { computeHedgeFigures, computeStaleFillFigures, isDelayedHedge } from '../../../src/finance/evaluate/item-figures.js';
import { buildLedger } from '../../../src/finance/evaluate/ledger.js';
import { computeGbmClosedFormVar } from '../../../src/finance/evaluate/var-report.js';
import { dec, fixed, ZERO } from '../../../src/finance/decimal.js';
import { buildFxTable } from '../../../src/finance/fx.js';
import { journal, makeScenario, MIN, START } from './helpers.js';

const fx = buildFxTable([]);

function client(id: string, money: string, items: number): ClientImpact {
  return { clientId: id, kind: 'client', tier: '', rejectedTrades: items, staleFills: 0, failedPayments: 0, unknownPayments: 0, duplicateCharges: 0, affectedItems: items, moneyAtStake: dec(money), firstAffected: 0, lastAffected: 0 };
}

describe('clients ranking', () => {
  it.each([
    ['money first', [client('a', '10', 5), client('b', '20', 1)], ['b', 'a']],
    ['then count', [client('a', '10', 1), client('b', '10', 3)], ['b', 'a']],
    ['then id', [client('b', '10', 1), client('a', '10', 1)], ['a', 'b']],
    ['decimal, not string, comparison', [client('a', '9.99', 1), client('b', '10.00', 1), client('c', '100', 1)], ['c', 'b', 'a']],
  ])('%s', (_name, rows, order) => {
    expect(rankClients(rows).map((c) => c.clientId)).toEqual(order);
  });
});

describe('clients from a hand-made journal', () => {
  const s = makeScenario('business:\n  support_contact_rate: 0.5\n');
  const trade = (id: string, clientId: string, outcome: 'FILLED' | 'REJECTED', priceUsedTs?: number): RunEventBody => ({
    type: 'trade', tradeId: id, clientId, tier: 'retail', instrument: 'BTC-AUD', side: 'buy', qty: '0.5', outcome, refMid: '100000', feeCcy: 'AUD',
    ...(outcome === 'FILLED' ? { priceExec: '100500', priceUsed: '100000', ...(priceUsedTs === undefined ? {} : { priceUsedTs }) } : { reason: 'no price' }),
  });
  const pay = (id: string, customer: string, outcome: 'SUCCEEDED' | 'FAILED' | 'UNKNOWN', amount: string): RunEventBody => ({ type: 'payment', paymentId: id, customerId: customer, amount, ccy: 'AUD', international: false, outcome, feeCcy: 'AUD', retries: 0, unsafeRetries: 0 });
  const charge = (ref: string, occurrence: number, amount: string): RunEventBody => ({ type: 'execution', provider: 'gw', op: 'create_payment', reference: ref, occurrence, amount, ccy: 'AUD', fee: '1.00', feeCcy: 'AUD' });
  const order: RunEventBody = { type: 'order', orderId: 'H1', purpose: 'hedge', provider: 'lp', instrument: 'BTC-AUD', side: 'buy', qty: '1', outcome: 'REJECTED', decidedAt: START, decisionMid: '100000', refMid: '100000', feeCcy: 'AUD', retries: 0, unsafeRetries: 0 };
  const faulted = buildLedger(s, journal('faulted', [
    [START + MIN, trade('T1', 'C1', 'REJECTED')],
    [START + 2 * MIN, trade('T2', 'C2', 'FILLED', START)],
    [START + 3 * MIN, pay('P1', 'K1', 'FAILED', '300.00')],
    [START + 4 * MIN, pay('P2', 'K2', 'UNKNOWN', '20.00')],
    [START + 5 * MIN, charge('P3', 1, '999.00')], [START + 5 * MIN, charge('P3', 2, '999.00')], [START + 5 * MIN, pay('P3', 'K1', 'SUCCEEDED', '999.00')],
    [START + 6 * MIN, order],
  ]), 'faulted');
  const baseline = buildLedger(s, journal('baseline', [[START + MIN, trade('T1', 'C1', 'REJECTED')], [START + 2 * MIN, trade('T2', 'C2', 'FILLED', START + 2 * MIN)]]), 'baseline');
  const rows = collectAffectedClients(s, fx, faulted, new Set(['T2']));

  it('counts every kind of affected item and ranks by money at stake', () => {
    expect(rows.map((r) => [r.clientId, fixed(r.moneyAtStake, 2), r.affectedItems])).toEqual([
      ['C1', '50000.00', 1], // rejected: 0.5 × mid 100,000
      ['C2', '50250.00', 1], // stale fill: 0.5 × exec 100,500
      ['K1', '1299.00', 2], // failed 300 + duplicate 999
      ['K2', '20.00', 1],
    ].sort((a, b) => Number(b[1]) - Number(a[1])));
    const k1 = rows.find((r) => r.clientId === 'K1')!;
    expect([k1.failedPayments, k1.duplicateCharges, k1.unknownPayments]).toEqual([1, 1, 0]);
  });

  it('hedges have no client', () => {
    expect(rows.some((r) => r.clientId === '' || r.clientId === 'H1')).toBe(false);
  });

  it('support tickets faulted vs baseline at the contact rate', () => {
    const c = computeClients(s, fx, faulted, baseline, new Set(['T2']));
    expect([c.affectedFaulted, c.affectedBaseline]).toEqual([4, 1]);
    expect([c.ticketsFaulted.toFixed(), c.ticketsBaseline.toFixed(), c.increasePct?.toFixed()]).toEqual(['2', '0.5', '300']);
  });

  it('stale fill: fresh price from the baseline, §2.2 cost and bps', () => {
    // Baseline filled the same trade at 100,500 too: with the same price the stale cost is 0.
    const sf = computeStaleFillFigures(s, fx, faulted, baseline, new Set(['T2']));
    expect(sf.fills[0]!.freshSource).toBe('baseline');
    expect(sf.staleCost.toFixed()).toBe('0');
  });

  it('stale fill: the §2.2 worked example (3,015.00 AUD, 119.17 bps) when the baseline priced fresh', () => {
    const ex: RunEventBody = { type: 'trade', tradeId: 'X', clientId: 'C', tier: 'r', instrument: 'BTC-AUD', side: 'buy', qty: '2.5', outcome: 'FILLED', priceExec: '100500', priceUsedTs: START, refMid: '101200', feeCcy: 'AUD' };
    const fresh: RunEventBody = { ...ex, priceExec: '101706' } as RunEventBody; // 101,200 × 1.005
    const f = buildLedger(s, journal('faulted', [[START + 5 * MIN, ex]]), 'faulted');
    const b = buildLedger(s, journal('baseline', [[START + 5 * MIN, fresh]]), 'baseline');
    const sf = computeStaleFillFigures(s, fx, f, b, new Set(['X']));
    expect(fixed(sf.staleCost, 2)).toBe('3015.00');
    expect(fixed(sf.staleCostBps, 2)).toBe('119.17');
    expect(fixed(sf.fills[0]!.clientSlippageBps, 2)).toBe('-119.17'); // the client did better than a fresh quote
    expect(sf.pickOffCost.gt(ZERO)).toBe(true);
  });
});

describe('implementation shortfall of hedge episodes (§2.3)', () => {
  const s = makeScenario('hedging:\n  instrument: BTC-AUD\n  threshold: "1"\n  limit: 1m AUD\n  check_interval: 10s\n');
  const order = (id: string, t: number, outcome: 'FILLED' | 'REJECTED', mid: string, qty: string, fill?: string, fee?: string): readonly [number, RunEventBody] => [t, {
    type: 'order', orderId: id, purpose: 'hedge', provider: 'lp', instrument: 'BTC-AUD', side: 'buy', qty, outcome, decidedAt: t, decisionMid: mid, refMid: mid, feeCcy: 'AUD', retries: 0, unsafeRetries: 0,
    ...(fill === undefined ? {} : { fillPrice: fill }), ...(fee === undefined ? {} : { fee }),
  }];
  const ledger = buildLedger(s, journal('faulted', [
    order('H1', START, 'REJECTED', '100000', '2'),
    order('H2', START + 10_000, 'REJECTED', '100300', '2.5'),
    order('H3', START + 20_000, 'FILLED', '100600', '4', '100650', '40.00'),
    order('H4', START + 30_000, 'FILLED', '100700', '1', '100710', '10.00'),
  ]), 'faulted');
  const h = computeHedgeFigures(s, fx, [ledger]);

  it('groups the rejected orders with the fill into one episode', () => {
    expect(h.rows.map((r) => [r.episodeId, r.finalOrderId, r.orders, r.outcome])).toEqual([['H1', 'H3', 3, 'FILLED'], ['H4', 'H4', 1, 'FILLED']]);
  });

  it('decision at the first order, arrival at the fill, Q = the larger of the first order and the fill; costs over the whole filled quantity', () => {
    const e = h.rows[0]!;
    // Q = max(2, 4) = 4, all of it filled: delay (100,600 − 100,000) × 4 = 2,400; execution
    // 4 × (100,650 − 100,600) = 200; opportunity (4 − 4) × … = 0; the fill's whole fee 40; total 2,640.
    expect(fixed(e.intendedQty, 4)).toBe('4.0000');
    expect([e.shortfall.delayCost, e.shortfall.executionCost, e.shortfall.opportunityCost, e.shortfall.fees, e.shortfall.totalCost].map((x) => fixed(x, 2))).toEqual(['2400.00', '200.00', '0.00', '40.00', '2640.00']);
    expect(e.delayMs).toBe(20_000);
    expect(isDelayedHedge(s, e)).toBe(true);
    expect(isDelayedHedge(s, h.rows[1]!)).toBe(false);
  });

  it('an episode that never fills carries opportunity cost at the closing mid', () => {
    const open = buildLedger(s, journal('faulted', [order('H1', START, 'REJECTED', '100000', '2'), [START + 60 * MIN, { type: 'run.finished', closingMids: { 'BTC-AUD': '99000' }, positions: {}, incomplete: false }]]), 'faulted');
    const r = computeHedgeFigures(s, fx, [open]).rows[0]!;
    expect(r.outcome).toBe('UNFILLED');
    expect(fixed(r.shortfall.opportunityCost, 2)).toBe('-2000.00'); // the market fell: not hedging a buy saved money
  });

  it('summary per run', () => {
    // 2,640 (above) + H4: delay 0 (decided and filled at 100,700), execution 1 × 10, fee 10 → 20.
    expect([h.faulted.episodes, h.faulted.delayed, fixed(h.faulted.total, 2)]).toEqual([2, 1, '2660.00']);
  });
});

describe('GBM closed form (exact log-normal quantile)', () => {
  it('is close to the delta-normal figure for a short horizon and above it for a short position', () => {
    const v = computeGbmClosedFormVar(dec('689520'), true, 0.55, 42 * 60, '0.99');
    const deltaNormal = dec('2.3263478740408408').times(0.55).times(dec(String(42 * 60)).div(365 * 86_400).sqrt()).times('689520');
    expect(v.gt(deltaNormal)).toBe(true);
    expect(v.minus(deltaNormal).div(deltaNormal).lt('0.01')).toBe(true);
    const long = computeGbmClosedFormVar(dec('689520'), false, 0.55, 42 * 60, '0.99');
    expect(long.lt(deltaNormal)).toBe(true);
  });
});

describe('§3.2 split of the catch-up hedge: the §3.3 worked example through the ledger', () => {
  // finance-reference.md §3.3: client flow while the LP is down, then one catch-up buy of 6.8 BTC
  // at 101,900 when the mid at the hedge is 101,800. By hand:
  //   slippage = 1.2×1,900 + 2.0×1,600 − 0.5×1,300 + 3.1×900 + 1.0×500 = 8,120
  //   drift    = Σ q_i (101,800 − M_i) = 1.2×1,800 + 2.0×1,500 − 0.5×1,200 + 3.1×800 + 1.0×400 = 7,440
  //   execution = 6.8 × (101,900 − 101,800) = 680
  const s = makeScenario('hedging:\n  instrument: BTC-AUD\n  threshold: "1"\n  limit: 1m AUD\n  check_interval: 1m\n');
  const flow = [[5, 'buy', '1.2', '100000'], [12, 'buy', '2.0', '100300'], [20, 'sell', '0.5', '100600'], [28, 'buy', '3.1', '101000'], [35, 'buy', '1.0', '101400']] as const;
  const trade = ([m, side, qty, mid]: (typeof flow)[number], i: number): readonly [number, RunEventBody] => [START + m * MIN, {
    type: 'trade', tradeId: `T${i}`, clientId: 'c', tier: 'retail', instrument: 'BTC-AUD', side, qty, outcome: 'FILLED', priceExec: mid, refMid: mid, fee: '0', feeCcy: 'AUD',
  }];
  const hedge = (id: string, m: number, outcome: 'FILLED' | 'REJECTED', qty: string, fill?: string): readonly [number, RunEventBody] => [START + m * MIN, {
    type: 'order', orderId: id, purpose: 'hedge', provider: 'lp', instrument: 'BTC-AUD', side: 'buy', qty, outcome, decidedAt: START + m * MIN, decisionMid: '100000', refMid: '101800',
    feeCcy: 'AUD', retries: 0, unsafeRetries: 0, ...(fill === undefined ? {} : { fillPrice: fill, fee: '0' }),
  }];
  const ledger = buildLedger(s, journal('faulted', [
    ...flow.map(trade),
    hedge('H1', 13, 'REJECTED', '3.2'),
    [START + 42 * MIN + 10, { type: 'execution', provider: 'lp', op: 'place_order', reference: 'H9', occurrence: 1, clientOrderId: 'H9', instrument: 'BTC-AUD', side: 'buy', qty: '6.8', price: '101900', refMid: '101800', ccy: 'AUD', fee: '0', feeCcy: 'AUD', purpose: 'hedge' }],
    hedge('H9', 42, 'FILLED', '6.8', '101900'),
  ]), 'faulted');
  const h = computeHedgeFigures(s, fx, [ledger]);

  it('one catch-up episode covering the five fills up to its decision', () => {
    expect(h.rows).toHaveLength(1);
    const c = h.rows[0]!.cover!;
    expect([c.fills, c.qty.toFixed(), c.hedgeMid.toFixed(), c.from, c.to]).toEqual([5, '6.8', '101800', undefined, START + 42 * MIN]);
    expect([c.slippage.cost, c.slippage.driftCost, c.slippage.executionCost].map((x) => fixed(x, 2))).toEqual(['8120.00', '7440.00', '680.00']);
    expect([h.faulted.catchUp.episodes, ...[h.faulted.catchUp.slippageCost, h.faulted.catchUp.driftCost, h.faulted.catchUp.executionCost].map((x) => fixed(x, 2))]).toEqual([1, '8120.00', '7440.00', '680.00']);
  });

  it('a fill while the hedge is in flight (after its decision) is left for the next hedge', () => {
    const late = buildLedger(s, journal('faulted', [
      ...flow.map(trade),
      hedge('H1', 13, 'REJECTED', '3.2'),
      [START + 42 * MIN + 5, { type: 'trade', tradeId: 'T9', clientId: 'c', tier: 'retail', instrument: 'BTC-AUD', side: 'buy', qty: '0.7', outcome: 'FILLED', priceExec: '101800', refMid: '101800', fee: '0', feeCcy: 'AUD' }],
      hedge('H9', 42, 'FILLED', '6.8', '101900'),
    ]), 'faulted');
    const c = computeHedgeFigures(s, fx, [late]).rows[0]!.cover!;
    expect([c.fills, c.qty.toFixed(), fixed(c.slippage.cost, 2)]).toEqual([5, '6.8', '8120.00']);
  });
});
