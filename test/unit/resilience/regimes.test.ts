/**
 * The resilience regimes applied to hand-made operation results: CPS 230 triggers and findings,
 * the UK verdict, MAS recovery time and downtime budget, DORA's reporting clocks (over a weekend
 * in Dublin), the US 36-hour clock, the monitor's view, and switched-off regimes.
 */
import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/finance/decimal.js';
import { evaluateRegimes, judgeTolerances, measureOperation, type OperationResult } from '../../../src/finance/resilience/index.js';
import type { ServiceItem } from '../../../src/finance/evaluate/service-items.js';
import { parseScenarioText } from '../../../src/scenario/parse-scenario-text.js';
import type { Scenario } from '../../../src/scenario/model.js';
import { item, MIN, SEC } from './helpers.js';

/** A 2-hour drill starting `start`, card payments as the one critical operation; `extra` appended. */
function scenario(start: string, extra = ''): Scenario {
  const text = `faultline: 1
id: t
title: T
start: "${start}"
duration: 2h
market:
  instruments:
    BTC-AUD: { mid: "100000" }
  fx: { AUDUSD: "0.6500", EURUSD: "1.0800" }
providers:
  gw: { role: payment_gateway, archetype: stripe }
workload:
  payments:
    rate_per_minute: 10
    amount: { median: "100.00" }
operations:
  card-payments:
    title: Card payments
    providers: [gw]
    tolerances:
      max_disruption: 20m
      max_data_loss: 0
      min_service_level: { served_pct: 50 }
      max_customers_affected: 1000
${extra}`;
  const r = parseScenarioText(text, 't.yaml');
  if (r.scenario === undefined) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('; '));
  return r.scenario;
}

/** One operation's results: 30 minutes failed from +10 min (one payment a minute), one unknown; detected at +12 min. */
function results(s: Scenario, detectedAtMs: number | null = s.startMs + 12 * MIN): OperationResult[] {
  const op = s.operations[0]!;
  const items: ServiceItem[] = [];
  for (let k = 0; k < 120; k++) items.push(item(`p${k}`, s.startMs + k * MIN + 10 * SEC, k >= 10 && k < 40 ? (k === 15 ? 'unknown' : 'failed') : 'served'));
  const measures = measureOperation(op, items, s.startMs, s.endMs);
  return [{ op, measures, verdicts: judgeTolerances(op, measures), monitor: detectedAtMs === null ? {} : { detectedAtMs, detectedBy: 'A0001 on gw (errors)', resolvedAtMs: s.startMs + 45 * MIN }, baseline: { longestDisruptionMs: 0, disruptedWindows: 0, affected: 0 } }];
}

const row = (ev: ReturnType<typeof evaluateRegimes>, id: string) => ev.rows.find((r) => r.obligation_id === id)!;

describe('APRA CPS 230', () => {
  const s = scenario('2025-04-07T22:00:00Z', 'compliance:\n  regimes: { apra_cps230: true }\n');
  const ev = evaluateRegimes({ scenario: s, operations: results(s), economicImpactBasis: 'test' });
  it('a disruption outside tolerance triggers the 24-hour clock at the first CPS 230 breach: the service level, at the end of window 10', () => {
    // Windows 10–39 serve nothing: min_service_level (50 %) breached when window 10 ends (+11 min); data loss
    // (the unknown payment answered at +15:11) and max_disruption (20 min, at +30 min) later.
    expect(ev.triggers).toEqual([expect.objectContaining({ kind: 'outage_outside_tolerance', id: 'tolerance:card-payments', ts: s.startMs + 11 * MIN })]);
    expect(ev.findings.filter((f) => f.regime === 'apra_cps230').map((f) => [f.criterion.slice(0, 24), f.result])).toEqual([
      ['tolerance levels set (pa', 'SET'], ['disruption within tolera', 'BREACHED'],
    ]);
  });
  it('a breach of the firm\'s own extra tolerances (customers, value) is not a CPS 230 trigger', () => {
    const quiet = scenario('2025-04-07T22:00:00Z', 'compliance:\n  regimes: { apra_cps230: true }\n').operations[0]!;
    const op = { ...quiet, tolerances: { maxCustomersAffected: 0 } };
    const m = measureOperation(op, [item('x', quiet.service.withinMs, 'failed')], 0, 3_600_000);
    const r = evaluateRegimes({ scenario: s, operations: [{ ...results(s)[0]!, op, measures: m, verdicts: judgeTolerances(op, m) }], economicImpactBasis: '' });
    expect(r.triggers).toEqual([]);
  });
});

