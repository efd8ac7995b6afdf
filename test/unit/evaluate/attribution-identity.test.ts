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
