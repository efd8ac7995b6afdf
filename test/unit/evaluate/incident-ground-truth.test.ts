/**
 * Incident times from ground truth (finance-reference.md §7.1): t_mitigate is when customer harm
 * stopped, t_recover when the provider was truly restored (its own answers), the monitor's alert
 * resolution a column of its own. Journals are written by hand so every expected instant is read
 * off the events below, not computed by the engine.
 */
import { describe, expect, it } from 'vitest';
import type { RunEventBody } from '../../../src/engine/events.js';
import { computeIncidents } from '../../../src/finance/evaluate/incident-report.js';
import { buildLedger } from '../../../src/finance/evaluate/ledger.js';
import { journal, makeScenario, MIN, START } from './helpers.js';

const SEC = 1000;

// A payment gateway `gw` dark from 10m to 20m; `gw2` its backup.
const scenario = makeScenario(`  payments:
    rate_per_minute: 1
    amount:
      median: "100"
faults:
  - { kind: outage, target: gw, at: 10m, for: 10m }
`);

const attempt = (provider: string, ok: boolean, faultId?: string, op: 'create_payment' | 'probe' = 'create_payment'): RunEventBody => ({
  type: 'attempt', requestId: 'r', attempt: 1, provider, role: 'payment_gateway', op, outcome: ok ? 'ok' : 'refused', latencyMs: 50, idempotent: true,
  ...(faultId === undefined ? {} : { faultId }),
});
const pay = (id: string, customer: string, outcome: 'SUCCEEDED' | 'FAILED' | 'UNKNOWN', faultId?: string): RunEventBody => ({
  type: 'payment', paymentId: id, customerId: customer, amount: '100.00', ccy: 'AUD', originCountry: 'AU', destinationCountry: 'AU', international: false, outcome, feeCcy: 'AUD', retries: 0, unsafeRetries: 0,
  ...(faultId === undefined ? {} : { faultId }),
});
const FAULT = 'outage-gw-1';
const at = (m: number, s = 0): number => START + m * MIN + s * SEC;

