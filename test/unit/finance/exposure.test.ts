import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Dec, ZERO, fixed, plain } from '../../../src/finance/decimal.js';
import { buildExposurePath, computeHedgeSlippage, measureExposure, type ExposureFlow, type MidObservation } from '../../../src/finance/exposure.js';

const T0 = Date.parse('2025-04-05T00:00:00.000Z');
const min = (m: number) => T0 + m * 60_000;

// finance-reference.md §3.3: the 42-minute LP outage.
const table = [
  { t: 5, qty: '1.2', mid: '100000' },
  { t: 12, qty: '2.0', mid: '100300' },
  { t: 20, qty: '-0.5', mid: '100600' },
  { t: 28, qty: '3.1', mid: '101000' },
  { t: 35, qty: '1.0', mid: '101400' },
];
const flows: ExposureFlow[] = [...table.map((r) => ({ ts: min(r.t), kind: 'client' as const, qty: r.qty })), { ts: min(42), kind: 'hedge', qty: '6.8' }];
const mids: MidObservation[] = [...table.map((r) => ({ ts: min(r.t), mid: r.mid })), { ts: min(42), mid: '101800' }];

describe('§3.3 worked example: 42-minute LP outage (finance-reference.md §3.1–§3.3)', () => {
  const path = buildExposurePath({ start: min(0), end: min(42), flows, mids });
  const m = measureExposure(path, { kind: 'qty', value: '5' });

  it('N(t) after each fill', () => {
    expect(path.segments.map((s) => plain(s.qty))).toEqual(['0', '-1.2', '-3.2', '-2.7', '-5.8', '-6.8']);
    expect(plain(path.points.at(-1)!.qty)).toBe('0');
  });

  it('peak |N| 6.8 BTC and peak notional AUD 689,520.00', () => {
    expect(plain(m.peakAbsQty)).toBe('6.8');
    expect(fixed(m.peakAbsNotional, 2)).toBe('689520.00');
    expect(m.peakAbsNotionalAt).toBe(min(35));
  });

  it('exposure time 143.8 BTC·min; time-weighted |N| 3.4238 BTC over 42 min', () => {
    expect(plain(m.exposureTimeUnitMinutes)).toBe('143.8');
    expect(plain(m.windowMinutes)).toBe('42');
    expect(fixed(m.timeWeightedAbsQty, 4)).toBe('3.4238');
  });

  it('5 BTC limit: breached t = 28 → 42, 14 min, 1 episode, max excess 1.8 BTC', () => {
    expect(m.limitBreachSeconds).toBe(14 * 60);
    expect(m.breachEpisodes).toBe(1);
    expect(plain(m.maxExcess)).toBe('1.8');
    expect(m.rows.filter((r) => r.inBreach).map((r) => (r.ts - T0) / 60_000)).toEqual([28, 35]);
    expect(plain(m.rows.at(-1)!.exposureTimeCum)).toBe('143.8');
    expect(m.rows.at(-1)!.cumulativeBreachSeconds).toBe(840);
  });

  it('cumulative columns look backward: each row holds the totals up to its own instant, the last row the state at the end', () => {
    // ∫|N|dt by hand: 1.2 × 7 = 8.4 to t = 12; + 3.2 × 8 = 34.0 to 20; + 2.7 × 8 = 55.6 to 28; + 5.8 × 7 = 96.2 to 35; + 6.8 × 7 = 143.8 to 42.
    expect(m.rows.map((r) => [(r.ts - T0) / 60_000, plain(r.exposureTimeCum), r.cumulativeBreachSeconds])).toEqual([
      [0, '0', 0], [5, '0', 0], [12, '8.4', 0], [20, '34', 0], [28, '55.6', 0], [35, '96.2', 420], [42, '143.8', 840],
    ]);
    // Breach episodes and excess over 5 BTC: 5.8 − 5 = 0.8 from t = 28, 6.8 − 5 = 1.8 from t = 35; flat at the end.
    expect(m.rows.map((r) => [r.breachEpisode, plain(r.excess)])).toEqual([[0, '0'], [0, '0'], [0, '0'], [0, '0'], [1, '0.8'], [1, '1.8'], [0, '0']]);
  });

  it('hedge slippage 8,120 = drift 7,440 + execution 680', () => {
    const h = computeHedgeSlippage({ fills: table.map((r) => ({ qty: r.qty, mid: r.mid })), hedgePx: '101900', hedgeMid: '101800' });
    expect(fixed(h.cost, 2)).toBe('8120.00');
    expect(fixed(h.driftCost, 2)).toBe('7440.00');
    expect(fixed(h.executionCost, 2)).toBe('680.00');
    expect(plain(h.hedgeQty)).toBe('6.8');
  });

  it('unhedged MtM over the outage is −7,440 (the drift, seen as P&L)', () => {
    expect(fixed(m.unhedgedMtmPnl, 2)).toBe('-7440.00');
  });

  it('a notional limit (AUD 500,000) with FX to NZD', () => {
    const nzd = measureExposure(buildExposurePath({ start: min(0), end: min(42), flows, mids, fx: '1.1' }), { kind: 'notional', value: '500000' });
    // |E| = 5.8 × 101,000 × 1.1 = 644,380 from 28, 6.8 × 101,400 × 1.1 = 758,472 from 35
    expect(nzd.limitBreachSeconds).toBe(14 * 60);
    expect(fixed(nzd.maxExcess, 2)).toBe('258472.00');
    expect(fixed(nzd.peakAbsNotional, 2)).toBe('758472.00');
    expect(fixed(nzd.unhedgedMtmPnl, 2)).toBe('-7440.00');
    expect(fixed(nzd.unhedgedMtmPnlReporting, 2)).toBe('-8184.00');
  });

  it('step FX and split breach episodes', () => {
    const p = buildExposurePath({
      start: min(0), end: min(10), initialQty: '2',
      flows: [{ ts: min(2), kind: 'hedge', qty: '-1.5' }, { ts: min(6), kind: 'client', qty: '-1.5' }],
      mids: [{ ts: min(-1), mid: '100' }],
      fx: [{ ts: min(0), rate: '1.5' }, { ts: min(8), rate: '2' }],
    });
    const r = measureExposure(p, { kind: 'notional', value: '250' });
    expect(r.breachEpisodes).toBe(2); // 300 in [0,2); 0.5×150=75; from 6: 2×150=300; from 8: 400
    expect(r.limitBreachSeconds).toBe(6 * 60);
    expect(plain(r.maxExcess)).toBe('150');
  });

  it('rejects flows outside the window and positions without a mid', () => {
    expect(() => buildExposurePath({ start: min(0), end: min(1), flows: [{ ts: min(2), kind: 'hedge', qty: '1' }], mids: [] })).toThrow(/outside/);
    expect(() => buildExposurePath({ start: min(0), end: min(1), flows: [{ ts: min(0), kind: 'hedge', qty: '1' }], mids: [] })).toThrow(/no mid/);
  });
});

