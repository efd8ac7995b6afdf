import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Dec, fixed, plain, ZERO } from '../../../src/finance/decimal.js';
import { buildExposurePath, exposureRowTexts, measureExposure, type ExposurePath } from '../../../src/finance/exposure.js';

// The exposure path and its measures run on ShortDec; they must give the Dec figures of the same
// arithmetic on Dec. The reference below is that arithmetic as it was written on Dec (the path's
// step function and measureExposure's sums), kept here only to compare with.
interface RefPoint { ts: number; qty: Dec; mid: Dec | null; fx: Dec; notional: Dec }

function referencePath(start: number, end: number, initial: Dec, flows: { ts: number; delta: Dec }[], mids: { ts: number; mid: Dec }[], fx: Dec): RefPoint[] {
  const times = [...new Set([start, end, ...flows.map((f) => f.ts), ...mids.map((m) => m.ts)].filter((t) => t >= start && t <= end))].sort((a, b) => a - b);
  let qty = initial;
  let mid: Dec | null = null;
  let fi = 0;
  let mi = 0;
  return times.map((t) => {
    while (fi < flows.length && flows[fi]!.ts <= t) qty = qty.plus(flows[fi++]!.delta);
    while (mi < mids.length && mids[mi]!.ts <= t) mid = mids[mi++]!.mid;
    const notional = qty.isZero() ? ZERO : qty.times(mid!).times(fx);
    return { ts: t, qty, mid, fx, notional };
  });
}

function referenceMeasures(points: RefPoint[], limit: Dec): string[] {
  let peakE = ZERO;
  let peakN = ZERO;
  let qtyMs = ZERO;
  let notionalMs = ZERO;
  let maxExcess = ZERO;
  const out: string[] = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const s = points[k]!;
    const dt = points[k + 1]!.ts - s.ts;
    const absN = s.qty.abs();
    const absE = s.notional.abs();
    if (absE.gt(peakE)) peakE = absE;
    if (absN.gt(peakN)) peakN = absN;
    // The cumulative column looks backward: the total before this segment.
    out.push(`row ${absE.gt(limit)} ${qtyMs.div(60_000).toFixed()}`);
    qtyMs = qtyMs.plus(absN.times(dt));
    notionalMs = notionalMs.plus(absE.times(dt));
    if (absE.gt(limit) && absE.minus(limit).gt(maxExcess)) maxExcess = absE.minus(limit);
  }
  // Then the state at the end, with the totals.
  if (points.length > 1) out.push(`row ${points.at(-1)!.notional.abs().gt(limit)} ${qtyMs.div(60_000).toFixed()}`);
  let mtm = ZERO;
  let mtmR = ZERO;
  for (let k = 0; k + 1 < points.length; k++) {
    const a = points[k]!;
    const b = points[k + 1]!;
    if (a.mid !== null && b.mid !== null && !a.qty.isZero()) {
      const move = a.qty.times(b.mid.minus(a.mid));
      mtm = mtm.plus(move);
      mtmR = mtmR.plus(move.times(b.fx));
    }
  }
  const T = points.at(-1)!.ts - points[0]!.ts;
  const figures = [peakE, peakN, qtyMs.div(60_000), T === 0 ? ZERO : qtyMs.div(T), T === 0 ? ZERO : notionalMs.div(T), maxExcess, mtm, mtmR];
  return [...out, ...figures.map((d) => `${d.toFixed()} ${d.isNegative()}`)];
}

function measures(path: ExposurePath, limit: Dec): string[] {
  const m = measureExposure(path, { kind: 'notional', value: limit });
  const figures = [m.peakAbsNotional, m.peakAbsQty, m.exposureTimeUnitMinutes, m.timeWeightedAbsQty, m.timeWeightedAbsNotional, m.maxExcess, m.unhedgedMtmPnl, m.unhedgedMtmPnlReporting];
  return [...m.rows.map((r) => `row ${r.inBreach} ${r.exposureTimeCum.toFixed()}`), ...figures.map((d) => `${d.toFixed()} ${d.isNegative()}`)];
}

const figure = (max: number, scale: number): fc.Arbitrary<Dec> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: -max, max }).map((u) => new Dec(u).div(10 ** scale)) },
    // Long figures (50-digit quotients) take decimal.js's route.
    { weight: 1, arbitrary: fc.integer({ min: -max, max }).map((u) => new Dec(u).div(7)) },
  );

describe('exposure on ShortDec', () => {
  it('gives the Dec figures of the same arithmetic on Dec', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ minute: fc.integer({ min: 0, max: 90 }), qty: figure(50_000, 4) }), { maxLength: 40 }),
      fc.array(fc.record({ minute: fc.integer({ min: 0, max: 90 }), mid: figure(20_000_000, 2).map((d) => d.abs().plus('0.01')) }), { maxLength: 30 }),
      fc.constantFrom('1', '0.6550', '1.52671755725190839694656488549618320610687022900763'),
      figure(100_000_000, 2).map((d) => d.abs()),
      (fl, md, fxText, limit) => {
        const T0 = Date.parse('2025-04-05T00:00:00Z');
        const min = (m: number): number => T0 + m * 60_000;
        const flows = fl.map((f) => ({ ts: min(f.minute), kind: 'hedge' as const, qty: f.qty.isZero() ? new Dec('0.0001') : f.qty }));
        const mids = [{ ts: min(0), mid: new Dec('101400.5') }, ...md.map((m) => ({ ts: min(m.minute), mid: m.mid }))];
        const fx = new Dec(fxText);
        const path = buildExposurePath({ start: min(0), end: min(90), initialQty: '0.25', flows, mids, fx });
        const sortedFlows = flows.map((f, i) => ({ ...f, i })).sort((a, b) => a.ts - b.ts || a.i - b.i).map((f) => ({ ts: f.ts, delta: f.qty }));
        const sortedMids = mids.map((m, i) => ({ ...m, i })).sort((a, b) => a.ts - b.ts || a.i - b.i);
        const ref = referencePath(min(0), min(90), new Dec('0.25'), sortedFlows, sortedMids, fx);
        const text = (d: Dec | null): string => (d === null ? 'null' : `${d.toFixed()} ${d.isNegative()}`);
        expect(path.points.map((p) => [p.ts, text(p.qty), text(p.mid), text(p.fxRate), text(p.notional)])).toEqual(ref.map((p) => [p.ts, text(p.qty), text(p.mid), text(p.fx), text(p.notional)]));
        expect(measures(path, limit)).toEqual(referenceMeasures(ref, limit));
        // The report prints each row from its short figures: the texts of its Dec figures.
        for (const r of measureExposure(path, { kind: 'notional', value: limit }).rows) {
          expect(exposureRowTexts(r, 6, 2, 6)).toEqual({
            qty: plain(r.qty), mid: r.mid === null ? '' : plain(r.mid), fxRate: fixed(r.fxRate, 6, 'half_even'),
            notional: fixed(r.notional, 2, 'half_even'), excess: r.inBreach ? fixed(r.excess, 2, 'half_even') : '', exposureTimeCum: fixed(r.exposureTimeCum, 6, 'half_even'),
          });
        }
      },
    ), { numRuns: 400 });
  });
});
