import { describe, expect, it } from 'vitest';
import { fixed, plain } from '../../../src/finance/decimal.js';
import { bucketRequests, computeClaimDeadline, computeMonthlyUptime, computeSlaCredit, contractMonthsBetween, countDowntimeMinutes, getContractMonth, getUtcMonth, selectCreditTier, SLA_TEMPLATES } from '../../../src/finance/sla.js';

const APR = Date.parse('2025-04-05T00:00:00Z');
const minute = (m: number) => APR + m * 60_000;

describe('downtime minutes (finance-reference.md §6.1)', () => {
  it('error-rate rule: > 5% in a 60 s window, strict; empty windows are not down', () => {
    const obs = [
      { ts: minute(0), bad: 5, total: 100 }, // exactly 5%: up
      { ts: minute(1), bad: 6, total: 100 }, // 6%: down
      { ts: minute(2), bad: 0, total: 0 },
      { ts: minute(3), bad: 100, total: 100 },
      { ts: minute(4), bad: 1, total: 10 }, // 10%: down but excluded (maintenance)
    ];
    const d = countDowntimeMinutes(obs, { kind: 'error_rate' }, [{ from: minute(4), to: minute(5) }]);
    expect(plain(d.downtimeMinutes)).toBe('2');
    expect(plain(d.excludedMinutes)).toBe('1');
    expect(d.downWindows).toEqual([minute(1), minute(3)]);
    expect(d.ruleLabel).toBe('error_rate>0.05/60s');
  });

  it('probes-only rule: down when no probe succeeded', () => {
    const d = countDowntimeMinutes([{ ts: minute(0), bad: 2, total: 3 }, { ts: minute(1), bad: 3, total: 3 }, { ts: minute(2), bad: 0, total: 0 }], { kind: 'probes' });
    expect(plain(d.downtimeMinutes)).toBe('2');
  });

  it('custom window and threshold; buckets from raw requests', () => {
    const samples = [
      ...Array.from({ length: 9 }, (_, i) => ({ ts: minute(0) + i * 1000, ok: true })),
      { ts: minute(0) + 29_999, ok: true },
      { ts: minute(1) + 5_000, ok: false },
    ];
    const obs = bucketRequests(samples, 30);
    expect(obs.map((o) => [o.ts - APR, o.bad, o.total])).toEqual([[0, 0, 10], [60_000, 1, 1]]);
    const d = countDowntimeMinutes(bucketRequests(samples, 60), { kind: 'error_rate', threshold: '0.5', windowSeconds: 60 });
    expect(plain(d.downtimeMinutes)).toBe('1');
    const half = countDowntimeMinutes(obs, { kind: 'error_rate', windowSeconds: 30 });
    expect(plain(half.downtimeMinutes)).toBe('0.5');
  });

  it('rejects duplicate windows and impossible counts', () => {
    expect(() => countDowntimeMinutes([{ ts: 0, bad: 1, total: 1 }, { ts: 0, bad: 0, total: 1 }])).toThrow(/twice/);
    expect(() => countDowntimeMinutes([{ ts: 0, bad: 2, total: 1 }])).toThrow(RangeError);
  });
});

describe('monthly uptime (§6.1)', () => {
  it('30-day month = 43,200 min; 95 downtime min → 99.7801%', () => {
    const u = computeMonthlyUptime(95, '2025-04-05T10:00:00Z');
    expect(u.month).toBe('2025-04');
    expect(u.totalMinutes).toBe(43_200);
    expect(fixed(u.uptimePct, 4)).toBe('99.7801');
  });

  it("Atlassian's example: 60 min in a 43,200-minute month → 99.86% → 10% credit", () => {
    const u = computeMonthlyUptime('60', '2025-06-30T23:59:59Z');
    expect(fixed(u.uptimePct, 2)).toBe('99.86');
    const c = computeSlaCredit({ uptimePct: u.uptimePct, tiers: SLA_TEMPLATES['atlassian-cloud-premium']!.tiers, monthlyFee: '12000.00', direction: 'receivable' });
    expect(plain(c.creditPct)).toBe('10');
    expect(fixed(c.creditAmount, 2)).toBe('1200.00');
    expect(fixed(c.pnl, 2)).toBe('1200.00');
  });

  it.each([
    ['2025-02-10T00:00:00Z', 40_320],
    ['2024-02-10T00:00:00Z', 41_760],
    ['2025-01-31T23:59:59.999Z', 44_640],
  ])('UTC month of %s has %i minutes', (ts, mins) => {
    expect(getUtcMonth(ts).totalMinutes).toBe(mins);
  });
});

