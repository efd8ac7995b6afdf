/**
 * Critical-operation measures and tolerance verdicts on hand-made transactions: each tolerance kind
 * on both sides of its edge, its breach instant and its excess, worked out by hand in each test.
 */
import { describe, expect, it } from 'vitest';
import { measureOperation } from '../../../src/finance/resilience/measure.js';
import { judgeTolerances, shareWithinTolerance, type ToleranceVerdict } from '../../../src/finance/resilience/tolerances.js';
import type { ServiceItem } from '../../../src/finance/evaluate/service-items.js';
import type { OperationTolerancesModel } from '../../../src/scenario/model.js';
import { HOUR, item, MIN, operation, SEC, served, T0 } from './helpers.js';

const END = T0 + 10 * MIN;

function verdict(tolerances: OperationTolerancesModel, items: readonly ServiceItem[], service = {}): ToleranceVerdict {
  const op = operation(tolerances, service);
  const v = judgeTolerances(op, measureOperation(op, items, T0, END));
  expect(v).toHaveLength(1);
  return v[0]!;
}

/** Windows 0–1 healthy; 2, 3 and 4 one failure in ten (90 % < 99 %); window 5 empty; 6–9 healthy. */
const disruption: ServiceItem[] = [
  ...served('a', T0, 10), ...served('b', T0 + MIN, 10),
  ...[2, 3, 4].flatMap((k) => [...served(`w${k}-`, T0 + k * MIN, 9), item(`f${k}`, T0 + k * MIN + 55 * SEC, 'failed')]),
  ...[6, 7, 8, 9].flatMap((k) => served(`h${k}-`, T0 + k * MIN, 10)),
];

describe('windows and episodes', () => {
  const op = operation({ maxDisruptionMs: 4 * MIN });
  const m = measureOperation(op, disruption, T0, END);

  it('a window below disrupted_below_pct is disrupted; an empty window keeps the state before it', () => {
    expect(m.windows.map((w) => w.disrupted)).toEqual([false, false, true, true, true, true, false, false, false, false]);
    expect(m.windows.map((w) => w.arrived)).toEqual([10, 10, 10, 10, 10, 0, 10, 10, 10, 10]);
    expect(m.windows[2]!.levelPct!.toFixed()).toBe('90');
    expect(m.windows[5]!.levelPct).toBeUndefined();
  });

  it('consecutive disrupted windows are one episode: 4 minutes from the start of window 2', () => {
    expect(m.episodes).toEqual([{ startMs: T0 + 2 * MIN, endMs: T0 + 6 * MIN, firstAffectedMs: T0 + 2 * MIN + 55 * SEC }]);
    expect(m.longestDisruptionMs).toBe(4 * MIN);
  });

  it('the last window is cut at the drill end', () => {
    const short = measureOperation(op, [], T0, T0 + 90 * SEC);
    expect(short.windows.map((w) => [w.startMs - T0, w.endMs - T0])).toEqual([[0, MIN], [MIN, 90 * SEC]]);
  });
});

describe('max_disruption', () => {
  it('equal to the longest disruption: WITHIN', () => {
    expect(verdict({ maxDisruptionMs: 4 * MIN }, disruption)).toMatchObject({ verdict: 'WITHIN', measured: String(4 * MIN), excess: '0' });
  });
  it('one millisecond less: BREACHED at the episode start + the tolerance, by 1 ms', () => {
    const v = verdict({ maxDisruptionMs: 4 * MIN - 1 }, disruption);
    expect(v).toMatchObject({ verdict: 'BREACHED', excess: '1', breachedAtMs: T0 + 2 * MIN + 4 * MIN - 1 });
  });
  it('5-minute windows: window 0 has 3 failures in 50 arrivals (94 %), disrupted below 99 % but not below 94 %', () => {
    // Window 0 = minutes 0–5: 50 arrivals (10 + 10 + 3 × 10), 47 served → 94 % < 99 %: disrupted for 5 minutes.
    expect(verdict({ maxDisruptionMs: 5 * MIN }, disruption, { windowMs: 5 * MIN })).toMatchObject({ verdict: 'WITHIN', measured: String(5 * MIN) });
    expect(verdict({ maxDisruptionMs: 5 * MIN }, disruption, { windowMs: 5 * MIN, disruptedBelowPct: 94 })).toMatchObject({ verdict: 'WITHIN', measured: '0' });
  });
});

describe('max_data_loss', () => {
  const lost = [item('u1', T0, 'unknown', { waitMs: 5 * SEC }), item('l1', T0 + MIN, 'lost', { waitMs: 2 * SEC }), item('u2', T0 + 2 * MIN, 'unknown', { waitMs: 9 * SEC }), item('f1', T0 + 3 * MIN, 'failed')];
  it('three records lost or of unknown outcome against a tolerance of 3: WITHIN (a failed payment is not data loss)', () => {
    expect(verdict({ maxDataLoss: 3 }, lost)).toMatchObject({ verdict: 'WITHIN', measured: '3' });
  });
  it('against 2: BREACHED when the third was answered, by 1', () => {
    expect(verdict({ maxDataLoss: 2 }, lost)).toMatchObject({ verdict: 'BREACHED', breachedAtMs: T0 + 2 * MIN + 9 * SEC, excess: '1' });
  });
});

