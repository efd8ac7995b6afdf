import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALL_RULES, checkDeadlines, computeDeadline, evaluateCompliance, playbookObligationId, recomputeDeadline, resolvePlaybook, type ClockSpec, type ComplianceTrigger, type TriggerKind } from '../../../src/finance/compliance/index.js';
import { addBusinessDays, isBusinessDay, listCalendarIds, localDateIn, type CalendarRef } from '../../../src/finance/calendars/index.js';

// 2025-01-01 .. 2028-09-30 UTC, leaving room for deadlines to stay inside the shipped years.
const FROM = Date.parse('2025-01-01T00:00:00Z');
const TO = Date.parse('2028-09-30T00:00:00Z');
const KINDS: TriggerKind[] = ['cash_txn', 'international_transfer', 'suspicion_formed', 'incident_detected', 'outage_outside_tolerance', 'control_weakness', 'customer_complaint', 'log_gap', 'va_transfer', 'order_outside_band', 'fill_on_stale_price'];
const AU_CALS = listCalendarIds().filter((id) => id.startsWith('AU-'));
const NZ_CALS = listCalendarIds().filter((id) => id.startsWith('NZ'));

const trigger = fc.record({
  kind: fc.constantFrom(...KINDS),
  ts: fc.integer({ min: FROM, max: TO }),
  jurisdiction: fc.constantFrom<'AU' | 'NZ'>('AU', 'NZ'),
  amount: fc.constantFrom('500', '1000', '9999.99', '10000', '250000'),
  categories: fc.subarray(['operational', 'information_security', 'reportable_situation', 'data_breach', 'card_data'] as const, { minLength: 1 }),
  terrorismFinancing: fc.boolean(),
  effectDelay: fc.integer({ min: 0, max: 120_000 }),
});

