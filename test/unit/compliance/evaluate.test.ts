import { describe, expect, it } from 'vitest';
import {
  ALL_RULES,
  checkDeadlines,
  classifyObligation,
  COMPLIANCE_CSV_COLUMNS,
  COMPLIANCE_DISCLAIMER,
  evaluateCompliance,
  msToSeconds,
  resolveRules,
  REGIME_IDS,
  type ComplianceRow,
  type ComplianceTrigger,
} from '../../../src/finance/compliance/index.js';
import { extendCalendar } from '../../../src/finance/calendars/index.js';

const H = 3_600_000;
const MIN = 60_000;
const iso = (s: string): number => Date.parse(s);
const only = (rows: readonly ComplianceRow[], id: string): ComplianceRow[] => rows.filter((r) => r.obligation_id === id && r.applicable && r.trigger_event_id !== '');
const one = (rows: readonly ComplianceRow[], id: string): ComplianceRow => {
  const found = only(rows, id);
  expect(found, id).toHaveLength(1);
  return found[0]!;
};

// Thu 17 Apr 2025, 10:00 AEST.
const CASH: ComplianceTrigger = { kind: 'cash_txn', id: 'ev-cash-1', ts: iso('2025-04-17T00:00:00Z'), amount: '12000.00', ccy: 'AUD', jurisdiction: 'AU' };
const END = iso('2025-04-17T02:00:00Z');

describe('worked examples as compliance rows', () => {
  it('TTR on Thu 17 Apr 2025 is due Tue 6 May 23:59:59.999 AEST under NSW, Wed 7 May under QLD', () => {
    const nsw = evaluateCompliance({ triggers: [CASH], drillEndTs: END, playbook: { enabled: false } });
    const ttr = one(nsw.rows, 'AU-AUSTRAC-TTR');
    expect(ttr).toMatchObject({
      kind: 'regulatory', regulator: 'AUSTRAC', jurisdiction: 'AU', applicable: true, trigger_event_id: 'ev-cash-1',
      trigger_ts: '2025-04-17T00:00:00.000Z', clock_basis: 'business_days', calendar: 'AU-NSW',
      clock_start_ts: '2025-04-17T00:00:00.000Z', deadline_ts: '2025-05-06T13:59:59.999Z', submitted_ts: '', status: 'ON_TIME',
    });
    expect(ttr.source_url).toContain('threshold-transaction-reports-reform');
    expect(ttr.penalty_reference).toContain('60 PU × AUD 330.00 = AUD 19,800.00');
    expect(ttr.penalty_reference).toContain('AUD 33,000,000.00 per contravention (s175(4); statutory maximum, not an estimate)');
    const qld = evaluateCompliance({ triggers: [CASH], drillEndTs: END, config: { calendars: { AU: 'AU-QLD' } }, playbook: { enabled: false } });
    expect(one(qld.rows, 'AU-AUSTRAC-TTR')).toMatchObject({ calendar: 'AU-QLD', deadline_ts: '2025-05-07T13:59:59.999Z' });
    expect(qld.calendarsUsed).toEqual(['AU-QLD']);
    // The trigger may name the place concerned itself.
    const perTrigger = evaluateCompliance({ triggers: [{ ...CASH, calendar: 'AU-QLD' }], drillEndTs: END, playbook: { enabled: false } });
    expect(one(perTrigger.rows, 'AU-AUSTRAC-TTR').deadline_ts).toBe('2025-05-07T13:59:59.999Z');
  });

  it('72-hour clock across the April 2025 DST change: Sat 10:00 AEDT → Tue 09:00 AEST', () => {
    const start = iso('2025-04-05T10:00:00+11:00');
    const r = evaluateCompliance({
      triggers: [{ kind: 'incident_detected', id: 'inc-1', ts: start, categories: ['data_breach'], jurisdiction: 'NZ' }],
      drillEndTs: start + 2 * H, playbook: { enabled: false },
    });
    expect(one(r.rows, 'NZ-OPC-PRIVACY').deadline_ts).toBe('2025-04-07T23:00:00.000Z');
  });
});

