/**
 * Decimal values as text. The scenario layer never does arithmetic on money (decimal.js lives in
 * finance/); it only normalises how numbers are written, so these helpers work on strings.
 */

/** `k`, `m`, `b` suffixes used in thresholds and limits ("750k AUD"). */
const SUFFIX_ZEROS: Record<string, number> = { k: 3, m: 6, b: 9 };

/**
 * A YAML number or a decimal string → a plain decimal string (no exponent).
 * Numbers use JS's shortest round-trip form, which is what the user wrote in nearly every case.
 */
export function toDecimalString(value: string | number): string {
  if (typeof value === 'string') return value;
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return exponentToPlain(text);
}

/** "1.5e-7" → "0.00000015"; "1e+21" → "1000000000000000000000". */
function exponentToPlain(text: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?e([+-]?\d+)$/i.exec(text);
  if (!match) return text;
  const [, sign = '', intPart = '', fracPart = '', expText = '0'] = match;
  return sign + shiftDecimalPoint(intPart + fracPart, intPart.length + Number(expText));
}

/** Place the decimal point after `pointAt` digits of `digits`, padding with zeros, trimming noise. */
function shiftDecimalPoint(digits: string, pointAt: number): string {
  let intPart: string;
  let fracPart: string;
  if (pointAt <= 0) {
    intPart = '0';
    fracPart = '0'.repeat(-pointAt) + digits;
  } else if (pointAt >= digits.length) {
    intPart = digits + '0'.repeat(pointAt - digits.length);
    fracPart = '';
  } else {
    intPart = digits.slice(0, pointAt);
    fracPart = digits.slice(pointAt);
  }
  intPart = intPart.replace(/^0+(?=\d)/, '');
  fracPart = fracPart.replace(/0+$/, '');
  return fracPart === '' ? intPart : `${intPart}.${fracPart}`;
}

/** Pattern of a number with an optional k/m/b suffix, as accepted in thresholds and limits. */
export const SUFFIXED_NUMBER = /^(-?)(\d+)(?:\.(\d+))?([kmb])?$/i;

/**
 * Expand "750k" → "750000", "1.5m" → "1500000", "-50000" → "-50000" exactly (string arithmetic,
 * no binary floating point). Returns undefined when the text is not such a number.
 */
export function expandSuffixedNumber(text: string): string | undefined {
  const match = SUFFIXED_NUMBER.exec(text.trim());
  if (!match) return undefined;
  const [, sign = '', intPart = '', fracPart = '', suffix] = match;
  const zeros = suffix === undefined ? 0 : SUFFIX_ZEROS[suffix.toLowerCase()]!;
  const plain = shiftDecimalPoint(intPart + fracPart, intPart.length + zeros);
  return plain === '0' ? '0' : sign + plain;
}
