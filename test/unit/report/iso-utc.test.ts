import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isoUtc } from '../../../src/report/format.js';

// isoUtc formats the time of day by arithmetic (the day once, through Date): it must be
// Date#toISOString's text for every instant, including negative and extended years.
describe('isoUtc', () => {
  it('is toISOString for any integer instant in Date range', () => {
    fc.assert(fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (ms) => {
      expect(isoUtc(ms)).toBe(new Date(ms).toISOString());
    }), { numRuns: 20_000 });
  });

  it('is toISOString around day edges and for fractional instants', () => {
    for (const ms of [0, -1, 1, 86_399_999, 86_400_000, -86_400_000, -86_400_001, 1_744_070_400_000, 1_744_070_399_999, 253_402_300_799_999, 253_402_300_800_000, 1.5, -1.5, 1_744_070_400_123.9, 8.64e15, -8.64e15]) {
      expect(isoUtc(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it('is empty for no instant', () => {
    expect(isoUtc(undefined)).toBe('');
    expect(isoUtc(Number.NaN)).toBe('');
    expect(isoUtc(Number.POSITIVE_INFINITY)).toBe('');
  });
});