describe('rows', () => {
  it('carry exactly the compliance.csv columns plus kind', () => {
    const r = evaluateCompliance({ triggers: [CASH], drillEndTs: END });
    for (const row of r.rows) expect(Object.keys(row).sort()).toEqual([...COMPLIANCE_CSV_COLUMNS].sort());
    expect(JSON.parse(JSON.stringify(r.rows))).toEqual(r.rows);
    expect(r.disclaimer).toBe(COMPLIANCE_DISCLAIMER);
  });

  it('below-threshold cash creates no TTR; a foreign-currency amount is tested on its AUD equivalent', () => {
    const small = evaluateCompliance({ triggers: [{ ...CASH, amount: '9999.99' }], drillEndTs: END });
    expect(only(small.rows, 'AU-AUSTRAC-TTR')).toHaveLength(0);
    expect(small.rows.find((r) => r.obligation_id === 'AU-AUSTRAC-TTR')?.status).toBe('NOT_TRIGGERED');
    const usd = evaluateCompliance({ triggers: [{ ...CASH, amount: '7000', ccy: 'USD', amountEquivalents: { AUD: '10687.02' } }], drillEndTs: END });
    expect(only(usd.rows, 'AU-AUSTRAC-TTR')).toHaveLength(1);
    const untested = evaluateCompliance({ triggers: [{ ...CASH, amount: '7000', ccy: 'USD' }], drillEndTs: END });
    expect(one(untested.rows, 'AU-AUSTRAC-TTR').clock_start_assumption).toMatch(/not tested/);
  });

  it('routes triggers by jurisdiction and category', () => {
    const t: ComplianceTrigger[] = [
      { kind: 'cash_txn', id: 'nz-cash', ts: iso('2025-03-03T01:00:00Z'), amount: '10000', ccy: 'NZD', jurisdiction: 'NZ' },
      { kind: 'international_transfer', id: 'nz-ift', ts: iso('2025-03-03T01:00:00Z'), amount: '999.99', ccy: 'NZD', jurisdiction: 'NZ' },
      { kind: 'international_transfer', id: 'au-ift', ts: iso('2025-03-03T01:00:00Z'), amount: '5', ccy: 'AUD', jurisdiction: 'AU' },
      { kind: 'suspicion_formed', id: 'tf', ts: iso('2025-03-03T01:00:00Z'), terrorismFinancing: true, jurisdiction: 'AU' },
      { kind: 'incident_detected', id: 'card', ts: iso('2025-03-03T01:00:00Z'), categories: ['card_data', 'reportable_situation'], jurisdiction: 'AU' },
    ];
    const r = evaluateCompliance({ triggers: t, drillEndTs: iso('2025-03-03T03:00:00Z'), playbook: { enabled: false } });
    const ids = (ev: string): string[] => r.rows.filter((x) => x.trigger_event_id === ev && x.applicable).map((x) => x.obligation_id).sort();
    expect(ids('nz-cash')).toEqual(['NZ-FIU-PTR-LCT']);
    expect(ids('nz-ift')).toEqual([]);
    expect(ids('au-ift')).toEqual(['AU-AUSTRAC-IFTI']);
    expect(ids('tf')).toEqual(['AU-AUSTRAC-SMR-TF']);
    expect(ids('card')).toEqual(['AU-ASIC-BREACH', 'PCI-VISA', 'PCI-VISA-ACCTS', 'PCI-VISA-IR']);
    expect(one(r.rows, 'AU-AUSTRAC-SMR-TF').deadline_ts).toBe('2025-03-04T01:00:00.000Z');
    // SMR-TF not submitted, 2 h of 24 h used at drill end → on track.
    expect(one(r.rows, 'AU-AUSTRAC-SMR-TF').status).toBe('ON_TIME');
    // Visa "immediately" with no notification → MISSED at drill end.
    expect(one(r.rows, 'PCI-VISA').status).toBe('MISSED');
  });

  it('ASIC breach: 30 days after awareness, rolled to the next business day; materiality delay moves the clock start', () => {
    const ts = iso('2025-03-06T22:00:00Z'); // Fri 7 Mar 2025 09:00 AEDT
    const r = evaluateCompliance({
      triggers: [{ kind: 'incident_detected', id: 'inc', ts, categories: ['reportable_situation'], jurisdiction: 'AU' }],
      drillEndTs: ts + 3 * H, assumptions: { materialityAssessmentDelayMs: 2 * H }, playbook: { enabled: false },
    });
    const row = one(r.rows, 'AU-ASIC-BREACH');
    expect(row.clock_start_ts).toBe('2025-03-07T00:00:00.000Z');
    expect(row.clock_start_assumption).toMatch(/materiality_assessment_delay = PT2H/);
    expect(row.deadline_ts).toBe('2025-04-07T13:59:59.999Z'); // Sun 6 Apr → Mon 7 Apr, AEST
  });

  it('NZ SAR uses working days and the 25 Dec – 2 Jan exclusion (switchable)', () => {
    const ts = iso('2025-12-22T23:00:00Z'); // Tue 23 Dec 2025 12:00 NZDT
    const trig: ComplianceTrigger = { kind: 'suspicion_formed', id: 'sar', ts, jurisdiction: 'NZ' };
    const strict = evaluateCompliance({ triggers: [trig], drillEndTs: ts + H, playbook: { enabled: false } });
    expect(one(strict.rows, 'NZ-FIU-SAR').deadline_ts).toBe('2026-01-06T10:59:59.999Z');
    const loose = evaluateCompliance({ triggers: [trig], drillEndTs: ts + H, config: { nzWorkingDayRule: { definition: 'public_holidays' } }, playbook: { enabled: false } });
    expect(one(loose.rows, 'NZ-FIU-SAR').deadline_ts).toBe('2025-12-30T10:59:59.999Z');
  });

  it('travel rule: before effect; effective from 2026-03-31 by default, overridable', () => {
    const ts = iso('2026-04-01T01:00:00Z');
    const sent: ComplianceTrigger = { kind: 'va_transfer', id: 'va-1', ts, effectTs: ts + 30_000, controlTs: ts + 10_000, jurisdiction: 'AU' };
    const late: ComplianceTrigger = { kind: 'va_transfer', id: 'va-2', ts, effectTs: ts + 30_000, controlTs: ts + 60_000, jurisdiction: 'AU' };
    const none: ComplianceTrigger = { kind: 'va_transfer_without_travel_msg', id: 'va-3', ts, effectTs: ts + 30_000, jurisdiction: 'AU' };
    const r = evaluateCompliance({ triggers: [sent, late, none], drillEndTs: ts + H, playbook: { enabled: false } });
    const st = (id: string): string => r.rows.find((x) => x.trigger_event_id === id && x.obligation_id === 'AU-AUSTRAC-TRAVEL')!.status;
    expect([st('va-1'), st('va-2'), st('va-3')]).toEqual(['ON_TIME', 'LATE', 'MISSED']);
    expect(one(r.rows.filter((x) => x.trigger_event_id === 'va-2'), 'AU-AUSTRAC-TRAVEL').slack_s).toBe('-30');

    const before = { ...none, ts: iso('2026-03-01T01:00:00Z'), effectTs: iso('2026-03-01T01:00:30Z') };
    const pre = evaluateCompliance({ triggers: [before], drillEndTs: before.ts + H, playbook: { enabled: false } });
    const row = pre.rows.find((x) => x.trigger_event_id === 'va-3')!;
    expect(row).toMatchObject({ applicable: false, status: 'NOT_TRIGGERED' });
    expect(row.clock_start_assumption).toMatch(/not in force before 2026-03-31/);
    const overridden = evaluateCompliance({ triggers: [before], drillEndTs: before.ts + H, config: { rules: { 'AU-AUSTRAC-TRAVEL': { effectiveFrom: '2026-01-01' } } }, playbook: { enabled: false } });
    expect(one(overridden.rows, 'AU-AUSTRAC-TRAVEL').status).toBe('MISSED');
  });

  it('pre-trade controls: order outside band blocked is ON_TIME, accepted is MISSED; best-ex within tolerance is not a finding', () => {
    const ts = iso('2025-06-02T01:00:00Z');
    const r = evaluateCompliance({
      triggers: [
        { kind: 'order_outside_band', id: 'o-1', ts, controlTs: ts, jurisdiction: 'AU' },
        { kind: 'order_outside_band', id: 'o-2', ts, controlTs: null, jurisdiction: 'AU' },
        { kind: 'fill_on_stale_price', id: 'f-1', ts, slippageBps: '5', jurisdiction: 'AU' },
        { kind: 'fill_on_stale_price', id: 'f-2', ts, slippageBps: '119.17', jurisdiction: 'AU' },
      ],
      drillEndTs: ts + H, playbook: { enabled: false },
    });
    const st = (id: string, rule: string): string | undefined => r.rows.find((x) => x.trigger_event_id === id && x.obligation_id === rule)?.status;
    expect(st('o-1', 'AU-ASIC-AOP')).toBe('ON_TIME');
    expect(st('o-2', 'AU-ASIC-AOP')).toBe('MISSED');
    expect(st('f-1', 'AU-ASIC-BESTEX')).toBeUndefined();
    expect(st('f-2', 'AU-ASIC-BESTEX')).toBe('MISSED');
  });
});

