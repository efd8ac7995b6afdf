import { describe, expect, it } from 'vitest';
import { Dec } from '../../../src/finance/decimal.js';
import {
  austracInfringementAud,
  austracStatutoryMaxAud,
  checkDeadlines,
  DEFAULT_PLAYBOOK_STEPS,
  evaluateCompliance,
  formatMoney,
  penaltyReference,
  penaltyUnitAud,
  penaltyUnitsToAud,
  resolvePlaybook,
  type ComplianceRow,
} from '../../../src/finance/compliance/index.js';

const MIN = 60_000;

describe('penalty references (§5.4)', () => {
  it('penalty-unit arithmetic: 60 × 330 = 19,800 and 100,000 × 330 = 33,000,000 from 7 Nov 2024; 313 before', () => {
    expect(penaltyUnitAud('2024-11-07').toFixed(2)).toBe('330.00');
    expect(penaltyUnitAud('2024-11-06').toFixed(2)).toBe('313.00');
    expect(penaltyUnitsToAud('60', '2025-01-01').toFixed(2)).toBe('19800.00');
    expect(penaltyUnitsToAud('100000', '2025-01-01').toFixed(2)).toBe('33000000.00');
    expect(austracInfringementAud(1, '2024-01-01').toFixed(2)).toBe('18780.00');
    expect(austracStatutoryMaxAud(1, '2024-01-01').toFixed(2)).toBe('31300000.00');
    expect(austracInfringementAud(3, '2025-06-01').toFixed(2)).toBe('59400.00');
    expect(penaltyUnitsToAud('600', '2024-01-01').toFixed(2)).toBe('187800.00'); // Revolut late IFTIs
    expect(() => penaltyUnitAud('2023-06-30')).toThrow(/no Commonwealth penalty unit/);
  });

  it('returns Dec, never a JS number, for money', () => {
    const v = austracStatutoryMaxAud(2, '2025-01-01');
    expect(v).toBeInstanceOf(Dec);
    expect(typeof v).not.toBe('number');
    for (const f of penaltyReference('austrac', '2025-01-01').figures) expect(typeof f.amount).toBe('string');
  });

  it('labels the statutory maximum and formats amounts', () => {
    const ref = penaltyReference('austrac', '2025-01-01');
    expect(ref.text).toContain('AUD 19,800.00');
    expect(ref.text).toContain('AUD 33,000,000.00');
    expect(ref.text).toContain('statutory maximum, not an estimate');
    expect(ref.text).toMatch(/not provisioned/);
    expect(formatMoney(new Dec('-1234567.005'), 'NZD')).toBe('NZD -1,234,567.00');
    expect(penaltyReference('pci_visa', '2025-01-01').figures[0]).toMatchObject({ amount: '100000.00', ccy: 'USD' });
  });
});

describe('playbook', () => {
  const detect = Date.parse('2025-03-04T00:00:00Z'); // Tue 11:00 AEDT
  const incident = { kind: 'incident_detected' as const, id: 'inc-1', ts: detect, jurisdiction: 'AU' as const };
  const pb = (rows: readonly ComplianceRow[]): ComplianceRow[] => rows.filter((r) => r.kind === 'playbook');

  it('evaluates the default steps like regulatory clocks', () => {
    const r = evaluateCompliance({ triggers: [incident], drillEndTs: detect + 2 * 3_600_000 });
    const rows = pb(r.rows);
    expect(rows.map((x) => x.obligation_id)).toEqual([
      'PLAYBOOK-NOTIFY-ENGINEERING', 'PLAYBOOK-NOTIFY-LEGAL', 'PLAYBOOK-NOTIFY-COMPLIANCE', 'PLAYBOOK-STATUS-PAGE', 'PLAYBOOK-TOP-CLIENT-OUTREACH', 'PLAYBOOK-POST-INCIDENT-REPORT',
    ]);
    expect(rows[0]).toMatchObject({ clock_basis: 'minutes', deadline_ts: '2025-03-04T00:05:00.000Z', submitted_ts: '2025-03-04T00:02:00.000Z', slack_s: '180', status: 'ON_TIME', regulator: 'firm playbook' });
    expect(rows[3]).toMatchObject({ deadline_ts: '2025-03-04T00:15:00.000Z', status: 'ON_TIME' });
    // 5 business days after Tue 4 Mar 2025 (NSW) = Tue 11 Mar, end of day AEDT.
    expect(rows[5]).toMatchObject({ clock_basis: 'business_days', calendar: 'AU-NSW', deadline_ts: '2025-03-11T12:59:59.999Z', status: 'ON_TIME' });
  });

  it('is overridable: deadlines, response assumptions, steps and on/off', () => {
    const r = evaluateCompliance({
      triggers: [incident],
      drillEndTs: detect + 2 * 3_600_000,
      playbook: { overrides: { 'status-page': { responseDelayMs: 20 * MIN }, 'top-client-outreach': { responseDelayMs: null }, 'notify-legal': { enabled: false } } },
    });
    const rows = pb(r.rows);
    expect(rows.find((x) => x.obligation_id === 'PLAYBOOK-STATUS-PAGE')).toMatchObject({ status: 'LATE', slack_s: '-300' });
    expect(rows.find((x) => x.obligation_id === 'PLAYBOOK-TOP-CLIENT-OUTREACH')).toMatchObject({ status: 'MISSED', submitted_ts: '' });
    expect(rows.some((x) => x.obligation_id === 'PLAYBOOK-NOTIFY-LEGAL')).toBe(false);
    expect(pb(evaluateCompliance({ triggers: [incident], drillEndTs: detect + MIN, playbook: { enabled: false } }).rows)).toHaveLength(0);
    const custom = resolvePlaybook({ steps: [{ id: 'regulator-call', title: 'Call the regulator', clock: { basis: 'hours', hours: 2 }, responseDelayMs: MIN }] });
    expect(custom).toHaveLength(1);
    expect(DEFAULT_PLAYBOOK_STEPS).toHaveLength(6);
  });

  it('an observed completion from the engine beats the assumption, and playbook deadlines recompute', () => {
    const r = evaluateCompliance({ triggers: [{ ...incident, submissions: { 'PLAYBOOK-NOTIFY-ENGINEERING': detect + 7 * MIN } }], drillEndTs: detect + 3_600_000 });
    expect(pb(r.rows)[0]).toMatchObject({ status: 'LATE', slack_s: '-120' });
    expect(checkDeadlines(r.rows).pass).toBe(true);
  });
});
