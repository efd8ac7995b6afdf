/**
 * Property: for any pair of journals (client fills and rejections, hedge and duplicate order
 * executions, charges and duplicate charges, closing mids, opening inventory), the attribution
 * components sum to faulted − baseline and UNATTRIBUTED is 0.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RunEventBody, RunVariant } from '../../../src/engine/events.js';
import { attributePnl } from '../../../src/finance/evaluate/attribution.js';
import { buildLedger } from '../../../src/finance/evaluate/ledger.js';
import { dec, ZERO } from '../../../src/finance/decimal.js';
import { buildFxTable } from '../../../src/finance/fx.js';
import { journal, makeScenario, MIN, START } from './helpers.js';

const price = fc.integer({ min: 9_000_000, max: 11_000_000 }).map((c) => (c / 100).toFixed(2)); // 90,000.00–110,000.00
const qty = fc.integer({ min: 1, max: 500_000 }).map((s) => (s / 100_000).toFixed(5));
const money = fc.integer({ min: 1, max: 500_000 }).map((c) => (c / 100).toFixed(2));
const outcome = fc.constantFrom<'absent' | 'FILLED' | 'REJECTED'>('absent', 'FILLED', 'REJECTED');

const tradeArb = fc.record({ side: fc.constantFrom<'buy' | 'sell'>('buy', 'sell'), qty, mid: price, pf: price, pb: price, of: outcome, ob: outcome, fee: money });
const orderArb = fc.record({ side: fc.constantFrom<'buy' | 'sell'>('buy', 'sell'), qty, mid: price, px: price, fee: money, run: fc.constantFrom<RunVariant>('faulted', 'baseline'), dup: fc.boolean(), unwind: fc.boolean() });
const chargeArb = fc.record({ amount: money, fee: money, inF: fc.boolean(), inB: fc.boolean(), dupF: fc.nat({ max: 2 }), dupB: fc.nat({ max: 1 }), provider: fc.constantFrom('gw', 'gw2') });

const scenarioPlain = makeScenario();
const scenarioHedged = makeScenario('hedging:\n  instrument: BTC-AUD\n  threshold: "1"\n  limit: 1m AUD\n  initial_position: "-1.25"\n');

describe('attribution identity over generated journals', () => {
  it.each([['no opening inventory', scenarioPlain], ['opening inventory', scenarioHedged]])('%s: Σ components = faulted − baseline; UNATTRIBUTED = 0', (_n, scenario) => {
    fc.assert(
      fc.property(fc.array(tradeArb, { maxLength: 12 }), fc.array(orderArb, { maxLength: 8 }), fc.array(chargeArb, { maxLength: 8 }), price, price, (trades, orders, charges, closeF, closeB) => {
        const bodies: Record<RunVariant, (readonly [number, RunEventBody])[]> = { faulted: [], baseline: [] };
        trades.forEach((t, i) => {
          for (const [run, o, p] of [['faulted', t.of, t.pf], ['baseline', t.ob, t.pb]] as const) {
            if (o === 'absent') continue;
            bodies[run].push([START + i * MIN, {
              type: 'trade', tradeId: `T${i}`, clientId: `C${i % 3}`, tier: 'r', instrument: 'BTC-AUD', side: t.side, qty: t.qty, outcome: o, refMid: t.mid, feeCcy: 'AUD',
              ...(o === 'FILLED' ? { priceExec: p, fee: t.fee } : {}),
            }]);
          }
        });
        orders.forEach((o, i) => {
          bodies[o.run].push([START + i * MIN + 1, {
            type: 'execution', provider: 'lp', op: 'place_order', reference: `H${i}`, occurrence: o.dup ? 2 : 1, instrument: 'BTC-AUD', side: o.side, qty: o.qty, price: o.px, refMid: o.mid,
            ccy: 'AUD', fee: o.fee, feeCcy: 'AUD', purpose: o.unwind ? 'unwind' : 'hedge',
          }]);
        });
        charges.forEach((c, i) => {
          for (const [run, present, dups] of [['faulted', c.inF, c.dupF], ['baseline', c.inB, c.dupB]] as const) {
            if (!present) continue;
            for (let k = 1; k <= 1 + dups; k++) bodies[run].push([START + i * MIN + 2, { type: 'execution', provider: c.provider, op: 'create_payment', reference: `P${i}`, occurrence: k, amount: c.amount, ccy: 'AUD', fee: c.fee, feeCcy: 'AUD' }]);
          }
        });
        bodies.faulted.push([START + 60 * MIN, { type: 'run.finished', closingMids: { 'BTC-AUD': closeF }, positions: {}, incomplete: false }]);
        bodies.baseline.push([START + 60 * MIN, { type: 'run.finished', closingMids: { 'BTC-AUD': closeB }, positions: {}, incomplete: false }]);
        const events = [...journal('faulted', bodies.faulted), ...journal('baseline', bodies.baseline)];
        const a = attributePnl({
          scenario, fx: buildFxTable([]),
          faulted: buildLedger(scenario, events, 'faulted'), baseline: buildLedger(scenario, events, 'baseline'),
          slaFaulted: { receivable: ZERO, payable: ZERO }, slaBaseline: { receivable: ZERO, payable: ZERO },
        });
        const sum = a.lines.reduce((s, l) => s.plus(l.impactReporting), ZERO);
        expect(sum.minus(a.incidentTotal).abs().lte(dec('1e-30'))).toBe(true);
        expect(a.unattributed.abs().lte(dec('1e-30'))).toBe(true);
        expect(a.componentSum.minus(a.incidentTotal).abs().lte(dec('1e-30'))).toBe(true);
      }),
      { numRuns: 150, seed: 20250101 },
    );
  });
});

describe('the report does not mislead', () => {
  const sla = { receivable: ZERO, payable: ZERO };
  const fill = (id: string, t: number, mid: string, price: string): readonly [number, RunEventBody] => [t, {
    type: 'trade', tradeId: id, clientId: 'C', tier: 'r', instrument: 'BTC-AUD', side: 'buy', qty: '1', outcome: 'FILLED', priceExec: price, refMid: mid, fee: '6.00', feeCcy: 'AUD',
  }];
  const finished = (mid: string): readonly [number, RunEventBody] => [START + 60 * MIN, { type: 'run.finished', closingMids: { 'BTC-AUD': mid }, positions: {}, incomplete: false }];

  it('no HEDGE_DRIFT line where nothing is hedged: the common fills\' inventory is INVENTORY_MTM, holding it in both replays', () => {
    const events = [
      ...journal('faulted', [fill('T1', START, '100000', '100500'), finished('101000')]),
      ...journal('baseline', [fill('T1', START, '100000', '100500'), finished('101000')]),
    ];
    const a = attributePnl({ scenario: scenarioPlain, fx: buildFxTable([]), faulted: buildLedger(scenarioPlain, events, 'faulted'), baseline: buildLedger(scenarioPlain, events, 'baseline'), slaFaulted: sla, slaBaseline: sla });
    expect(a.lines.map((l) => l.component)).not.toContain('HEDGE_DRIFT');
    const inv = a.lines.find((l) => l.component === 'INVENTORY_MTM')!;
    // The firm sold 1 BTC at mid 100,000; marked at the close 101,000: n × (M_end − M) = −1 × 1,000.
    expect([inv.baseline.toFixed(), inv.faulted.toFixed(), inv.impactReporting.toFixed()]).toEqual(['-1000', '-1000', '0']);
    expect(inv.valuesHold).toMatch(/every client fill/);
    // STALE_SLIPPAGE holds the markup earned on common fills: n × (M − P) = −1 × (100,000 − 100,500) = 500 in each.
    const stale = a.lines.find((l) => l.component === 'STALE_SLIPPAGE')!;
    expect([stale.baseline.toFixed(), stale.faulted.toFixed()]).toEqual(['500', '500']);
    expect(stale.valuesHold).toMatch(/markup/);
  });

  it('the baseline\'s payment margin: take rate × amount − processor fee over its first charges', () => {
    const charge = (ref: string, amount: string, fee: string, occurrence = 1): readonly [number, RunEventBody] => [START, { type: 'execution', provider: 'gw', op: 'create_payment', reference: ref, occurrence, amount, ccy: 'AUD', fee, feeCcy: 'AUD' }];
    // Take rate 250 bps (the default). By hand: 10.00 × 2.5% − 0.47 = −0.22; 100.00 × 2.5% − 2.00 = +0.50;
    // the duplicate of P1 is not a first charge. Σ = 0.28, one charge below its fee.
    const events = [...journal('faulted', [finished('100000')]), ...journal('baseline', [charge('P1', '10.00', '0.47'), charge('P1', '10.00', '0.47', 2), charge('P2', '100.00', '2.00'), finished('100000')])];
    const a = attributePnl({ scenario: scenarioPlain, fx: buildFxTable([]), faulted: buildLedger(scenarioPlain, events, 'faulted'), baseline: buildLedger(scenarioPlain, events, 'baseline'), slaFaulted: sla, slaBaseline: sla });
    expect([a.paymentMarginBaseline.toFixed(), a.negativeMarginCharges]).toEqual(['0.28', 1]);
  });
});
