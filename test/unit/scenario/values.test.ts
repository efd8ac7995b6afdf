import { describe, expect, it } from 'vitest';
import { expandSuffixedNumber, toDecimalString } from '../../../src/scenario/decimal-text.js';
import { durationMs, formatDuration, parseDuration } from '../../../src/scenario/duration.js';
import { parseNotional } from '../../../src/scenario/compile-scenario.js';
import { compileThreshold, splitThreshold, thresholdValue } from '../../../src/scenario/thresholds.js';
import { closest, editDistance } from '../../../src/scenario/suggest.js';
import { formatPath, formatProblem } from '../../../src/scenario/problems.js';

describe('durations', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['45m', 2_700_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['1h30m', 5_400_000],
    ['1.5s', 1500],
    ['0s', 0],
  ])('%s = %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
    expect(durationMs(text)).toBe(ms);
  });

  it.each(['', '30', '1 h', 'h', '1x', '30s ', '-5s'])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toBeUndefined();
    expect(() => durationMs(text)).toThrow(RangeError);
  });

  it.each([
    [0, '0s'],
    [500, '500ms'],
    [1500, '1.5s'],
    [2_700_000, '45m'],
    [5_400_000, '1h30m'],
    [90_061_000, '1d1h1m1s'],
  ])('%i ms formats as %s (and parses back)', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    expect(parseDuration(text)).toBe(ms);
  });
});

describe('decimal text', () => {
  it.each([
    ['750k', '750000'],
    ['1.5m', '1500000'],
    ['2b', '2000000000'],
    ['-50k', '-50000'],
    ['0.0001k', '0.1'],
    ['-0', '0'],
    ['12.50', '12.5'],
  ])('%s expands to %s', (text, plain) => {
    expect(expandSuffixedNumber(text)).toBe(plain);
  });

  it.each(['', 'k', '1.2.3', '5x', '1e3'])('%j is not a suffixed number', (text) => {
    expect(expandSuffixedNumber(text)).toBeUndefined();
  });

  it.each([
    [0.3, '0.3'],
    [1e-7, '0.0000001'],
    [1.5e-7, '0.00000015'],
    [1e21, '1000000000000000000000'],
    ['101400.50', '101400.50'],
  ])('%j as a decimal string is %s', (value, text) => {
    expect(toDecimalString(value)).toBe(text);
  });

  it('splits notionals', () => {
    expect(parseNotional('750k AUD')).toEqual({ amount: '750000', currency: 'AUD' });
    expect(parseNotional('1.25m usd')).toEqual({ amount: '1250000', currency: 'USD' });
    expect(() => parseNotional('lots AUD')).toThrow(RangeError);
  });
});

describe('thresholds', () => {
  it.each([
    ['pnl.total >= -50000 AUD', { metric: 'pnl.total', op: '>=', value: '-50000', unit: 'AUD' }],
    ['pnl.total>=-50k AUD', { metric: 'pnl.total', op: '>=', value: '-50000', unit: 'AUD' }],
    ['exposure.peak <= 1.5m AUD', { metric: 'exposure.peak', op: '<=', value: '1500000', unit: 'AUD' }],
    ['incident.ttd <= 5m', { metric: 'incident.ttd', op: '<=', value: '300000' }],
    ['incident.ttr < 2h', { metric: 'incident.ttr', op: '<', value: '7200000' }],
    ['exposure.breach_seconds <= 90 s', { metric: 'exposure.breach_seconds', op: '<=', value: '90000', unit: 's' }],
    ['payments.duplicates == 0', { metric: 'payments.duplicates', op: '==', value: '0' }],
    ['trades.rejected < 1k', { metric: 'trades.rejected', op: '<', value: '1000' }],
    ['sla.min_uptime_pct >= 99.5 %', { metric: 'sla.min_uptime_pct', op: '>=', value: '99.5', unit: '%' }],
    ['exposure.peak_qty <= 10 BTC', { metric: 'exposure.peak_qty', op: '<=', value: '10', unit: 'BTC' }],
  ])('%s', (text, expected) => {
    expect(compileThreshold(text, 0, 'AUD')).toMatchObject({ ...expected, name: text, abortOnFail: false, index: 0 });
  });

  it.each([
    ['pnl.total >= -50000', 'AUD', '"pnl.total" is an amount of money and needs a currency'],
    ['pnl.total >= -50000 USD', 'AUD', '"pnl.total" is measured in the reporting currency AUD, not USD'],
    ['incident.ttd <= 300', 'AUD', '"incident.ttd" is a duration; "300" is not one'],
    ['incident.ttd <= -5m', 'AUD', '"incident.ttd" is a duration and cannot be negative'],
    ['incident.ttd <= 5 d', 'AUD', '"incident.ttd" is a duration; "5d" is not one'],
    ['trades.rejected <= 5 AUD', 'AUD', '"trades.rejected" is a count with no unit, so "AUD" does not fit'],
    ['sla.min_uptime_pct >= 99 AUD', 'AUD', '"sla.min_uptime_pct" is a percentage (no unit or "%"), so "AUD" does not fit'],
    ['nope.metric >= 1', 'AUD', 'unknown metric "nope.metric"'],
  ])('%s is rejected', (text, currency, message) => {
    const parts = splitThreshold(text)!;
    const value = thresholdValue(parts, currency);
    expect(value.ok).toBe(false);
    if (!value.ok) expect(value.message).toBe(message);
    expect(() => compileThreshold(text, 3, currency)).toThrow(`thresholds[3]: ${message}`);
  });

  it('does not split what the pattern rejects', () => {
    expect(splitThreshold('pnl.total is bad')).toBeUndefined();
  });
});

describe('problem formatting and suggestions', () => {
  it('formats paths, rows and hints', () => {
    expect(formatPath(['providers', 'lp-1', 'latency', 'median'])).toBe('providers.lp-1.latency.median');
    expect(formatPath(['faults', 2, 'for'])).toBe('faults[2].for');
    expect(formatPath(['rules', 'a b'])).toBe('rules["a b"]');
    expect(formatProblem({ file: 'a.yaml', line: 3, col: 5, path: 'x', message: 'bad', hint: 'fix' })).toBe('a.yaml:3:5 x: bad\n  hint: fix');
    expect(formatProblem({ file: 'd.csv', row: 17, column: 'qty', path: '', message: 'bad' })).toBe('d.csv:row 17 column qty: bad');
    expect(formatProblem({ file: 'd.csv', line: 1, column: 'ts', path: '', message: 'missing column "ts"' })).toBe('d.csv:1:1 column ts: missing column "ts"');
    expect(formatProblem({ file: 'gone.yaml', path: '', message: 'file not found' })).toBe('gone.yaml: file not found');
  });

  it('suggests close names only', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(closest('calender', ['calendar', 'currency'])).toBe('calendar');
    expect(closest('retry', ['retries', 'timeout'])).toBe('retries');
    expect(closest('zzz', ['calendar', 'currency'])).toBeUndefined();
    expect(closest('rate-limit', ['rate_limit'])).toBe('rate_limit');
  });
});
