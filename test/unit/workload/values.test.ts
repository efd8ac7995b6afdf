import { describe, expect, test } from 'vitest';
import { decimalPlacesOf, parseInstantText, parsePositiveDecimalText } from '../../../src/workload/values.js';

describe('parseInstantText', () => {
  test.each([
    ['2025-03-12T09:30:00Z', Date.UTC(2025, 2, 12, 9, 30, 0)],
    ['2025-03-12T09:30:00.250Z', Date.UTC(2025, 2, 12, 9, 30, 0, 250)],
    ['2025-03-12T09:30:00.123456789Z', Date.UTC(2025, 2, 12, 9, 30, 0, 123)],
    ['2025-03-12T09:30Z', Date.UTC(2025, 2, 12, 9, 30)],
    ['2025-03-12 20:30:00+11:00', Date.UTC(2025, 2, 12, 9, 30, 0)],
    ['2025-03-12T04:00:00-0530', Date.UTC(2025, 2, 12, 9, 30, 0)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['1741771800000', Date.UTC(2025, 2, 12, 9, 30, 0)],
  ])('%s → epoch ms', (raw, expected) => {
    expect(parseInstantText(raw)).toEqual({ ok: true, value: expected });
  });

  test.each([
    ['2025-03-12T09:30:00', 'has no time zone'],
    ['2025-02-29T00:00:00Z', 'is not a real date and time'],
    ['2025-13-01T00:00:00Z', 'is not a real date and time'],
    ['2025-03-12T24:00:00Z', 'is not a real date and time'],
    ['12/03/2025 09:30', 'is not an ISO-8601 instant or epoch milliseconds'],
    ['1741771800', 'looks like epoch seconds, not milliseconds'],
    ['-5', 'is not an ISO-8601 instant or epoch milliseconds'],
  ])('%s is rejected: %s', (raw, message) => {
    const parsed = parseInstantText(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toBe(`"${raw}" ${message}`);
  });
});

describe('parsePositiveDecimalText', () => {
  test.each([
    ['0.25', '0.25'],
    ['1500', '1500'],
    ['.5', '0.5'],
    ['+2.50', '2.50'],
    ['7.', '7'],
    ['0.000000000000000001', '0.000000000000000001'],
  ])('%s → %s', (raw, value) => {
    expect(parsePositiveDecimalText(raw)).toEqual({ ok: true, value });
  });

  test.each([
    ['abc', '"abc" is not a decimal number'],
    ['1,200', '"1,200" is not a decimal number'],
    ['1e3', '"1e3" is not a decimal number'],
    ['0', '0 must be greater than 0'],
    ['0.000', '0.000 must be greater than 0'],
    ['-1', '-1 must be greater than 0'],
  ])('%s is rejected', (raw, message) => {
    const parsed = parsePositiveDecimalText(raw);
    expect(parsed.ok ? 'accepted' : parsed.message).toBe(message);
  });

  test('decimalPlacesOf counts written places', () => {
    expect([decimalPlacesOf('12'), decimalPlacesOf('12.5'), decimalPlacesOf('12.50')]).toEqual([0, 1, 2]);
  });
});
