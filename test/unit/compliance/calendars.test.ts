import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  addElapsedHours,
  addWorkingDays,
  BUILTIN_CALENDARS,
  dueDateDeadlineUtc,
  easterOffset,
  easterSunday,
  extendCalendar,
  holidaysOn,
  holidaysToVerify,
  isBusinessDay,
  isWorkingDay,
  listCalendarIds,
  localDateIn,
  mondayNearest,
  nthWeekdayOfMonth,
  resolveCalendar,
  toIsoLocal,
  toLocalDate,
  weekdayOf,
  withinDaysAfter,
} from '../../../src/finance/calendars/index.js';

const AU_STATES = ['AU-NSW', 'AU-VIC', 'AU-QLD', 'AU-SA', 'AU-WA', 'AU-TAS', 'AU-ACT', 'AU-NT'];
const YEARS = [2025, 2026, 2027, 2028];
const names = (date: string, cal: string): string[] => holidaysOn(date, cal).map((h) => h.name);

describe('worked examples (finance-reference.md §1.2)', () => {
  it('TTR for a cash transaction on Thu 17 Apr 2025: 10 business days → Tue 6 May (NSW), Wed 7 May (QLD)', () => {
    expect(addBusinessDays('2025-04-17', 10, 'AU-NSW')).toBe('2025-05-06');
    expect(addBusinessDays('2025-04-17', 10, 'AU-QLD')).toBe('2025-05-07');
  });

  it('72 elapsed hours from Sat 2025-04-05 10:00 AEDT is Tue 2025-04-08 09:00 AEST', () => {
    const start = Date.parse('2025-04-05T10:00:00+11:00');
    const end = addElapsedHours(start, 72);
    expect(new Date(end).toISOString()).toBe('2025-04-07T23:00:00.000Z');
    expect(toIsoLocal(end, 'Australia/Sydney')).toBe('2025-04-08T09:00:00.000+10:00');
  });

  it('day-based deadlines end at 23:59:59.999 local, expressed in UTC', () => {
    expect(new Date(dueDateDeadlineUtc('2025-05-06', 'AU-NSW')).toISOString()).toBe('2025-05-06T13:59:59.999Z');
    expect(new Date(dueDateDeadlineUtc('2025-05-07', 'AU-QLD')).toISOString()).toBe('2025-05-07T13:59:59.999Z');
    expect(new Date(dueDateDeadlineUtc('2025-01-10', 'AU-NSW')).toISOString()).toBe('2025-01-10T12:59:59.999Z'); // AEDT
    expect(new Date(dueDateDeadlineUtc('2025-01-10', 'AU-WA')).toISOString()).toBe('2025-01-10T15:59:59.999Z');
    expect(new Date(dueDateDeadlineUtc('2025-01-10', 'AU-SA')).toISOString()).toBe('2025-01-10T13:29:59.999Z'); // ACDT +10:30
    expect(new Date(dueDateDeadlineUtc('2025-07-10', 'NZ')).toISOString()).toBe('2025-07-10T11:59:59.999Z');
  });

  it('day ends stay at 23:59:59.999 local on DST change days', () => {
    expect(new Date(dueDateDeadlineUtc('2025-04-06', 'AU-NSW')).toISOString()).toBe('2025-04-06T13:59:59.999Z'); // AEDT → AEST
    expect(new Date(dueDateDeadlineUtc('2025-10-05', 'AU-NSW')).toISOString()).toBe('2025-10-05T12:59:59.999Z'); // AEST → AEDT
    expect(new Date(dueDateDeadlineUtc('2025-10-05', 'AU-QLD')).toISOString()).toBe('2025-10-05T13:59:59.999Z'); // no DST
    expect(new Date(dueDateDeadlineUtc('2025-09-28', 'NZ')).toISOString()).toBe('2025-09-28T10:59:59.999Z'); // NZDT starts
  });

  it('converts instants to the local civil date of the calendar', () => {
    const ms = Date.parse('2025-04-17T14:30:00Z'); // 00:30 Fri in Sydney, 22:30 Thu in Perth
    expect(localDateIn(ms, 'AU-NSW')).toBe('2025-04-18');
    expect(localDateIn(ms, 'AU-WA')).toBe('2025-04-17');
    expect(toLocalDate(ms, 'Pacific/Auckland')).toBe('2025-04-18');
  });
});

