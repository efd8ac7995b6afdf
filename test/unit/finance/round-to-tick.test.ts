import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dec, roundToStep, roundToTick, type RoundingMode } from '../../../src/finance/decimal.js';

// roundToTick rounds to k places when the step is 10^−k: it must be roundToStep's Dec for any
// value, step and mode (including steps that are not powers of ten, and values over 50 digits).
const signed = (maxDigits: number): fc.Arbitrary<string> =>
  fc.tuple(fc.bigInt({ min: -(10n ** BigInt(maxDigits)), max: 10n ** BigInt(maxDigits) }), fc.integer({ min: 0, max: 30 })).map(([units, scale]) => {
    const neg = units < 0n;
    const digits = (neg ? -units : units).toString().padStart(scale + 1, '0');
    const text = scale === 0 ? digits : `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
    return `${neg ? '-' : ''}${text}`;
  });
const modes: RoundingMode[] = ['half_even', 'half_up', 'down', 'up', 'floor', 'ceil'];
const steps = ['1', '0.1', '0.01', '0.00000001', '0.05', '0.25', '10', '100', '0.010', '2', '0.001'];

describe('roundToTick', () => {
  it('is roundToStep for any value, step and mode', () => {
    fc.assert(fc.property(signed(60), fc.constantFrom(...steps), fc.constantFrom(...modes), (v, step, mode) => {
      const got = roundToTick(dec(v), dec(step), mode);
      const want = roundToStep(dec(v), dec(step), mode);
      expect(got.toFixed()).toBe(want.toFixed());
      expect(got.isNegative()).toBe(want.isNegative());
    }), { numRuns: 20_000 });
  });

  it('keeps the sign of a zero result', () => {
    for (const mode of modes) {
      for (const v of ['-0.001', '0.001', '-0', '0']) {
        const got = roundToTick(dec(v), dec('0.01'), mode);
        const want = roundToStep(dec(v), dec('0.01'), mode);
        expect([got.toFixed(), got.isNegative()]).toEqual([want.toFixed(), want.isNegative()]);
      }
    }
  });
});
