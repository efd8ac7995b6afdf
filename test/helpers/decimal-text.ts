/** fast-check arbitraries of decimal strings, shared by the property tests of the exact fast paths. */
import fc from 'fast-check';

/**
 * A plain decimal string of up to `maxDigits` digits with up to `maxScale` places (leading zeros
 * padded as a number prints them), negative zeros (`-0`, `-0.000`) included.
 */
export const decimalText = (maxDigits: number, maxScale: number): fc.Arbitrary<string> =>
  fc.tuple(fc.bigInt({ min: -(10n ** BigInt(maxDigits)), max: 10n ** BigInt(maxDigits) }), fc.integer({ min: 0, max: maxScale }), fc.boolean()).map(([units, scale, negZero]) => {
    if (units === 0n && negZero) return scale === 0 ? '-0' : `-0.${'0'.repeat(scale)}`;
    const neg = units < 0n;
    const digits = (neg ? -units : units).toString().padStart(scale + 1, '0');
    const text = scale === 0 ? digits : `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
    return `${neg ? '-' : ''}${text}`;
  });