describe('status transitions (§5.1)', () => {
  const start = iso('2025-03-03T00:00:00Z');
  const deadline = start + 100 * H;
  it.each([
    ['submitted before the deadline', start + 10 * H, start + 200 * H, 'ON_TIME', 90 * 3600],
    ['submitted exactly at the deadline', deadline, start + 200 * H, 'ON_TIME', 0],
    ['submitted after the deadline', deadline + 1000, start + 200 * H, 'LATE', -1],
    ['open, 30% of the window left', undefined, start + 70 * H, 'ON_TIME', 30 * 3600],
    ['open, 24% of the window left', undefined, start + 76 * H, 'AT_RISK', 24 * 3600],
    ['open at the deadline instant', undefined, deadline, 'AT_RISK', 0],
    ['not submitted, deadline passed', undefined, deadline + 1, 'MISSED', -0.001],
  ] as const)('%s', (_label, submitted, end, status, slackS) => {
    const c = classifyObligation(start, deadline, submitted, end);
    expect(c.status).toBe(status);
    expect(c.slackMs / 1000).toBe(slackS);
  });

  it('via the evaluator, with submission delays per obligation', () => {
    const ts = iso('2025-03-03T01:00:00Z');
    const trig: ComplianceTrigger = { kind: 'incident_detected', id: 'inc', ts, categories: ['information_security'], jurisdiction: 'NZ' };
    const run = (delay: number | null, end: number): ComplianceRow =>
      one(evaluateCompliance({ triggers: [trig], drillEndTs: end, assumptions: { submissionDelaysMs: { 'NZ-RBNZ-CYBER': delay } }, playbook: { enabled: false } }).rows, 'NZ-RBNZ-CYBER');
    expect(run(71 * H, ts + H)).toMatchObject({ status: 'ON_TIME', slack_s: '3600', submitted_ts: '2025-03-06T00:00:00.000Z' });
    expect(run(73 * H, ts + H)).toMatchObject({ status: 'LATE', slack_s: '-3600' });
    expect(run(null, ts + 60 * H)).toMatchObject({ status: 'AT_RISK', slack_s: String(12 * 3600), submitted_ts: '' });
    expect(run(null, ts + 73 * H)).toMatchObject({ status: 'MISSED', slack_s: '-3600' });
    // An observed submission from the engine beats the assumption.
    const observed = evaluateCompliance({ triggers: [{ ...trig, submissions: { 'NZ-RBNZ-CYBER': ts + 5 * MIN } }], drillEndTs: ts + H, assumptions: { submissionDelaysMs: { 'NZ-RBNZ-CYBER': null } }, playbook: { enabled: false } });
    expect(one(observed.rows, 'NZ-RBNZ-CYBER')).toMatchObject({ status: 'ON_TIME', slack_s: String(72 * 3600 - 300) });
    expect(one(observed.rows, 'NZ-RBNZ-CYBER').evidence_ref).toMatch(/observed/);
  });

  it('summarises counts by status, tightest slack and indicative AUSTRAC exposure (Dec strings)', () => {
    const ts = iso('2025-04-17T00:00:00Z');
    const r = evaluateCompliance({
      triggers: [CASH, { ...CASH, id: 'ev-cash-2' }],
      drillEndTs: iso('2025-05-10T00:00:00Z'),
      playbook: { enabled: false },
    });
    expect(only(r.rows, 'AU-AUSTRAC-TTR').map((x) => x.status)).toEqual(['MISSED', 'MISSED']);
    expect(r.byStatus.MISSED).toBe(2);
    expect(r.penaltyExposure).toEqual({ lateOrMissed: 2, infringementAud: '39600.00', statutoryMaxAud: '66000000.00', label: 'statutory maximum, not an estimate' });
    expect(r.tightestSlackS).toBe(msToSeconds(iso('2025-05-06T13:59:59.999Z') - iso('2025-05-10T00:00:00Z')));
    expect(ts).toBe(CASH.ts);
  });
});

