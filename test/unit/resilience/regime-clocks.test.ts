/**
 * Regime clocks: elapsed hours, calendar months in the member state's civil time, and DORA's
 * weekend and bank-holiday relief (2025/301 Art. 5(4), (5)). Expected instants are worked out by
 * hand (Dublin is UTC+0 in winter, UTC+1 from the last Sunday of March); the second route must agree.
 */
import { describe, expect, it } from 'vitest';
import { recheckRegimeDeadline, regimeDeadline, type NonWorkingDays } from '../../../src/finance/resilience/regime-clocks.js';
import type { RegimeClockSpec } from '../../../src/finance/resilience/regime-rules.js';

const dublin = (holidays: string[] = []): NonWorkingDays => ({ timeZone: 'Europe/Dublin', bankHolidays: new Set(holidays), label: 'IE' });
const H4: RegimeClockSpec = { basis: 'hours', hours: 4, nonWorkingDayRelief: 'unless_excluded' };
const M1: RegimeClockSpec = { basis: 'months', months: 1, nonWorkingDayRelief: 'always' };
const H36: RegimeClockSpec = { basis: 'hours', hours: 36, nonWorkingDayRelief: 'never' };

const cases: { name: string; clock: RegimeClockSpec; start: string; days?: NonWorkingDays; excluded?: boolean; due: string }[] = [
  { name: '4 h on a weekday stays', clock: H4, start: '2025-01-08T09:00:00.000Z', days: dublin(), due: '2025-01-08T13:00:00.000Z' },
  { name: '4 h from Friday 20:30 lands on Saturday 00:30: noon on Monday (GMT)', clock: H4, start: '2025-01-10T20:30:00.000Z', days: dublin(), due: '2025-01-13T12:00:00.000Z' },
  { name: '… and Monday a bank holiday: noon on Tuesday', clock: H4, start: '2025-01-10T20:30:00.000Z', days: dublin(['2025-01-13']), due: '2025-01-14T12:00:00.000Z' },
  { name: '… a credit institution gets no relief for the initial notification (Art. 5(5))', clock: H4, start: '2025-01-10T20:30:00.000Z', days: dublin(), excluded: true, due: '2025-01-11T00:30:00.000Z' },
  { name: 'summer: Friday 22:00 IST + 4 h = Saturday 02:00 IST: noon IST on Monday is 11:00 UTC', clock: H4, start: '2025-06-13T21:00:00.000Z', days: dublin(), due: '2025-06-16T11:00:00.000Z' },
  { name: '4 h ending at 23:59 on a Friday stays on the Friday', clock: H4, start: '2025-01-10T19:59:00.000Z', days: dublin(), due: '2025-01-10T23:59:00.000Z' },
  { name: 'a month from 31 January is 28 February, same local time', clock: M1, start: '2025-01-31T10:00:00.000Z', days: dublin(), due: '2025-02-28T10:00:00.000Z' },
  { name: 'a month across the clock change keeps local noon: 1 March 12:00 GMT → 1 April 12:00 IST', clock: M1, start: '2025-03-01T12:00:00.000Z', days: dublin(), due: '2025-04-01T11:00:00.000Z' },
  { name: 'a month ending on the May bank holiday (5 May 2025, listed): noon on Tuesday', clock: M1, start: '2025-04-05T09:00:00.000Z', days: dublin(['2025-05-05']), due: '2025-05-06T11:00:00.000Z' },
  { name: '… not listed: Monday 10:00 IST stays', clock: M1, start: '2025-04-05T09:00:00.000Z', days: dublin(), due: '2025-05-05T09:00:00.000Z' },
  { name: 'the final report keeps the relief for a credit institution', clock: M1, start: '2025-06-19T11:00:00.000Z', days: dublin(), excluded: true, due: '2025-07-21T11:00:00.000Z' },
  { name: '36 h elapsed over a weekend: no relief (US rule)', clock: H36, start: '2025-01-10T20:30:00.000Z', due: '2025-01-12T08:30:00.000Z' },
];

describe.each(cases)('$name', ({ clock, start, days, excluded, due }) => {
  it('deadline', () => {
    expect(new Date(regimeDeadline(clock, Date.parse(start), days, excluded ?? false)).toISOString()).toBe(due);
  });
  it('the second route agrees', () => {
    expect(recheckRegimeDeadline(start, clock, days, excluded ?? false)).toBe(due);
  });
});