describe('calendar coverage', () => {
  it('ships every AU state/territory and NZ, each with holidays in every year 2025–2028', () => {
    for (const id of [...AU_STATES, 'NZ', 'NZ-WGN', 'NZ-AKL']) {
      const cal = resolveCalendar(id);
      expect(cal.sources.length).toBeGreaterThan(0);
      for (const y of YEARS) {
        const inYear = cal.holidays.filter((h) => h.date.startsWith(String(y)) && h.kind === 'public');
        expect(inYear.length, `${id} ${y}`).toBeGreaterThanOrEqual(8);
        expect(inYear.every((h) => h.name.length > 0)).toBe(true);
      }
    }
    expect(listCalendarIds()).toEqual(expect.arrayContaining([...AU_STATES, 'NZ', 'NZ-WGN', 'NZ-AKL']));
  });

  it('lists the entries marked verify, each with a calendar and a date', () => {
    const v = holidaysToVerify();
    expect(v.length).toBeGreaterThan(0);
    expect(v).toContainEqual(expect.objectContaining({ calendar: 'AU-WA', date: '2026-09-28', name: "King's Birthday" }));
    expect(v.some((x) => x.calendar === 'NZ' || x.calendar === 'AU-NSW')).toBe(false);
  });

  it('refuses dates outside the covered years rather than treating them as business days', () => {
    expect(() => isBusinessDay('2029-01-01', 'AU-NSW')).toThrow(/covers 2025–2028/);
    expect(() => isBusinessDay('2025-01-02', 'XX')).toThrow(/unknown holiday calendar/);
  });

  it('every substitute is a weekday standing in for a weekend holiday', () => {
    for (const cal of Object.values(BUILTIN_CALENDARS)) {
      for (const h of cal.holidays.filter((x) => x.kind === 'substitute')) {
        expect([1, 2]).toContain(weekdayOf(h.date));
        expect([0, 6]).toContain(weekdayOf(h.observedFor!));
      }
    }
  });

  it('Easter dates agree with the algorithm in every calendar', () => {
    expect(YEARS.map(easterSunday)).toEqual(['2025-04-20', '2026-04-05', '2027-03-28', '2028-04-16']);
    for (const id of [...AU_STATES, 'NZ']) {
      for (const y of YEARS) {
        expect(names(easterOffset(y, -2), id)).toContain('Good Friday');
        expect(names(easterOffset(y, 1), id)).toContain('Easter Monday');
      }
    }
  });

  it('Monday holidays are Mondays and follow their weekday rule', () => {
    for (const cal of Object.values(BUILTIN_CALENDARS)) {
      for (const h of cal.holidays) {
        if (/Labour Day|King's Birthday|Eight Hours|Canberra Day|Adelaide Cup|Picnic Day|May Day|Reconciliation|Western Australia Day|Bank Holiday|Regatta|Recreation Day/.test(h.name) && h.kind !== 'substitute') {
          expect(weekdayOf(h.date), `${cal.id} ${h.name} ${h.date}`).toBe(1);
        }
      }
    }
    for (const y of YEARS) {
      for (const id of ['AU-NSW', 'AU-VIC', 'AU-SA', 'AU-TAS', 'AU-ACT', 'AU-NT']) expect(names(nthWeekdayOfMonth(y, 6, 1, 2), id)).toContain("King's Birthday");
      expect(names(nthWeekdayOfMonth(y, 10, 1, 1), 'AU-QLD')).toContain("King's Birthday");
      expect(names(nthWeekdayOfMonth(y, 10, 1, 4), 'NZ')).toContain('Labour Day');
      expect(names(nthWeekdayOfMonth(y, 6, 1, 1), 'NZ')).toContain("King's Birthday");
      expect(names(mondayNearest(`${y}-01-22`), 'NZ-WGN')).toContain('Wellington Anniversary Day');
      expect(names(mondayNearest(`${y}-01-29`), 'NZ-AKL')).toContain('Auckland Anniversary Day');
    }
  });
});