describe('regime and rule switches', () => {
  it('APRA is off by default; every other regime is on', () => {
    const rules = resolveRules();
    for (const r of rules) expect(r.enabled, r.id).toBe(!r.regime.startsWith('apra'));
    expect(REGIME_IDS).toHaveLength(10);
  });

  it('switching APRA CPS 230 on creates its rows; switching austrac off silences TTR but lists it as not applicable', () => {
    const ts = iso('2025-03-03T01:00:00Z');
    const trig: ComplianceTrigger = { kind: 'incident_detected', id: 'inc', ts, jurisdiction: 'AU' };
    const off = evaluateCompliance({ triggers: [trig], drillEndTs: ts + H, playbook: { enabled: false } });
    expect(only(off.rows, 'AU-APRA-CPS230-INC')).toHaveLength(0);
    expect(off.rows.find((r) => r.obligation_id === 'AU-APRA-CPS230-INC')).toMatchObject({ applicable: false, status: 'NOT_TRIGGERED' });
    const on = evaluateCompliance({ triggers: [trig], drillEndTs: ts + H, config: { regimes: { apra_cps230: true } }, playbook: { enabled: false } });
    expect(one(on.rows, 'AU-APRA-CPS230-INC').deadline_ts).toBe('2025-03-06T01:00:00.000Z');

    const noAustrac = evaluateCompliance({ triggers: [CASH], drillEndTs: END, config: { regimes: { austrac: false } } });
    expect(only(noAustrac.rows, 'AU-AUSTRAC-TTR')).toHaveLength(0);
    expect(noAustrac.rows.find((r) => r.obligation_id === 'AU-AUSTRAC-TTR')?.applicable).toBe(false);
    const hidden = evaluateCompliance({ triggers: [CASH], drillEndTs: END, config: { regimes: { austrac: false }, listInapplicable: false } });
    expect(hidden.rows.some((r) => r.obligation_id.startsWith('AU-AUSTRAC'))).toBe(false);
  });

  it('a rule override beats its regime switch; unknown rule ids are rejected', () => {
    const cfg = { regimes: { austrac: false }, rules: { 'AU-AUSTRAC-TTR': { enabled: true } } };
    const r = evaluateCompliance({ triggers: [CASH], drillEndTs: END, config: cfg });
    expect(only(r.rows, 'AU-AUSTRAC-TTR')).toHaveLength(1);
    expect(() => resolveRules({ rules: { 'AU-NOPE': { enabled: true } } })).toThrow(/unknown rule id/);
  });

  it('every rule of §5.2/§5.3 is present with a source and a verification tag', () => {
    const ids = ALL_RULES.map((r) => r.id);
    for (const id of ['AU-AUSTRAC-SMR-TF', 'AU-AUSTRAC-SMR', 'AU-AUSTRAC-TTR', 'AU-AUSTRAC-IFTI', 'AU-AUSTRAC-TRAVEL', 'AU-AUSTRAC-RECORDS', 'AU-AUSTRAC-ANNUAL',
      'AU-APRA-CPS230-INC', 'AU-APRA-CPS230-TOL', 'AU-APRA-CPS234-INC', 'AU-APRA-CPS234-WEAK', 'AU-ASIC-BREACH', 'AU-ASIC-IDR', 'AU-ASIC-BESTEX', 'AU-ASIC-AOP',
      'AU-OAIC-NDB', 'PCI-LOG', 'PCI-VISA', 'NZ-FIU-SAR', 'NZ-FIU-PTR-LCT', 'NZ-FIU-PTR-IFT', 'NZ-RECORDS', 'NZ-FMA-INC', 'NZ-RBNZ-CYBER', 'NZ-OPC-PRIVACY']) {
      expect(ids).toContain(id);
    }
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of ALL_RULES) {
      expect(r.sourceUrl, r.id).toMatch(/^https?:\/\//);
      expect(['P', 'S', 'V', 'P/S']).toContain(r.verification);
    }
  });

  it('custom calendars from config are usable by id', () => {
    const cal = extendCalendar('AU-NSW', { id: 'AU-NSW-TEST', name: 'NSW + a proclaimed day', holidays: [{ date: '2025-04-22', name: 'Proclaimed day', kind: 'public' }] });
    const r = evaluateCompliance({ triggers: [CASH], drillEndTs: END, config: { calendars: { AU: 'AU-NSW-TEST' }, customCalendars: [cal] } });
    expect(one(r.rows, 'AU-AUSTRAC-TTR').deadline_ts).toBe('2025-05-07T13:59:59.999Z');
    expect(checkDeadlines(r.rows, { config: { customCalendars: [cal] } }).pass).toBe(true);
  });
});

