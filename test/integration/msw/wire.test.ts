/** The wire helpers both sides share: exact decimal text, lossless JSON, symbols. */
import { describe, expect, test } from 'vitest';
import { JsonNumber, parseJsonLossless, stringifyLossless, num } from '../../../src/transports/msw-json.js';
import { binanceSymbol, coingeckoId, pad8, providerBaseUrl, providerOfUrl, shiftDecimal, stripZeros } from '../../../src/transports/msw-wire.js';

describe('decimal text', () => {
  test.each([
    ['149.9', 2, '14990'], ['0.3', 2, '30'], ['14990', -2, '149.9'], ['30', -2, '0.3'], ['5', -3, '0.005'], ['0', 2, '0'],
    ['-1.25', 1, '-12.5'], ['1711356300.123', 3, '1711356300123'], ['100.05', 0, '100.05'], ['123456789012345678.9', 1, '1234567890123456789'],
  ] as const)('shiftDecimal(%s, %i) = %s', (value, exp, expected) => {
    expect(shiftDecimal(value, exp)).toBe(expected);
  });

  test('pad8 and stripZeros round-trip normalized decimals', () => {
    for (const v of ['0.5', '140', '0.0001', '128313.41', '309.52', '0.12345678']) expect(stripZeros(pad8(v))).toBe(v);
    expect(pad8('0.5')).toBe('0.50000000');
    expect(pad8('0.123456789')).toBe('0.123456789'); // more than 8 decimals: left alone
  });
});

describe('lossless JSON', () => {
  test('numbers keep every digit', () => {
    const doc = parseJsonLossless('{"bitcoin":{"aud":140512.123456789012345678,"aud_last_updated_at":1764316800.123},"n":[1,-2.5e3],"s":"x\\"y","t":true,"z":null}') as any;
    expect(doc.bitcoin.aud).toEqual(new JsonNumber('140512.123456789012345678'));
    expect(doc.n[1].text).toBe('-2.5e3');
    expect(doc.s).toBe('x"y');
    expect(stringifyLossless({ p: num('140512.123456789012345678'), q: [true, null, 'a'] })).toBe('{"p":140512.123456789012345678,"q":[true,null,"a"]}');
  });

  test.each(['', '{"a":1', '{"a":1}x', '\u0000\u00ff', '{"a":}', '[1,]'])('rejects %j', (text) => {
    expect(() => parseJsonLossless(text)).toThrow(SyntaxError);
  });
});

describe('names', () => {
  test('provider hosts, Binance symbols, CoinGecko ids', () => {
    expect(providerBaseUrl('stripe')).toBe('https://stripe.faultline.test');
    expect(providerOfUrl('https://stripe.faultline.test/v1/balance')).toBe('stripe');
    expect(providerOfUrl('https://api.stripe.com/v1/balance')).toBeUndefined();
    expect(binanceSymbol('BTC-AUD')).toBe('BTCAUD');
    expect(coingeckoId('BTC')).toBe('bitcoin');
    expect(coingeckoId('XYZ')).toBe('xyz');
  });
});
