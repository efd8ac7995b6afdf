/**
 * DORA major-incident classification (Delegated Regulation (EU) 2024/1772 Art. 8, 9) on hand-made
 * affected transactions: the gate, the two-threshold rule, malicious access, each threshold on both
 * sides of its edge, and when the classification became true.
 */
import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/finance/decimal.js';
import { classifyDora, type DoraInput } from '../../../src/finance/resilience/dora.js';
import type { AffectedItem } from '../../../src/finance/resilience/measure.js';
import type { DoraInputsModel } from '../../../src/scenario/model.js';
import { HOUR, item, MIN, T0 } from './helpers.js';

const INPUTS: DoraInputsModel = { memberState: 'IE', entityType: 'other', bankHolidays: [], relevantClientsAffected: false, memberStatesAffected: 1, reputationalImpact: false, maliciousAccess: false };

/** Customers K1..Kn affected one minute apart from T0 + 1 min, 100.00 each. */
function affected(n: number): AffectedItem[] {
  return Array.from({ length: n }, (_, i) => ({ item: item(`p${i + 1}`, T0 + (i + 1) * MIN, 'failed', { customer: `K${i + 1}` }), waitMs: 1000, late: false }));
}

function input(over: Partial<DoraInput> = {}, inputs: Partial<DoraInputsModel> = {}): DoraInput {
  return {
    inputs: { ...INPUTS, ...inputs }, affected: affected(5), dataLoss: [], episodes: [{ startMs: T0, endMs: T0 + 10 * MIN }],
    economicImpactEur: dec('0'), economicImpactBasis: 'test', drillEndMs: T0 + 2 * HOUR, ...over,
  };
}

const met = (d: ReturnType<typeof classifyDora>, id: string) => d.criteria.find((c) => c.id === id)!;

describe('the Art. 8(1) rule', () => {
  it('no critical service affected: not major, whatever else is met', () => {
    const d = classifyDora(input({ episodes: [] }, { memberStatesAffected: 3, maliciousAccess: true }));
    expect(d.major).toBe(false);
    expect(d.reason).toMatch(/gate/);
  });

  it('the gate and one other threshold: not major', () => {
    const d = classifyDora(input({}, { memberStatesAffected: 2 }));
    expect(met(d, 'geographical_spread')).toMatchObject({ met: true, metAtMs: T0 + MIN });
    expect(d.major).toBe(false);
  });

  it('the gate and two thresholds: major when the second was met', () => {
    const loss = [item('u1', T0 + 3 * MIN, 'unknown', { waitMs: 20_000 })];
    const d = classifyDora(input({ dataLoss: loss }, { memberStatesAffected: 2 }));
    expect(met(d, 'data_losses')).toMatchObject({ met: true, metAtMs: T0 + 3 * MIN + 20_000 });
    expect(d).toMatchObject({ major: true, trueAtMs: T0 + 3 * MIN + 20_000 });
  });

  it('malicious access with the gate alone: major from the first affected transaction', () => {
    const d = classifyDora(input({}, { maliciousAccess: true }));
    expect(d).toMatchObject({ major: true, trueAtMs: T0 + MIN });
  });

  it('the gate met after the thresholds: true at the gate', () => {
    const d = classifyDora(input({ episodes: [{ startMs: T0 + 30 * MIN, endMs: T0 + 40 * MIN }] }, { maliciousAccess: true }));
    expect(d.trueAtMs).toBe(T0 + 30 * MIN);
  });
});