describe('international rules (PCI DSS, card schemes) count days where the firm is', () => {
  // Card data suspected at Tue 8 Apr 2025 10:11 NZST (08:11 AEST). PCI-VISA-IR: 3 working days,
  // Wed 9, Thu 10, Fri 11 April (no holiday in either country), due at the end of that local day.
  const CARD: ComplianceTrigger = { kind: 'incident_detected', id: 'A1', ts: iso('2025-04-07T22:11:00Z'), categories: ['card_data'] };
  const run = (firmCountry?: 'AU' | 'NZ') => one(evaluateCompliance({ triggers: [CARD], drillEndTs: iso('2025-04-08T00:00:00Z'), playbook: { enabled: false }, config: firmCountry === undefined ? {} : { firm: { country: firmCountry, licences: [] } } }).rows, 'PCI-VISA-IR');

  it('an NZ firm: NZ working days, the end of Fri 11 April in Auckland (NZST, UTC+12)', () => {
    expect(run('NZ')).toMatchObject({ jurisdiction: 'NZ', calendar: 'NZ', deadline_ts: '2025-04-11T11:59:59.999Z' });
  });

  it('an AU firm, and the module default: NSW, the end of Fri 11 April in Sydney (AEST, UTC+10)', () => {
    expect(run('AU')).toMatchObject({ jurisdiction: 'AU', calendar: 'AU-NSW', deadline_ts: '2025-04-11T13:59:59.999Z' });
    expect(run()).toMatchObject({ jurisdiction: 'AU', calendar: 'AU-NSW', deadline_ts: '2025-04-11T13:59:59.999Z' });
  });
});