describe('properties over generated fills and price paths', () => {
  const eventArb = fc.record({ minute: fc.integer({ min: 0, max: 60 }), qty: fc.integer({ min: -300, max: 300 }), kind: fc.constantFrom('client' as const, 'hedge' as const) });
  const midArb = fc.record({ minute: fc.integer({ min: 0, max: 60 }), mid: fc.integer({ min: 1, max: 10_000_000 }) });

  it('exposure_time = Σ|N|·Δt sampled minute by minute, and breach time matches', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 30 }), fc.array(midArb, { maxLength: 20 }), (events, ms) => {
        const fl = events.map((e) => ({ ts: min(e.minute), kind: e.kind, qty: new Dec(e.qty).div(100) }));
        const md = [{ ts: min(0), mid: '50000' }, ...ms.map((x) => ({ ts: min(x.minute), mid: new Dec(x.mid).div(100) }))];
        const m = measureExposure(buildExposurePath({ start: min(0), end: min(60), flows: fl, mids: md }), { kind: 'qty', value: '1' });
        // Independent brute force: N at each whole minute from first principles.
        let sum = ZERO;
        let breachMin = 0;
        for (let t = 0; t < 60; t++) {
          const n = fl.filter((f) => f.ts <= min(t)).reduce((a, f) => (f.kind === 'client' ? a.minus(f.qty) : a.plus(f.qty)), ZERO);
          sum = sum.plus(n.abs());
          if (n.abs().gt(1)) breachMin += 1;
        }
        expect(plain(m.exposureTimeUnitMinutes)).toBe(plain(sum));
        expect(m.limitBreachSeconds).toBe(breachMin * 60);
      }),
    );
  });

  it('drift + execution = hedge slippage for any fills and prices', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ qty: fc.integer({ min: -10_000, max: 10_000 }), mid: fc.integer({ min: 1, max: 10_000_000 }) }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        (fs, ph, mh) => {
          const h = computeHedgeSlippage({ fills: fs.map((f) => ({ qty: new Dec(f.qty).div(1000), mid: new Dec(f.mid).div(100) })), hedgePx: new Dec(ph).div(100), hedgeMid: new Dec(mh).div(100) });
          expect(plain(h.driftCost.plus(h.executionCost))).toBe(plain(h.cost));
        },
      ),
    );
  });
});