describe('Art. 9 thresholds on both sides of their edges', () => {
  it('clients: 10 % of 50 is 5, so 5 affected is not over it and the 6th is', () => {
    expect(met(classifyDora(input({}, { clientsTotal: 50 })), 'clients_counterparts_transactions').met).toBe(false);
    expect(met(classifyDora(input({ affected: affected(6) }, { clientsTotal: 50 })), 'clients_counterparts_transactions')).toMatchObject({ met: true, metAtMs: T0 + 6 * MIN });
  });

  it('transactions: 10 % of 40 a day is 4; the 5th affected transaction is over it', () => {
    expect(met(classifyDora(input({ affected: affected(4) }, { dailyTransactions: 40 })), 'clients_counterparts_transactions').met).toBe(false);
    expect(met(classifyDora(input({}, { dailyTransactions: 40 })), 'clients_counterparts_transactions')).toMatchObject({ met: true, metAtMs: T0 + 5 * MIN });
  });

  it('value: 10 % of 3,000.00 a day is 300.00; 3 × 100.00 is not over it, the 4th is', () => {
    expect(met(classifyDora(input({ affected: affected(3) }, { dailyValue: '3000' })), 'clients_counterparts_transactions').met).toBe(false);
    expect(met(classifyDora(input({}, { dailyValue: '3000' })), 'clients_counterparts_transactions')).toMatchObject({ met: true, metAtMs: T0 + 4 * MIN });
  });

  it('counterparts: 30 % is not over 30 %; 30.5 % is', () => {
    expect(met(classifyDora(input({}, { counterpartsAffectedPct: 30 })), 'clients_counterparts_transactions').met).toBe(false);
    expect(met(classifyDora(input({}, { counterpartsAffectedPct: 30.5 })), 'clients_counterparts_transactions').met).toBe(true);
  });

  it('service downtime: exactly 2 h is not over 2 h; 2 h + 1 ms is, met at its start + 2 h', () => {
    expect(met(classifyDora(input({ episodes: [{ startMs: T0, endMs: T0 + 2 * HOUR }] })), 'duration_downtime').met).toBe(false);
    expect(met(classifyDora(input({ episodes: [{ startMs: T0, endMs: T0 + 2 * HOUR + 1 }] })), 'duration_downtime')).toMatchObject({ met: true, metAtMs: T0 + 2 * HOUR });
  });

  it('duration: from the first affected transaction to the end of the last disruption over 24 h', () => {
    // Two 10-minute disruptions a day apart (no downtime over 2 h): 24 h 9 min from the first affected transaction.
    const spread = [{ startMs: T0, endMs: T0 + 10 * MIN }, { startMs: T0 + 24 * HOUR, endMs: T0 + 24 * HOUR + 10 * MIN }];
    expect(met(classifyDora(input({ episodes: spread, drillEndMs: T0 + 30 * HOUR })), 'duration_downtime')).toMatchObject({ met: true, metAtMs: T0 + MIN + 24 * HOUR });
    const within = [{ startMs: T0, endMs: T0 + 10 * MIN }, { startMs: T0 + 23 * HOUR, endMs: T0 + MIN + 24 * HOUR }];
    expect(met(classifyDora(input({ episodes: within, drillEndMs: T0 + 30 * HOUR })), 'duration_downtime').met).toBe(false);
  });

  it('economic impact: EUR 100,000 is not over it; 100,000.01 is, known at the drill end', () => {
    expect(met(classifyDora(input({ economicImpactEur: dec('100000') })), 'economic_impact').met).toBe(false);
    expect(met(classifyDora(input({ economicImpactEur: dec('100000.01') })), 'economic_impact')).toMatchObject({ met: true, metAtMs: T0 + 2 * HOUR });
  });

  it('economic impact not translatable to EUR: not assessed', () => {
    const { economicImpactEur: _omit, ...rest } = input();
    expect(met(classifyDora(rest), 'economic_impact').met).toBe('not_assessed');
  });

  it('data losses given as an input override the measure', () => {
    expect(met(classifyDora(input({ dataLoss: [item('u', T0 + MIN, 'unknown')] }, { dataLossAdverseImpact: false })), 'data_losses').met).toBe(false);
    expect(met(classifyDora(input({}, { dataLossAdverseImpact: true })), 'data_losses')).toMatchObject({ met: true, metAtMs: T0 + MIN });
  });
});