describe('spot checks of well-known dates', () => {
  it('Australia Day 2025 (Sunday) is observed Monday 27 Jan everywhere; 2026 is Monday 26 Jan', () => {
    for (const id of AU_STATES) {
      expect(isBusinessDay('2025-01-27', id), id).toBe(false);
      expect(isBusinessDay('2026-01-26', id), id).toBe(false);
      expect(isBusinessDay('2026-01-27', id), id).toBe(true);
    }
  });

  it('Christmas 2027 falls on Saturday: Mon 27 and Tue 28 Dec are holidays in every state and NZ', () => {
    for (const id of [...AU_STATES, 'NZ']) {
      expect(isBusinessDay('2027-12-27', id), id).toBe(false);
      expect(isBusinessDay('2027-12-28', id), id).toBe(false);
      expect(isBusinessDay('2027-12-29', id), id).toBe(true);
    }
    expect(names('2027-12-28', 'AU-SA')).toContain('Proclamation Day (additional day)');
    // 2026: Boxing Day is a Saturday → Monday 28 Dec.
    for (const id of [...AU_STATES, 'NZ']) expect(isBusinessDay('2026-12-28', id), id).toBe(false);
  });

  it('Anzac Day 2026 is a Saturday: WA and ACT add Monday 27 Apr, NSW/VIC/QLD/SA/TAS/NT do not; NZ Mondayises', () => {
    expect(isBusinessDay('2026-04-27', 'AU-WA')).toBe(false);
    expect(isBusinessDay('2026-04-27', 'AU-ACT')).toBe(false);
    for (const id of ['AU-NSW', 'AU-VIC', 'AU-QLD', 'AU-SA', 'AU-TAS', 'AU-NT']) expect(isBusinessDay('2026-04-27', id), id).toBe(true);
    expect(isBusinessDay('2026-04-27', 'NZ')).toBe(false);
    // 2027 (Sunday): NZ Mondayises to 26 Apr; NSW does not.
    expect(isBusinessDay('2027-04-26', 'NZ')).toBe(false);
    expect(isBusinessDay('2027-04-26', 'AU-NSW')).toBe(true);
    expect(isBusinessDay('2027-04-26', 'AU-WA')).toBe(false);
  });

  it('NZ Matariki is fixed by legislation: 20 Jun 2025, 10 Jul 2026, 25 Jun 2027, 14 Jul 2028', () => {
    for (const d of ['2025-06-20', '2026-07-10', '2027-06-25', '2028-07-14']) {
      expect(names(d, 'NZ')).toContain('Matariki');
      expect(weekdayOf(d)).toBe(5);
    }
    expect(resolveCalendar('NZ').holidays.filter((h) => h.name === 'Matariki')).toHaveLength(4);
  });

  it('NZ Waitangi Day Mondayisation: 2027 (Sat) → Mon 8 Feb, 2028 (Sun) → Mon 7 Feb', () => {
    expect(isBusinessDay('2027-02-08', 'NZ')).toBe(false);
    expect(isBusinessDay('2028-02-07', 'NZ')).toBe(false);
    expect(isBusinessDay('2026-02-09', 'NZ')).toBe(true);
  });

  it('NZ New Year 2028 (Sat/Sun): Mon 3 and Tue 4 Jan are public holidays', () => {
    expect(isBusinessDay('2028-01-03', 'NZ')).toBe(false);
    expect(isBusinessDay('2028-01-04', 'NZ')).toBe(false);
    expect(isBusinessDay('2028-01-05', 'NZ')).toBe(true);
    expect(isBusinessDay('2028-01-03', 'AU-NSW')).toBe(false); // AU: New Year's Day additional day
    expect(isBusinessDay('2028-01-04', 'AU-NSW')).toBe(true);
  });

  it('state-specific days', () => {
    expect(isBusinessDay('2025-05-05', 'AU-QLD')).toBe(false); // Labour Day
    expect(isBusinessDay('2025-10-06', 'AU-QLD')).toBe(false); // King's Birthday
    expect(isBusinessDay('2025-06-09', 'AU-QLD')).toBe(true);
    expect(isBusinessDay('2025-09-29', 'AU-WA')).toBe(false); // King's Birthday (WA)
    expect(isBusinessDay('2025-06-02', 'AU-WA')).toBe(false); // WA Day
    expect(isBusinessDay('2025-06-02', 'AU-ACT')).toBe(false); // Reconciliation Day
    expect(isBusinessDay('2025-11-04', 'AU-VIC')).toBe(false); // Melbourne Cup
    expect(isBusinessDay('2025-09-26', 'AU-VIC')).toBe(false); // AFL Grand Final Friday
    expect(isBusinessDay('2025-03-10', 'AU-SA')).toBe(false); // Adelaide Cup
    expect(isBusinessDay('2025-08-04', 'AU-NT')).toBe(false); // Picnic Day
    expect(isBusinessDay('2025-03-10', 'AU-TAS')).toBe(false); // Eight Hours Day
  });

  it('NSW bank holiday is a non-business day by default and can be switched off', () => {
    expect(isBusinessDay('2025-08-04', 'AU-NSW')).toBe(false);
    expect(isBusinessDay('2025-08-04', 'AU-NSW', { excludeBankHolidays: false })).toBe(true);
  });

  it('part-day holidays are recorded but the day stays a business day', () => {
    const eve = holidaysOn('2025-12-24', 'AU-SA');
    expect(eve[0]).toMatchObject({ kind: 'part_day', partDay: { from: '19:00', to: '24:00' } });
    expect(isBusinessDay('2025-12-24', 'AU-SA')).toBe(true);
    expect(holidaysOn('2025-12-24', 'AU-QLD')[0]).toMatchObject({ kind: 'part_day', partDay: { from: '18:00', to: '24:00' } });
    expect(holidaysOn('2025-12-31', 'AU-NT')[0]?.kind).toBe('part_day');
    expect(isBusinessDay('2025-12-31', 'AU-NT')).toBe(true);
  });

  it('regional holidays count only on the regional calendar', () => {
    expect(isBusinessDay('2025-08-13', 'AU-QLD')).toBe(true);
    expect(isBusinessDay('2025-08-13', 'AU-QLD-BNE')).toBe(false);
    expect(isBusinessDay('2025-02-10', 'AU-TAS')).toBe(true);
    expect(isBusinessDay('2025-02-10', 'AU-TAS-S')).toBe(false);
    expect(isBusinessDay('2025-01-20', 'NZ')).toBe(true);
    expect(isBusinessDay('2025-01-20', 'NZ-WGN')).toBe(false);
    expect(isBusinessDay('2025-01-27', 'NZ-AKL')).toBe(false);
    expect(isBusinessDay('2027-02-01', 'NZ-AKL')).toBe(false);
    expect(isBusinessDay('2025-04-21', 'NZ-WGN')).toBe(false); // inherited Easter Monday
  });

  it('extendCalendar adds a custom day on top of a built-in calendar', () => {
    const cal = extendCalendar('NZ', { id: 'NZ-TEST', name: 'test', holidays: [{ date: '2025-03-03', name: 'Local day', kind: 'public' }] });
    expect(isBusinessDay('2025-03-03', cal)).toBe(false);
    expect(isBusinessDay('2025-03-03', 'NZ')).toBe(true);
    expect(isBusinessDay('2025-04-18', cal)).toBe(false);
  });
});