describe('UK, MAS and US', () => {
  const s = scenario('2025-04-07T22:00:00Z', 'compliance:\n  regimes: { uk_opres: true, mas_trm: true, us_banking: true }\nresilience:\n  mas: { downtime_used: 3h40m }\n  notifications: { SG-MAS-TRM-NOTIFY: 50m }\n');
  const ev = evaluateRegimes({ scenario: s, operations: results(s), economicImpactBasis: 'test' });
  const f = (regime: string, criterion: RegExp) => ev.findings.find((x) => x.regime === regime && criterion.test(x.criterion))!;
  it('UK: outside the impact tolerance from the first breach', () => {
    expect(f('uk_opres', /impact tolerance/)).toMatchObject({ result: 'BREACHED', atMs: s.startMs + 11 * MIN });
  });
  it('MAS: recovery time 30 min against the 20 min max_disruption as RTO: breached at +10 min + 20 min', () => {
    expect(f('mas_trm', /recovery time/)).toMatchObject({ result: 'BREACHED', atMs: s.startMs + 30 * MIN });
  });
  it('MAS: 3 h 40 min already used + 30 min > 4 h: breached 20 minutes into the disruption', () => {
    expect(f('mas_trm', /downtime/)).toMatchObject({ result: 'BREACHED', atMs: s.startMs + 30 * MIN });
    expect(f('mas_trm', /downtime/).measured).toContain('12.5 %');
  });
  it('MAS clocks start at discovery: notified 50 min after, within the hour; root cause in 14 × 24 h', () => {
    expect(row(ev, 'SG-MAS-TRM-NOTIFY')).toMatchObject({ clock_start_ts: '2025-04-07T22:12:00.000Z', deadline_ts: '2025-04-07T23:12:00.000Z', submitted_ts: '2025-04-07T23:02:00.000Z', slack_s: '600', status: 'ON_TIME' });
    expect(row(ev, 'SG-MAS-TRM-RCA')).toMatchObject({ deadline_ts: '2025-04-21T22:12:00.000Z', status: 'ON_TIME' });
  });
  it('US: 36 hours from the determination (detection + the 30-minute materiality assessment)', () => {
    expect(row(ev, 'US-BANKING-36H')).toMatchObject({ clock_start_ts: '2025-04-07T22:42:00.000Z', deadline_ts: '2025-04-09T10:42:00.000Z', status: 'ON_TIME' });
  });
  it('DORA switched off: listed, not applicable', () => {
    expect(ev.rows.filter((r) => r.obligation_id.startsWith('EU-DORA')).map((r) => [r.applicable, r.status])).toEqual([[false, 'NOT_TRIGGERED'], [false, 'NOT_TRIGGERED'], [false, 'NOT_TRIGGERED'], [false, 'NOT_TRIGGERED']]);
  });
  it('never detected: the clocks never start, and the report says so', () => {
    const blind = evaluateRegimes({ scenario: s, operations: results(s, null), economicImpactBasis: 'test' });
    expect(row(blind, 'SG-MAS-TRM-NOTIFY')).toMatchObject({ applicable: true, status: 'NOT_TRIGGERED' });
    expect(row(blind, 'SG-MAS-TRM-NOTIFY').clock_start_assumption).toMatch(/never detected/);
    expect(f('us_banking', /notification incident/).result).toBe('MET');
    expect(blind.findings.find((x) => x.regime === 'us_banking')!.result).toBe('NOT_DETECTED');
  });
});

