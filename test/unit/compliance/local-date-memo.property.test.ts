// toLocalDate remembers each zone's last local day (civil-date.ts): whatever order instants come in,
// across DST changes, repeated and skipped hours, and zones with odd offsets, it must give the same
// date as a fresh Intl lookup.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toLocalDate } from '../../../src/finance/calendars/civil-date.js';

const ZONES = [
  'Australia/Sydney', 'Australia/Lord_Howe', 'Pacific/Auckland', 'Pacific/Chatham', 'Asia/Kathmandu', 'Asia/Singapore',
  'Europe/London', 'America/New_York', 'America/Sao_Paulo', 'America/Havana', 'America/Santiago', 'Pacific/Apia', 'UTC',
];

/** The date from Intl directly, with no memo in between (the oracle). */
function intlDate(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(ms));
  const get = (type: string): string => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

const HOUR = 3_600_000;
// 2008–2030: includes Sao Paulo's midnight transitions and Samoa skipping 30 Dec 2011.
const instant = fc.integer({ min: Date.UTC(2008, 0, 1), max: Date.UTC(2030, 11, 31) });

describe('toLocalDate with its per-zone memo', () => {
  it('matches Intl for runs of nearby instants in any order', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), instant, fc.array(fc.integer({ min: -30 * HOUR, max: 30 * HOUR }), { minLength: 1, maxLength: 40 }), (zone, base, offsets) => {
        for (const d of offsets) expect(toLocalDate(base + d, zone)).toBe(intlDate(base + d, zone));
      }),
      { numRuns: 300 },
    );
  });

  it('matches Intl millisecond by millisecond around local midnight and DST changes', () => {
    const cases: [string, number][] = [
      ['America/Sao_Paulo', Date.UTC(2018, 10, 4, 3)], // spring forward at local midnight (00:00 → 01:00)
      ['America/Sao_Paulo', Date.UTC(2019, 1, 17, 2)], // fall back at local midnight (00:00 → 23:00)
      ['America/Havana', Date.UTC(2023, 10, 5, 5)], // fall back 01:00 → 00:00
      ['Australia/Sydney', Date.UTC(2024, 3, 6, 16)], // fall back 03:00 → 02:00
      ['Australia/Lord_Howe', Date.UTC(2024, 9, 5, 15, 30)], // a half-hour change
      ['Pacific/Apia', Date.UTC(2011, 11, 30, 10)], // the skipped day
    ];
    for (const [zone, around] of cases) {
      for (let ms = around - 3 * HOUR; ms <= around + 3 * HOUR; ms += 59_999) expect(toLocalDate(ms, zone), `${zone} ${new Date(ms).toISOString()}`).toBe(intlDate(ms, zone));
      for (const edge of [-1, 0, 1]) expect(toLocalDate(around + edge, zone)).toBe(intlDate(around + edge, zone));
    }
  });

  it('still refuses an instant that is not finite', () => {
    expect(() => toLocalDate(Number.NaN, 'UTC')).toThrow(RangeError);
  });
});
