import { describe, expect, it } from 'vitest';
import type { RunEventBody } from '../../../src/engine/events.js';
import { buildLedger } from '../../../src/finance/evaluate/ledger.js';
import { categoriesFor, computeCompliance, deriveComplianceTriggers, toComplianceConfig, type ComplianceInputs } from '../../../src/finance/evaluate/compliance-report.js';
import { checkDeadlines } from '../../../src/finance/compliance/index.js';
import { dec } from '../../../src/finance/decimal.js';
import { buildFxTable } from '../../../src/finance/fx.js';
import type { Scenario } from '../../../src/scenario/model.js';
import { journal, makeScenario, MIN, START } from './helpers.js';

function fault(kind: string, target: string, params = ''): string {
  return `faults:\n  - id: f1\n    kind: ${kind}\n    target: ${target}\n    at: 10m\n    for: 40m\n${params}`;
}

function inputs(scenario: Scenario, bodies: (readonly [number, RunEventBody])[], extra: Partial<ComplianceInputs> = {}): ComplianceInputs {
  return {
    scenario,
    faulted: buildLedger(scenario, journal('faulted', bodies), 'faulted'),
    fx: buildFxTable([]),
    staleFills: [],
    auditGaps: 0,
    ...extra,
  };
}

const alert = (provider: string, id = 'A1'): RunEventBody => ({ type: 'alert.fired', provider, alertId: id, source: 'probe' });

describe('incident categories from the fault kind', () => {
  it.each([
    ['outage', 'lp', '', ['operational']],
    ['latency', 'lp', '    latency: 2s\n', ['operational']],
    ['error', 'gw', '    status: 503\n', ['operational']],
    ['error', 'lp', '    status: 429\n    retry_after: 10s\n', ['operational']],
    ['partial', 'gw', '    lost_as: timeout\n', ['operational']],
    ['stale', 'feed', '', ['operational']],
    ['corrupt', 'feed', '    mode: decimal_shift\n    shift: 1\n', ['operational', 'information_security']],
  ])('%s on %s → %j', (kind, target, params, expected) => {
    const s = makeScenario(fault(kind, target, params));
    expect(categoriesFor(s, target, START + 15 * MIN)).toEqual(expected);
  });

  it('a payment-gateway outage is not a card-data incident', () => {
    const s = makeScenario(fault('outage', 'gw'));
    expect(categoriesFor(s, 'gw', START + 15 * MIN)).not.toContain('card_data');
  });

  it('an alert just after the window belongs to the fault that had started', () => {
    const s = makeScenario(fault('corrupt', 'feed', '    mode: decimal_shift\n    shift: 1\n'));
    expect(categoriesFor(s, 'feed', START + 55 * MIN)).toContain('information_security');
  });
});