describe('EU DORA over a weekend in Dublin', () => {
  // Friday 13 June 2025, 21:00 IST (20:00 UTC). Disrupted from 20:10 UTC, detected 20:12 UTC;
  // major once the gate (20:10) and two thresholds are met: member states (input, from the first
  // affected payment 20:10:10) and data losses (the unknown payment answered 20:15:11).
  const dora = 'compliance:\n  regimes: { eu_dora: true }\nresilience:\n  dora: { member_state: IE, member_states_affected: 2 }\n';
  const s = scenario('2025-06-13T20:00:00Z', dora);
  const ev = evaluateRegimes({ scenario: s, operations: results(s), economicImpactEur: dec('5000'), economicImpactBasis: 'test' });
  it('major from 20:15:11 UTC; classified by the firm after its materiality assessment, 20:42 UTC', () => {
    expect(ev.dora).toMatchObject({ major: true, trueAtMs: Date.parse('2025-06-13T20:15:11Z'), classifiedAtMs: Date.parse('2025-06-13T20:42:00Z') });
  });
  it('initial: 4 h after classification is Saturday 01:42 IST, 24 h after awareness Saturday 21:12 IST: both move to noon IST Monday', () => {
    expect(row(ev, 'EU-DORA-INITIAL-4H')).toMatchObject({ clock_start_ts: '2025-06-13T20:42:00.000Z', deadline_ts: '2025-06-16T11:00:00.000Z', status: 'ON_TIME' });
    expect(row(ev, 'EU-DORA-INITIAL-24H')).toMatchObject({ clock_start_ts: '2025-06-13T20:12:00.000Z', deadline_ts: '2025-06-16T11:00:00.000Z' });
  });
  it('intermediate: 72 h from the initial deadline (not submitted), Thursday; final: a month later, Saturday 19 July → noon Monday 21 July', () => {
    expect(row(ev, 'EU-DORA-INTERMEDIATE')).toMatchObject({ clock_start_ts: '2025-06-16T11:00:00.000Z', deadline_ts: '2025-06-19T11:00:00.000Z' });
    expect(row(ev, 'EU-DORA-FINAL')).toMatchObject({ clock_start_ts: '2025-06-19T11:00:00.000Z', deadline_ts: '2025-07-21T11:00:00.000Z' });
    expect(ev.recheck).toEqual({ checked: 4, mismatches: [] });
  });
  it('a credit institution gets no relief for the initial and intermediate reports, but keeps it for the final one', () => {
    const ci = scenario('2025-06-13T20:00:00Z', dora.replace('member_states_affected: 2', 'member_states_affected: 2, entity_type: credit_institution'));
    const r = evaluateRegimes({ scenario: ci, operations: results(ci), economicImpactEur: dec('5000'), economicImpactBasis: 'test' });
    expect(row(r, 'EU-DORA-INITIAL-4H').deadline_ts).toBe('2025-06-14T00:42:00.000Z');
    expect(row(r, 'EU-DORA-INITIAL-24H').deadline_ts).toBe('2025-06-14T20:12:00.000Z');
    // Intermediate from the earlier initial deadline (Saturday 00:42 UTC) + 72 h = Tuesday 00:42 UTC.
    expect(row(r, 'EU-DORA-INTERMEDIATE').deadline_ts).toBe('2025-06-17T00:42:00.000Z');
    // Final: Tuesday 17 June 01:42 IST + 1 month = Thursday 17 July 01:42 IST, a working day.
    expect(row(r, 'EU-DORA-FINAL').deadline_ts).toBe('2025-07-17T00:42:00.000Z');
  });
  it('submitted initial notification: the intermediate counts from the submission', () => {
    const sub = scenario('2025-06-13T20:00:00Z', `${dora}  notifications: { EU-DORA-INITIAL: 2h, EU-DORA-INTERMEDIATE: 24h }\n`);
    const r = evaluateRegimes({ scenario: sub, operations: results(sub), economicImpactEur: dec('5000'), economicImpactBasis: 'test' });
    expect(row(r, 'EU-DORA-INITIAL-4H')).toMatchObject({ submitted_ts: '2025-06-13T22:42:00.000Z', status: 'ON_TIME', slack_s: String(60 * 3600 + 18 * 60) });
    expect(row(r, 'EU-DORA-INTERMEDIATE')).toMatchObject({ clock_start_ts: '2025-06-13T22:42:00.000Z', deadline_ts: '2025-06-16T22:42:00.000Z', submitted_ts: '2025-06-14T22:42:00.000Z' });
    expect(row(r, 'EU-DORA-FINAL').clock_start_ts).toBe('2025-06-14T22:42:00.000Z');
  });
  it('not major (no second threshold): the clocks are listed as not triggered', () => {
    const minor = scenario('2025-06-13T20:00:00Z', 'compliance:\n  regimes: { eu_dora: true }\nresilience:\n  dora: { member_state: IE }\n');
    const ops = results(minor).map((o) => ({ ...o, measures: { ...o.measures, dataLoss: [] } }));
    const r = evaluateRegimes({ scenario: minor, operations: ops, economicImpactEur: dec('5000'), economicImpactBasis: 'test' });
    expect(r.dora?.major).toBe(false);
    expect(row(r, 'EU-DORA-INITIAL-4H')).toMatchObject({ applicable: true, status: 'NOT_TRIGGERED' });
  });
});
