import { describe, expect, test } from 'vitest';
import { createRng } from '../../../src/engine/rng.js';
import { isFaultlineError } from '../../../src/errors.js';
import { Dec, fixed } from '../../../src/finance/decimal.js';
import { createFxTable, generateMarketPath } from '../../../src/market/index.js';
import { HOUR, START, market } from './models.js';

describe('createFxTable', () => {
  const fx = createFxTable({ AUDUSD: '0.6550', NZDUSD: '0.5900', USDJPY: '150.00' });

  test('direct: AUDUSD 0.6550 means 1 AUD = 0.6550 USD', () => {
    expect(fx.rate('AUD', 'USD').toFixed()).toBe('0.655');
  });

  test('inverse: USD 1,000 is AUD 1,526.7175… (1000 / 0.6550), not rounded inside the table', () => {
    const aud = new Dec('1000').times(fx.rate('USD', 'AUD'));
    expect(aud.toFixed().startsWith('1526.71755725190839694656')).toBe(true);
    expect(fixed(aud, 2)).toBe('1526.72');
  });

  test('cross via USD: AUDJPY = AUDUSD × USDJPY, AUDNZD = AUDUSD / NZDUSD', () => {
    expect(fx.rate('AUD', 'JPY').toFixed()).toBe('98.25');
    expect(fx.rate('AUD', 'NZD').eq(new Dec('0.6550').div('0.5900'))).toBe(true);
    expect(fx.rate('JPY', 'NZD').eq(new Dec(1).div('150').times(new Dec(1).div('0.59')))).toBe(true);
  });

  test('same currency is 1; codes are case-insensitive', () => {
    expect(fx.rate('AUD', 'AUD').toFixed()).toBe('1');
    expect(fx.rate('aud', 'usd').toFixed()).toBe('0.655');
  });

  test('a missing rate is a user error that names the pairs to add', () => {
    let error: unknown;
    try {
      fx.rate('AUD', 'EUR');
    } catch (e) {
      error = e;
    }
    expect(isFaultlineError(error) && error.code).toBe('FX_RATE_MISSING');
    expect(isFaultlineError(error) && error.hint).toContain('AUDEUR');
  });

  test('a non-positive rate is rejected when the table is built', () => {
    expect(() => createFxTable({ AUDUSD: '0' })).toThrow(/must be a positive rate/);
  });

  test('MarketPath.fxRate uses the market fx pairs', () => {
    const path = generateMarketPath(market(), START, START + HOUR, createRng(1));
    expect(fixed(new Dec('1000').times(path.fxRate('USD', 'AUD')), 4)).toBe('1526.7176');
  });
});
