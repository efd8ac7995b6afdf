/**
 * Wire conventions shared by the MSW mocks (mocks/) and the msw-mode client (msw-transport.ts):
 * provider base URLs, faultline's correlation headers, symbol mappings and decimal text helpers.
 * Nothing here knows about faults.
 */

/** Each provider answers on its own host: `https://<provider-id>.faultline.test`. */
export const MOCK_DOMAIN = 'faultline.test';

export function providerBaseUrl(providerId: string): string {
  return `https://${providerId}.${MOCK_DOMAIN}`;
}

/** The provider id a mock URL belongs to, or undefined for foreign hosts. */
export function providerOfUrl(url: string): string | undefined {
  const host = new URL(url).hostname;
  const suffix = `.${MOCK_DOMAIN}`;
  return host.endsWith(suffix) ? host.slice(0, -suffix.length) : undefined;
}

/** Correlation headers: the mocks key their seeded rolls by (request id, attempt), like sim mode. */
export const H_REQUEST_ID = 'x-faultline-request-id';
export const H_ATTEMPT = 'x-faultline-attempt';

/**
 * `held`: the client's link holds each answer until it is due on the scenario clock (faultline's
 * msw transport), so the mock answers as soon as the answer exists. Without it, the mock waits.
 */
export const H_DELIVERY = 'x-faultline-delivery';

/** Retry-After is whole seconds on the wire; this companion header (as Azure/OpenAI send) keeps ms. */
export const H_RETRY_AFTER_MS = 'retry-after-ms';

const COINGECKO_IDS: Record<string, string> = { BTC: 'bitcoin', ETH: 'ethereum', SOL: 'solana', XRP: 'ripple', USDT: 'tether', USDC: 'usd-coin', ADA: 'cardano', DOGE: 'dogecoin' };

/** `BTC-AUD` → base and quote. */
export function splitInstrument(instrument: string): { base: string; quote: string } {
  const i = instrument.indexOf('-');
  return i < 0 ? { base: instrument, quote: '' } : { base: instrument.slice(0, i), quote: instrument.slice(i + 1) };
}

export function coingeckoId(base: string): string {
  return COINGECKO_IDS[base.toUpperCase()] ?? base.toLowerCase();
}

/** Binance symbols are base+quote without separator: `BTC-AUD` → `BTCAUD`. */
export function binanceSymbol(instrument: string): string {
  const { base, quote } = splitInstrument(instrument);
  return `${base}${quote}`.toUpperCase();
}

/** Binance renders quantities and prices with 8 decimals; pad normalized decimals that fit. */
export function pad8(decimal: string): string {
  const dot = decimal.indexOf('.');
  const decimals = dot < 0 ? 0 : decimal.length - dot - 1;
  if (decimals > 8) return decimal;
  return (dot < 0 ? `${decimal}.` : decimal) + '0'.repeat(8 - decimals);
}

/** Undo `pad8`/trailing zeros: `"0.50000000"` → `"0.5"`, `"140.00000000"` → `"140"`. */
export function stripZeros(decimal: string): string {
  if (!decimal.includes('.')) return decimal;
  const s = decimal.replace(/0+$/, '');
  return s.endsWith('.') ? s.slice(0, -1) : s;
}

/** Scale a decimal string by 10^exp without floating point (`"149.9"`, 2 → `"14990"`). */
export function shiftDecimal(decimal: string, exp: number): string {
  const negative = decimal.startsWith('-');
  const body = negative ? decimal.slice(1) : decimal;
  const [intPart = '0', frac = ''] = body.split('.');
  let digits = intPart + frac;
  let point = intPart.length + exp;
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits += '0'.repeat(point - digits.length);
  let i = digits.slice(0, point).replace(/^0+(?=\d)/, '');
  if (i === '') i = '0';
  const f = digits.slice(point).replace(/0+$/, '');
  const out = f === '' ? i : `${i}.${f}`;
  return negative && out !== '0' ? `-${out}` : out;
}