describe('trigger mapping from a hand-made journal', () => {
  const s = makeScenario(`${fault('outage', 'lp')}integration:\n  type: reference\n  validation:\n    price_band_pct: 1\n`);
  const pay = (id: string, customer: string, international = false): RunEventBody => ({ type: 'payment', paymentId: id, customerId: customer, amount: '250.00', ccy: 'AUD', international, outcome: 'SUCCEEDED', feeCcy: 'AUD', retries: 0, unsafeRetries: 0 });
  const charge = (ref: string, occurrence: number): RunEventBody => ({ type: 'execution', provider: 'gw', op: 'create_payment', reference: ref, occurrence, amount: '250.00', ccy: 'AUD', fee: '4.55', feeCcy: 'AUD' });
  const trade = (id: string, price: string): RunEventBody => ({ type: 'trade', tradeId: id, clientId: 'C1', tier: 'retail', instrument: 'BTC-AUD', side: 'buy', qty: '0.1', outcome: 'FILLED', priceExec: price, refMid: '100000', feeCcy: 'AUD' });
  const bodies: (readonly [number, RunEventBody])[] = [
    [START + 11 * MIN, alert('lp')],
    [START + 12 * MIN, charge('P1', 1)], [START + 12 * MIN, pay('P1', 'CUST-A', true)], [START + 12 * MIN + 5, charge('P1', 2)], [START + 12 * MIN + 9, charge('P1', 3)],
    [START + 13 * MIN, charge('P2', 1)], [START + 13 * MIN, charge('P2', 2)], [START + 13 * MIN, pay('P2', 'CUST-B')],
    [START + 14 * MIN, trade('T1', '100500')], [START + 15 * MIN, trade('T2', '102000')],
  ];
  const triggers = deriveComplianceTriggers(inputs(s, bodies, {
    staleFills: [{ tradeId: 'T1', t: START + 14 * MIN, clientSlippageBps: dec('25') }],
    auditGaps: 2,
  }));
  const byKind = (k: string): string[] => triggers.filter((t) => t.kind === k).map((t) => t.id);

  it.each([
    ['incident_detected', ['A1']],
    ['outage_outside_tolerance', []],
    ['customer_complaint', ['complaint:CUST-A', 'complaint:CUST-B']],
    ['fill_on_stale_price', ['T1']],
    ['order_outside_band', ['T2']],
    ['international_transfer', ['P1#1', 'P1#2', 'P1#3']],
    ['log_gap', ['audit-log']],
  ])('%s → %j', (kind, ids) => {
    expect(byKind(kind)).toEqual(ids);
  });

  it('one complaint per customer, at the first duplicate', () => {
    expect(triggers.find((t) => t.id === 'complaint:CUST-A')?.ts).toBe(START + 12 * MIN + 5);
  });

  it('the CPS 230 tolerance trigger comes from the critical operations (resilience), not from the fault', () => {
    expect(triggers.some((t) => t.kind === 'outage_outside_tolerance')).toBe(false);
    const breach = { kind: 'outage_outside_tolerance' as const, id: 'tolerance:payments', ts: START + 41 * MIN };
    const withOps = deriveComplianceTriggers(inputs(s, bodies, { resilience: { triggers: [breach], rows: [], recheck: { checked: 0, mismatches: [] } } }));
    expect(withOps.filter((t) => t.kind === 'outage_outside_tolerance')).toEqual([breach]);
  });

  it('international transfers only when AUSTRAC or NZ AML/CFT is on', () => {
    const off = makeScenario(`${fault('outage', 'lp')}compliance:\n  regimes:\n    austrac: false\n`);
    expect(deriveComplianceTriggers(inputs(off, bodies)).some((t) => t.kind === 'international_transfer')).toBe(false);
  });

  it('the band is strict: a fill exactly at the band edge is inside it, one tick beyond is outside, on either side', () => {
    const edge = [
      [START + 20 * MIN, trade('EDGE-UP', '101000')], [START + 21 * MIN, trade('EDGE-DOWN', '99000')],
      [START + 22 * MIN, trade('OVER-UP', '101000.01')], [START + 23 * MIN, trade('OVER-DOWN', '98999.99')],
    ] as const;
    const ids = deriveComplianceTriggers(inputs(s, [...edge])).filter((t) => t.kind === 'order_outside_band').map((t) => t.id);
    expect(ids).toEqual(['OVER-UP', 'OVER-DOWN']);
  });

  it('no band configured: no order_outside_band trigger', () => {
    const noBand = makeScenario(fault('outage', 'lp'));
    expect(deriveComplianceTriggers(inputs(noBand, bodies)).some((t) => t.kind === 'order_outside_band')).toBe(false);
  });
});