describe('NZ working days and "within N days after"', () => {
  it('excludes 25 Dec – 2 Jan under the AML/CFT definition, switchable', () => {
    expect(isWorkingDay('2025-12-29', 'NZ')).toBe(false);
    expect(isWorkingDay('2026-01-02', 'NZ')).toBe(false);
    expect(isWorkingDay('2025-12-29', 'NZ', { definition: 'public_holidays' })).toBe(true);
    // SAR formed Tue 23 Dec 2025: 3 working days → Tue 6 Jan 2026 (statutory) vs Tue 30 Dec (public holidays only).
    expect(addWorkingDays('2025-12-23', 3, 'NZ')).toBe('2026-01-06');
    expect(addWorkingDays('2025-12-23', 3, 'NZ', { definition: 'public_holidays' })).toBe('2025-12-30');
  });

  it('statutory list excludes anniversary days but the public-holiday rule counts them', () => {
    expect(isWorkingDay('2025-01-20', 'NZ-WGN')).toBe(true);
    expect(isWorkingDay('2025-01-20', 'NZ-WGN', { definition: 'public_holidays' })).toBe(false);
    expect(isWorkingDay('2025-06-20', 'NZ')).toBe(false); // Matariki
    expect(isWorkingDay('2027-02-08', 'NZ')).toBe(false); // Waitangi Mondayised
  });

  it('AU working days are business days', () => {
    expect(addWorkingDays('2025-04-17', 10, 'AU-QLD')).toBe('2025-05-07');
  });

  it('within 30 days after X rolls a weekend/holiday due date to the next business day', () => {
    expect(withinDaysAfter('2025-03-07', 30, 'AU-NSW')).toBe('2025-04-07'); // 6 Apr is a Sunday
    expect(withinDaysAfter('2025-03-07', 30, 'AU-NSW', 'none')).toBe('2025-04-06');
    expect(withinDaysAfter('2025-03-26', 30, 'AU-NSW')).toBe('2025-04-28'); // 25 Apr Anzac Day, then weekend
    expect(withinDaysAfter('2025-01-01', 30, 'AU-NSW')).toBe('2025-01-31');
  });
});