describe('min_service_level', () => {
  // Window 3: 10 arrivals, 2 failed, 1 served in 40 s (late for 30 s, in time for 45 s).
  const items = [
    ...served('a', T0, 10), ...served('b', T0 + MIN, 10), ...served('c', T0 + 2 * MIN, 10),
    ...served('d', T0 + 3 * MIN, 7), item('x1', T0 + 3 * MIN + 40 * SEC, 'failed'), item('x2', T0 + 3 * MIN + 41 * SEC, 'rejected'), item('late', T0 + 3 * MIN + 42 * SEC, 'served', { waitMs: 40 * SEC }),
  ];
  it('70 % served within 30 s in window 3: a tolerance of 70 % is WITHIN', () => {
    expect(verdict({ minServiceLevel: { servedPct: 70, withinMs: 30 * SEC } }, items)).toMatchObject({ verdict: 'WITHIN', measured: '70' });
  });
  it('70.5 %: BREACHED at the end of window 3, by 0.5 percentage points', () => {
    expect(verdict({ minServiceLevel: { servedPct: 70.5, withinMs: 30 * SEC } }, items)).toMatchObject({ verdict: 'BREACHED', breachedAtMs: T0 + 4 * MIN, excess: '0.5' });
  });
  it('its own time: within 45 s the late one counts, 80 %', () => {
    expect(verdict({ minServiceLevel: { servedPct: 80, withinMs: 45 * SEC } }, items)).toMatchObject({ verdict: 'WITHIN', measured: '80' });
    expect(verdict({ minServiceLevel: { servedPct: 81, withinMs: 45 * SEC } }, items)).toMatchObject({ verdict: 'BREACHED', excess: '1' });
  });
  it('a level that is not a round number is exact: 2 of 3 served', () => {
    const v = verdict({ minServiceLevel: { servedPct: 66, withinMs: 30 * SEC } }, [item('a', T0), item('b', T0 + SEC), item('c', T0 + 2 * SEC, 'failed')]);
    expect(v.verdict).toBe('WITHIN');
    expect(v.measured).toMatch(/^66\.6{40,}7$/);
  });
  it('an answer exactly at the service time is served; one millisecond later is not', () => {
    const at = (w: number) => measureOperation(operation({}), [item('a', T0, 'served', { waitMs: w })], T0, END).affected.length;
    expect([at(30 * SEC), at(30 * SEC + 1)]).toEqual([0, 1]);
  });
});

describe('max_customers_affected', () => {
  const items = [
    item('p1', T0 + MIN, 'failed', { customer: 'K1' }), item('p2', T0 + 2 * MIN, 'unknown', { customer: 'K2' }), item('p3', T0 + 3 * MIN, 'duplicated', { customer: 'K1' }),
    item('p4', T0 + 4 * MIN, 'stale', { customer: 'K3' }), item('h1', T0 + 5 * MIN, 'failed', { customer: null, flow: 'hedges' }), item('ok', T0 + 6 * MIN, 'served', { customer: 'K4' }),
  ];
  it('three distinct customers (K1 twice, a hedge has none): tolerance 3 WITHIN', () => {
    expect(verdict({ maxCustomersAffected: 3 }, items)).toMatchObject({ verdict: 'WITHIN', measured: '3' });
  });
  it('tolerance 2: BREACHED at the first affected transaction of the third customer, by 1', () => {
    expect(verdict({ maxCustomersAffected: 2 }, items)).toMatchObject({ verdict: 'BREACHED', breachedAtMs: T0 + 4 * MIN, excess: '1' });
  });
});

describe('max_value_affected', () => {
  const items = [
    item('p1', T0 + MIN, 'failed', { value: '100.10' }), item('h1', T0 + 90 * SEC, 'failed', { customer: null, flow: 'hedges', value: '999999.00' }),
    item('p2', T0 + 2 * MIN, 'unknown', { value: '200.20' }), item('p3', T0 + 3 * MIN, 'served', { waitMs: 31 * SEC, value: '300.30' }), item('ok', T0 + 4 * MIN, 'served', { value: '5000.00' }),
  ];
  it('100.10 + 200.20 + 300.30 (served late counts; a hedge has no client value) = 600.60: WITHIN at 600.60', () => {
    expect(verdict({ maxValueAffected: '600.60' }, items)).toMatchObject({ verdict: 'WITHIN', measured: '600.6' });
  });
  it('600.59: BREACHED at the late payment\'s arrival, by 0.01', () => {
    expect(verdict({ maxValueAffected: '600.59' }, items)).toMatchObject({ verdict: 'BREACHED', breachedAtMs: T0 + 3 * MIN, excess: '0.01' });
  });
});

describe('a tolerance not set is not judged; several are judged in a fixed order', () => {
  it('order: disruption, data loss, service level, customers, value', () => {
    const op = operation({ maxValueAffected: '1', maxDisruptionMs: HOUR, maxCustomersAffected: 1, maxDataLoss: 0, minServiceLevel: { servedPct: 1, withinMs: SEC } });
    expect(judgeTolerances(op, measureOperation(op, [], T0, END)).map((v) => v.kind)).toEqual(['max_disruption', 'max_data_loss', 'min_service_level', 'max_customers_affected', 'max_value_affected']);
  });
});

describe('share of replicates within each tolerance', () => {
  it('counts WITHIN per operation and tolerance', () => {
    const a = [{ operationId: 'x', kind: 'max_disruption' as const, verdict: 'WITHIN' as const }, { operationId: 'x', kind: 'max_data_loss' as const, verdict: 'BREACHED' as const }];
    const b = [{ operationId: 'x', kind: 'max_disruption' as const, verdict: 'BREACHED' as const }, { operationId: 'x', kind: 'max_data_loss' as const, verdict: 'BREACHED' as const }];
    expect(shareWithinTolerance([a, b, a])).toEqual([
      { operationId: 'x', kind: 'max_disruption', within: 2, replicates: 3 },
      { operationId: 'x', kind: 'max_data_loss', within: 0, replicates: 3 },
    ]);
  });
});