describe('compliance evaluation and the deadline self-check', () => {
  const s = makeScenario(`${fault('corrupt', 'feed', '    mode: decimal_shift\n    shift: 1\n')}compliance:\n  regimes:\n    apra_cps234: true\n`);
  const report = computeCompliance(inputs(s, [[START + 11 * MIN, alert('feed')]]));

  it('a corrupt-feed alert engages CPS 234 and the default playbook', () => {
    const ids = report.result.rows.filter((r) => r.status !== 'NOT_TRIGGERED').map((r) => r.obligation_id);
    expect(ids).toContain('AU-APRA-CPS234-INC');
    expect(report.playbookRows.map((r) => r.obligation_id)).toEqual([
      'PLAYBOOK-NOTIFY-ENGINEERING', 'PLAYBOOK-NOTIFY-LEGAL', 'PLAYBOOK-NOTIFY-COMPLIANCE', 'PLAYBOOK-STATUS-PAGE', 'PLAYBOOK-TOP-CLIENT-OUTREACH', 'PLAYBOOK-POST-INCIDENT-REPORT',
    ]);
    // 72 h from detection + the 30 min materiality delay.
    expect(report.result.rows.find((r) => r.obligation_id === 'AU-APRA-CPS234-INC')?.deadline_ts).toBe(new Date(START + 11 * MIN + 30 * MIN + 72 * 3_600_000).toISOString());
  });

  it('every deadline recomputes independently', () => {
    expect(report.deadlineCheck.pass).toBe(true);
    expect(report.deadlineCheck.checked).toBeGreaterThan(6);
  });

  it('a tampered row fails the self-check', () => {
    const rows = report.result.rows.map((r) => (r.obligation_id === 'AU-APRA-CPS234-INC' ? { ...r, deadline_ts: '2025-04-11T22:41:00.000Z' } : r));
    const check = checkDeadlines(rows, { config: report.config, playbook: report.playbook }, report.effectTsById);
    expect(check.pass).toBe(false);
    expect(check.mismatches.map((m) => m.obligation_id)).toEqual(['AU-APRA-CPS234-INC']);
  });

  it('the scenario playbook replaces the default steps and is evaluated from detection', () => {
    const withPlaybook = makeScenario(`${fault('outage', 'lp')}playbook:\n  steps:\n    - id: page-cfo\n      title: CFO paged\n      deadline: 10m\n      done_after: 12m\n    - id: regulator-call\n      title: Regulator courtesy call\n      deadline: { business_days: 1 }\n      done_after: null\n`);
    const r = computeCompliance(inputs(withPlaybook, [[START + 11 * MIN, alert('lp')]]));
    expect(r.playbookRows.map((x) => [x.obligation_id, x.status])).toEqual([['PLAYBOOK-PAGE-CFO', 'LATE'], ['PLAYBOOK-REGULATOR-CALL', 'ON_TIME']]);
    expect(r.playbookRows[0]!.slack_s).toBe('-120');
    expect(r.deadlineCheck.pass).toBe(true);
  });

  it('scenario rule switches map to rule overrides; unknown ids are reported, not fatal', () => {
    const x = makeScenario('compliance:\n  rules:\n    AU-ASIC-IDR: false\n    NOT-A-RULE: true\n');
    const { config, unknownRuleIds } = toComplianceConfig(x);
    expect(config.rules).toEqual({ 'AU-ASIC-IDR': { enabled: false } });
    expect(unknownRuleIds).toEqual(['NOT-A-RULE']);
    expect(config.calendars).toEqual({ AU: 'AU-NSW' });
  });
});

describe('the playbook counts days on the reporting calendar unless it names its own', () => {
  // Detection 11 minutes after START (Tue 8 Apr 2025, 08:11 AEST = 10:11 NZST). The default
  // post-incident report is due in 5 business days: Wed 9, Thu 10, Fri 11, Mon 14, Tue 15 April (no
  // holiday in either place), at the end of that local day.
  const reportRow = (s: Scenario) => computeCompliance(inputs(s, [[START + 11 * MIN, alert('lp')]])).playbookRows.find((r) => r.obligation_id === 'PLAYBOOK-POST-INCIDENT-REPORT')!;

  it('an AU reporting calendar: NSW business days, the end of Tue 15 April in Sydney (AEST, UTC+10)', () => {
    const row = reportRow(makeScenario(fault('outage', 'lp')));
    expect([row.calendar, row.deadline_ts]).toEqual(['AU-NSW', '2025-04-15T13:59:59.999Z']);
  });

  it('an NZ reporting calendar and no playbook section: NZ working days, the end of Tue 15 April in Auckland (NZST, UTC+12)', () => {
    const row = reportRow(makeScenario(`${fault('outage', 'lp')}reporting: { calendar: NZ, timezone: Pacific/Auckland }\n`));
    expect([row.calendar, row.deadline_ts]).toEqual(['NZ', '2025-04-15T11:59:59.999Z']);
  });

  it('a playbook that names its calendar keeps it', () => {
    const row = reportRow(makeScenario(`${fault('outage', 'lp')}reporting: { calendar: NZ, timezone: Pacific/Auckland }\nplaybook:\n  calendar: AU-NSW\n`));
    expect([row.calendar, row.deadline_ts]).toEqual(['AU-NSW', '2025-04-15T13:59:59.999Z']);
  });
});