describe('credit tiers, inclusive bounds and caps (§6.2)', () => {
  const aws = SLA_TEMPLATES['aws-compute-region']!.tiers;
  it.each([
    ['99.99', null],
    ['99.989', '10'],
    ['99.0', '10'],
    ['98.999', '30'],
    ['95.0', '30'],
    ['94.99', '100'],
  ])('AWS compute: %s%% → %s%%', (u, pct) => {
    const t = selectCreditTier(aws, u);
    expect(t === null ? null : String(t.creditPct)).toBe(pct);
  });

  it('payable credit is negative P&L; cap applies', () => {
    const c = computeSlaCredit({ uptimePct: '94', tiers: aws, monthlyFee: '5000.00', cap: '2000.00', direction: 'payable' });
    expect(fixed(c.uncappedAmount, 2)).toBe('5000.00');
    expect(fixed(c.creditAmount, 2)).toBe('2000.00');
    expect(c.capApplied).toBe(true);
    expect(fixed(c.pnl, 2)).toBe('-2000.00');
  });

  it('custom inclusive upper bound and overlap detection', () => {
    expect(selectCreditTier([{ minUptimePct: '99', maxUptimePct: '99.5', maxInclusive: true, creditPct: '5' }], '99.5')).not.toBeNull();
    expect(() => selectCreditTier([{ creditPct: '1' }, { maxUptimePct: '100', creditPct: '2' }], '99')).toThrow(/overlaps/);
  });
});

describe('claim deadlines (§6.1)', () => {
  it('Atlassian: 15 days after month end', () => {
    expect(new Date(computeClaimDeadline('2025-04-05T10:00:00Z', { kind: 'days_after_month_end', days: 15 })).toISOString()).toBe('2025-05-16T00:00:00.000Z');
  });
  it('AWS: end of the second billing cycle after the incident', () => {
    expect(new Date(computeClaimDeadline('2025-04-05T10:00:00Z', { kind: 'end_of_billing_cycle', cycles: 2 })).toISOString()).toBe('2025-07-01T00:00:00.000Z');
    expect(new Date(computeClaimDeadline('2025-11-30T23:00:00Z', { kind: 'end_of_billing_cycle', cycles: 2 })).toISOString()).toBe('2026-02-01T00:00:00.000Z');
  });
});

describe('contract months in a time zone (§6.1: UTC unless the contract says otherwise)', () => {
  it.each([
    // [instant, zone, month, start, end, minutes]: lengths are elapsed minutes, DST hours included.
    ['2025-04-10T00:00:00Z', 'Australia/Sydney', '2025-04', '2025-03-31T13:00:00.000Z', '2025-04-30T14:00:00.000Z', 30 * 1440 + 60], // AEDT → AEST on 6 April
    ['2025-10-10T00:00:00Z', 'Australia/Sydney', '2025-10', '2025-09-30T14:00:00.000Z', '2025-10-31T13:00:00.000Z', 31 * 1440 - 60], // AEST → AEDT on 5 October
    ['2025-03-31T13:30:00Z', 'Australia/Sydney', '2025-04', '2025-03-31T13:00:00.000Z', '2025-04-30T14:00:00.000Z', 30 * 1440 + 60], // already 1 April in Sydney
    ['2024-02-29T23:59:59Z', 'UTC', '2024-02', '2024-02-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z', 29 * 1440],
    ['2025-12-31T12:00:00Z', 'Pacific/Auckland', '2026-01', '2025-12-31T11:00:00.000Z', '2026-01-31T11:00:00.000Z', 31 * 1440], // NZDT all month
  ])('%s in %s is %s', (ts, zone, month, start, end, minutes) => {
    const m = getContractMonth(ts, zone);
    expect([m.month, new Date(m.start).toISOString(), new Date(m.end).toISOString(), m.totalMinutes]).toEqual([month, start, end, minutes]);
  });

  it('every month a window touches, in order; none past its end', () => {
    expect(contractMonthsBetween(Date.parse('2025-03-31T23:00:00Z'), Date.parse('2025-04-01T01:00:00Z')).map((m) => m.month)).toEqual(['2025-03', '2025-04']);
    expect(contractMonthsBetween(Date.parse('2025-03-31T22:00:00Z'), Date.parse('2025-04-01T00:00:00Z')).map((m) => m.month)).toEqual(['2025-03']);
    expect(contractMonthsBetween(Date.parse('2025-01-15T00:00:00Z'), Date.parse('2025-04-15T00:00:00Z')).map((m) => m.month)).toEqual(['2025-01', '2025-02', '2025-03', '2025-04']);
  });

  it('claim deadlines count the zone\'s calendar days and billing cycles', () => {
    // 15 days after April ends in Sydney: 16 May 00:00 AEST = 15 May 14:00Z.
    expect(new Date(computeClaimDeadline('2025-04-10T00:00:00Z', { kind: 'days_after_month_end', days: 15 }, 'Australia/Sydney')).toISOString()).toBe('2025-05-15T14:00:00.000Z');
    // Two cycles after September in Sydney: 1 December 00:00 AEDT = 30 November 13:00Z.
    expect(new Date(computeClaimDeadline('2025-09-10T00:00:00Z', { kind: 'end_of_billing_cycle', cycles: 2 }, 'Australia/Sydney')).toISOString()).toBe('2025-11-30T13:00:00.000Z');
  });

  it('monthly uptime over the zone\'s month: 70 minutes of Sydney\'s April 2025 (43,260 min) → 99.8382 %', () => {
    const u = computeMonthlyUptime(70, '2025-04-10T00:00:00Z', 'Australia/Sydney');
    expect([u.month, u.totalMinutes]).toEqual(['2025-04', 43_260]);
    // 100 × 43,190 / 43,260 = 99.838187… (hand division)
    expect(u.uptimePct.toFixed(4)).toBe('99.8382');
  });
});