describe('recompute agrees with compute (§10.4)', () => {
  it('on generated triggers, calendars, materiality delays and working-day rules', () => {
    let total = 0;
    fc.assert(
      fc.property(
        fc.array(trigger, { minLength: 1, maxLength: 6 }),
        fc.constantFrom(...AU_CALS),
        fc.constantFrom(...NZ_CALS),
        fc.integer({ min: 0, max: 3 * 86_400_000 }),
        fc.constantFrom<'aml_cft' | 'public_holidays'>('aml_cft', 'public_holidays'),
        fc.boolean(),
        (gen, au, nz, materiality, definition, excludeBankHolidays) => {
          const triggers: ComplianceTrigger[] = gen.map((g, i) => ({
            kind: g.kind, id: `t${i}`, ts: g.ts, jurisdiction: g.jurisdiction, amount: g.amount, ccy: g.jurisdiction === 'AU' ? 'AUD' : 'NZD',
            categories: g.categories, terrorismFinancing: g.terrorismFinancing, effectTs: g.ts + g.effectDelay, slippageBps: '50',
          }));
          const config = { calendars: { AU: au, NZ: nz }, regimes: { apra_cps230: true, apra_cps234: true }, nzWorkingDayRule: { definition }, excludeBankHolidays };
          const r = evaluateCompliance({ triggers, drillEndTs: Math.max(...triggers.map((t) => t.ts)) + 3_600_000, config, assumptions: { materialityAssessmentDelayMs: materiality } });
          const effect = Object.fromEntries(triggers.map((t) => [t.id, new Date(t.effectTs!).toISOString()]));
          const check = checkDeadlines(r.rows, { config }, effect);
          expect(check.mismatches).toEqual([]);
          total += check.checked;
        },
      ),
      { numRuns: 150, seed: 20250101 },
    );
    expect(total).toBeGreaterThan(300);
  });

  it('many instances on a few local days: every deadline is the one computed for that instance alone', () => {
    // Both routes compute a day-based deadline once per (rule, calendar, local start day); instants
    // clustered around local midnights check that the day, not the instant, is what is shared.
    const rules = new Map<string, ClockSpec>(ALL_RULES.map((r) => [r.id, r.clock]));
    for (const step of resolvePlaybook(undefined)) rules.set(playbookObligationId(step.id), step.clock);
    fc.assert(
      fc.property(
        fc.array(fc.record({ day: fc.integer({ min: 0, max: 3 }), offset: fc.integer({ min: -3 * 3_600_000, max: 3 * 3_600_000 }), kind: fc.constantFrom<TriggerKind>('international_transfer', 'incident_detected', 'cash_txn', 'customer_complaint'), nz: fc.boolean() }), { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 0, max: 2 * 3_600_000 }),
        (gen, materiality) => {
          // 13:00Z/11:00Z are local midnights in Sydney (AEDT/AEST) and Auckland around these dates.
          const base = Date.parse('2025-04-04T13:00:00Z');
          const triggers: ComplianceTrigger[] = gen.map((g, i) => ({
            kind: g.kind, id: `t${i}`, ts: base + g.day * 86_400_000 + g.offset, jurisdiction: g.nz ? 'NZ' : 'AU', amount: '20000', ccy: g.nz ? 'NZD' : 'AUD', categories: ['operational'],
          }));
          const drillEndTs = base + 5 * 86_400_000;
          const r = evaluateCompliance({ triggers, drillEndTs, assumptions: { materialityAssessmentDelayMs: materiality } });
          const check = checkDeadlines(r.rows);
          expect(check.mismatches).toEqual([]);
          for (const row of r.rows) {
            if (row.clock_start_ts === '') continue;
            const clock = rules.get(row.obligation_id)!;
            expect(recomputeDeadline(row, clock)).toBe(row.deadline_ts);
            if (clock.basis === 'business_days' || clock.basis === 'working_days' || clock.basis === 'calendar_days') {
              expect(new Date(computeDeadline(clock, Date.parse(row.clock_start_ts), { calendar: row.calendar })!).toISOString()).toBe(row.deadline_ts);
            }
          }
        },
      ),
      { numRuns: 100, seed: 11 },
    );
  });

  it('detects a tampered deadline', () => {
    const r = evaluateCompliance({ triggers: [{ kind: 'cash_txn', id: 'c', ts: Date.parse('2025-04-17T00:00:00Z'), amount: '10000', ccy: 'AUD', jurisdiction: 'AU' }], drillEndTs: Date.parse('2025-04-17T01:00:00Z') });
    const rows = r.rows.map((x) => (x.obligation_id === 'AU-AUSTRAC-TTR' && x.trigger_event_id === 'c' ? { ...x, deadline_ts: '2025-05-07T13:59:59.999Z' } : x));
    const check = checkDeadlines(rows);
    expect(check.pass).toBe(false);
    expect(check.mismatches).toEqual([{ obligation_id: 'AU-AUSTRAC-TTR', trigger_event_id: 'c', reported: '2025-05-07T13:59:59.999Z', recomputed: '2025-05-06T13:59:59.999Z' }]);
    const row = r.rows.find((x) => x.obligation_id === 'AU-AUSTRAC-TTR')!;
    expect(recomputeDeadline(row, { basis: 'business_days', days: 10 })).toBe('2025-05-06T13:59:59.999Z');
  });

  it('addBusinessDays lands on a business day with exactly n business days in between', () => {
    fc.assert(
      fc.property(fc.integer({ min: FROM, max: TO }), fc.integer({ min: 0, max: 30 }), fc.constantFrom<CalendarRef>(...AU_CALS, ...NZ_CALS), (ms, n, cal) => {
        const start = localDateIn(ms, cal);
        const due = addBusinessDays(start, n, cal);
        if (n > 0) expect(isBusinessDay(due, cal)).toBe(true);
        let count = 0;
        for (let d = new Date(`${start}T00:00:00Z`); d.toISOString().slice(0, 10) < due; ) {
          d.setUTCDate(d.getUTCDate() + 1);
          if (isBusinessDay(d.toISOString().slice(0, 10), cal)) count += 1;
        }
        expect(count).toBe(n);
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});