describe('incident times from ground truth', () => {
  it('an outage without failover: harm until the first customer served after the provider came back; alert resolution apart', () => {
    const ledger = buildLedger(scenario, journal('faulted', [
      [at(5), pay('P0', 'K0', 'SUCCEEDED')],
      [at(10, 5), attempt('gw', false, FAULT)],
      [at(10, 5), pay('P1', 'K1', 'FAILED', FAULT)], // first harm: t_impact
      [at(12), { type: 'alert.fired', provider: 'gw', alertId: 'A0001', source: 'probe' }],
      [at(17), { type: 'alert.acknowledged', provider: 'gw', alertId: 'A0001', source: 'probe' }],
      [at(19, 50), attempt('gw', false, FAULT)], // the fault's last effect on the provider
      [at(19, 50), pay('P2', 'K2', 'FAILED', FAULT)],
      [at(20, 10), attempt('gw', true, undefined, 'probe')], // first clean success: t_recover
      [at(20, 20), pay('P3', 'K3', 'FAILED')], // a breaker cool-down after the fault: untagged, still the incident's harm
      [at(21), attempt('gw', true)],
      [at(21), pay('P4', 'K4', 'SUCCEEDED')], // the first customer served after restoration: harm ends before it
      [at(23, 30), { type: 'alert.resolved', provider: 'gw', alertId: 'A0001', source: 'probe' }], // hysteresis
      [at(40), pay('P5', 'K5', 'FAILED')], // later noise: not this incident
    ]), 'faulted');
    const [row] = computeIncidents(scenario, ledger, new Set()).rows;
    expect(row!.tImpact).toBe(at(10, 5));
    expect(row!.tMitigate).toBe(at(20, 20));
    expect(row!.tRecover).toBe(at(20, 10));
    expect(row!.tAlertResolved).toBe(at(23, 30));
    expect(row!.mitigation).toBe('provider restored');
    expect(row!.customersAffected).toBe(3); // K1, K2, K3
    expect(row!.harmEvents).toBe(3);
    // TTM = 20:20 − 10:05 = 615 s; TTR = 20:10 − 10:05 = 605 s; TTD = 12:00 − 10:00 = 120 s.
    expect([row!.timings.ttmS, row!.timings.ttrRecoverS, row!.timings.ttdS, row!.timings.ttaS]).toEqual([615, 605, 120, 300]);
    // SLI over [fault start, t_recover]: 3 attempts, 2 failed.
    expect([row!.sliBadEvents, row!.sliTotalEvents]).toEqual([2, 3]);
  });

  it('a failover: harm stops at the first customer served after it; later failures on the role are not the incident\'s', () => {
    const ledger = buildLedger(scenario, journal('faulted', [
      [at(10, 1), attempt('gw', false, FAULT)],
      [at(10, 1), pay('P1', 'K1', 'FAILED', FAULT)],
      [at(11), pay('P2', 'K2', 'UNKNOWN', FAULT)],
      [at(11, 30), { type: 'failover', role: 'payment_gateway', from: 'gw', to: 'gw2', reason: 'automatic' }],
      [at(12), pay('P3', 'K3', 'SUCCEEDED')],
      [at(13), pay('P4', 'K4', 'FAILED')], // base-rate failure at the backup after service resumed
      [at(19, 59), attempt('gw', false, FAULT, 'probe')],
      [at(20, 29), attempt('gw', true, undefined, 'probe')],
    ]), 'faulted');
    const [row] = computeIncidents(scenario, ledger, new Set()).rows;
    expect([row!.tImpact, row!.tMitigate, row!.tRecover]).toEqual([at(10, 1), at(11), at(20, 29)]);
    expect(row!.mitigation).toBe('failover to gw2 (automatic)');
    expect(row!.customersAffected).toBe(2);
    expect(row!.timings.ttmS).toBe(59);
  });

  it('a failover that did not hold (the breaker sent traffic back): harm the fault shaped after it still counts', () => {
    const ledger = buildLedger(scenario, journal('faulted', [
      [at(10, 1), attempt('gw', false, FAULT)],
      [at(10, 1), pay('P1', 'K1', 'FAILED', FAULT)],
      [at(10, 30), { type: 'failover', role: 'payment_gateway', from: 'gw', to: 'gw2', reason: 'automatic' }],
      [at(11), pay('P2', 'K2', 'SUCCEEDED')],
      [at(14), { type: 'execution', provider: 'gw', op: 'create_payment', reference: 'P3', occurrence: 1, amount: '100.00', ccy: 'AUD', fee: '1.00', feeCcy: 'AUD' }],
      [at(14, 2), { type: 'execution', provider: 'gw', op: 'create_payment', reference: 'P3', occurrence: 2, amount: '100.00', ccy: 'AUD', fee: '1.00', feeCcy: 'AUD' }],
      [at(14, 2), pay('P3', 'K3', 'SUCCEEDED', FAULT)], // charged twice by a half-open retry at gw
      [at(15), pay('P4', 'K4', 'SUCCEEDED')],
      [at(20, 5), attempt('gw', true, undefined, 'probe')],
    ]), 'faulted');
    const [row] = computeIncidents(scenario, ledger, new Set()).rows;
    expect([row!.tImpact, row!.tMitigate, row!.customersAffected, row!.harmEvents]).toEqual([at(10, 1), at(14, 2), 2, 2]);
    // Harm followed the failover: it did not mitigate the incident.
    expect(row!.mitigation).toBe('provider restored');
  });

  it('a duplicate charge is harm even when the payment succeeded; another fault\'s harm is not this one\'s', () => {
    const ledger = buildLedger(scenario, journal('faulted', [
      [at(10, 1), { type: 'execution', provider: 'gw', op: 'create_payment', reference: 'P1', occurrence: 1, amount: '100.00', ccy: 'AUD', fee: '1.00', feeCcy: 'AUD' }],
      [at(10, 3), { type: 'execution', provider: 'gw', op: 'create_payment', reference: 'P1', occurrence: 2, amount: '100.00', ccy: 'AUD', fee: '1.00', feeCcy: 'AUD' }],
      [at(10, 3), pay('P1', 'K1', 'SUCCEEDED', FAULT)],
      [at(10, 9), pay('P2', 'K2', 'FAILED', 'some-other-fault')],
      [at(20, 1), attempt('gw', true)],
      [at(20, 1), pay('P3', 'K3', 'SUCCEEDED')],
    ]), 'faulted');
    const [row] = computeIncidents(scenario, ledger, new Set()).rows;
    expect([row!.tImpact, row!.tMitigate, row!.customersAffected]).toEqual([at(10, 3), at(10, 3), 1]);
  });

  it('no customer-visible harm: mitigated from the fault\'s start (TTM 0), no t_impact', () => {
    const ledger = buildLedger(scenario, journal('faulted', [
      [at(10, 1), attempt('gw', false, FAULT, 'probe')],
      [at(20, 1), attempt('gw', true, undefined, 'probe')],
    ]), 'faulted');
    const [row] = computeIncidents(scenario, ledger, new Set()).rows;
    expect(row!.tImpact).toBeUndefined();
    expect(row!.tMitigate).toBe(at(10));
    expect(row!.mitigation).toBe('no customer impact');
    expect([row!.timings.ttmS, row!.customersAffected, row!.tRecover]).toEqual([0, 0, at(20, 1)]);
  });

  it('never restored by the drill\'s end: no t_recover, harm counted to the end', () => {
    const ledger = buildLedger(scenario, journal('faulted', [
      [at(10, 1), attempt('gw', false, FAULT)],
      [at(10, 1), pay('P1', 'K1', 'FAILED', FAULT)],
      [at(30), pay('P2', 'K2', 'FAILED')],
    ]), 'faulted');
    const [row] = computeIncidents(scenario, ledger, new Set()).rows;
    expect(row!.tRecover).toBeUndefined();
    expect([row!.tMitigate, row!.customersAffected, row!.mitigation]).toEqual([at(30), 2, "not restored by the drill's end"]);
  });
});
