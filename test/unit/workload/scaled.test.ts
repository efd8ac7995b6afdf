import { describe, expect, test } from 'vitest';
import { ceilSteps, floorSteps, formatSteps, minorUnitStep, toScaledStep } from '../../../src/workload/scaled.js';

describe('exact step arithmetic', () => {
  test.each([
    [1, '0.00001', '0.00001'],
    [5000, '0.00001', '0.05'],
    [123456789, '0.00001', '1234.56789'],
    [3, '0.0005', '0.0015'],
    [7, '5', '35'],
    [24995, '0.01', '249.95'],
    [100, '0.01', '1'],
  ])('%i × %s = %s', (count, step, expected) => {
    expect(formatSteps(count, toScaledStep(step))).toBe(expected);
  });

  test('minor units: JPY has none, AUD two', () => {
    expect(formatSteps(1234, minorUnitStep(0))).toBe('1234');
    expect(formatSteps(1234, minorUnitStep(2))).toBe('12.34');
  });

  test('bounds convert exactly where doubles would not (0.3 / 0.1)', () => {
    const step = toScaledStep('0.1');
    expect(floorSteps('0.3', step)).toBe(3);
    expect(ceilSteps('0.3', step)).toBe(3);
    expect(ceilSteps('0.31', step)).toBe(4);
  });

  test('a non-positive step is refused', () => {
    expect(() => toScaledStep('0')).toThrow(RangeError);
  });
});

describe('formatSteps beyond 2^53', () => {
  test('switches to BigInt so no digit is lost', () => {
    expect(formatSteps(9_007_199_254_740_991, toScaledStep('0.03'))).toBe('270215977642229.73');
  });
});
