import { describe, expect, it } from 'vitest';
import { fixed, plain } from '../../../src/finance/decimal.js';
import { computeDetectionBound, computeErrorBudget, computeIncidentTimings, computePercentile, summarizeDurations } from '../../../src/finance/incidents.js';

describe('incident timings (finance-reference.md §7.1)', () => {
  it('TTD from the fault and from the impact, TTA, TTM, TTR(recover), TTR(resolve)', () => {
    const t = computeIncidentTimings({
      tFault: '2025-04-05T10:00:00.000Z',
      tImpact: '2025-04-05T10:00:30.000Z',
      tDetect: '2025-04-05T10:02:30.000Z',
      tAck: Date.parse('2025-04-05T10:04:00.000Z'),
      tMitigate: '2025-04-05T10:12:30.000Z',
      tRecover: '2025-04-05T10:42:30.000Z',
      tResolve: '2025-04-06T10:00:30.000Z',
    });
    expect(t).toEqual({ ttdS: 150, ttdFromImpactS: 120, ttaS: 90, ttmS: 720, ttrRecoverS: 2520, ttrResolveS: 86_400 });
  });

  it('missing timestamps give null; out-of-order timestamps are rejected', () => {
    expect(computeIncidentTimings({ tFault: 0, tDetect: 60_000 }).ttaS).toBeNull();
    expect(computeIncidentTimings({ tFault: 0, tDetect: 60_000 }).ttdFromImpactS).toBe(60);
    expect(() => computeIncidentTimings({ tFault: 60_000, tDetect: 0 })).toThrow(/negative/);
  });
});

describe('detection bound (§7.2)', () => {
  it.each([
    [60, 3, 0, 150, 180],
    [30, 1, 0, 15, 30],
    [60, 3, 10, 160, 190],
  ])('Δ=%i s, k=%i, latency %i s → mean %i s, max %i s', (d, k, lat, mean, max) => {
    expect(computeDetectionBound(d, k, lat)).toEqual({ meanS: mean, maxS: max });
  });
});

describe('distributions (§7.1): nearest-rank percentiles', () => {
  it('n, p50, p90, max, mean', () => {
    const s = summarizeDurations([120, 30, 600, 90, null, 45, 150, 60, 75, 240, 3600]);
    expect(s).toEqual({ n: 10, p50: 90, p90: 600, max: 3600, mean: 501, method: 'nearest-rank' });
  });
  it.each([
    [[5], 50, 5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, 9],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 91, 10],
    [[3, 1, 2], 50, 2],
  ])('percentile(%j, %i) = %i', (xs, p, v) => {
    expect(computePercentile(xs, p)).toBe(v);
  });
  it('empty input', () => {
    expect(summarizeDurations([]).p90).toBeNull();
  });
});

describe('error budget and burn rate (§7.3)', () => {
  it('42-minute total outage vs 99.9% over 30 days: burn 1,000×, 97.2% of 43.2 minutes', () => {
    const b = computeErrorBudget({ slo: '0.999', windowMinutes: 43_200, errorRatio: '1', observedMinutes: 42 });
    expect(plain(b.budgetRatio)).toBe('0.001');
    expect(plain(b.budgetMinutes)).toBe('43.2');
    expect(plain(b.burnRate)).toBe('1000');
    expect(fixed(b.consumedPct, 1)).toBe('97.2');
    expect(plain(b.timeToExhaustionMinutes!)).toBe('43.2');
  });

  it('SRE Workbook page threshold: burn 14.4 over 1 h consumes 2% of a 30-day budget', () => {
    const b = computeErrorBudget({ slo: '0.999', windowMinutes: 43_200, errorRatio: '0.0144', observedMinutes: 60 });
    expect(plain(b.burnRate)).toBe('14.4');
    expect(fixed(b.consumedPct, 1)).toBe('2.0');
  });
});
