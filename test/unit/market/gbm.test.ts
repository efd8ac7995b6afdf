import { describe, expect, test } from 'vitest';
import { createRng } from '../../../src/engine/rng.js';
import { FaultlineError } from '../../../src/errors.js';
import { Dec } from '../../../src/finance/decimal.js';
import { generateMarketPath, MS_PER_YEAR, type MarketPath } from '../../../src/market/index.js';
import { HOUR, START, instrument, market } from './models.js';
import { withCpuTime } from '../../helpers/cpu-time.js';

const mids = (path: MarketPath, symbol: string): string[] => path.series(symbol).map((p) => p.mid);

/** Annualised realised vol of a path's log returns, √365 convention. */
function realisedVol(path: MarketPath, symbol: string): number {
  const series = path.series(symbol).map((p) => Number(p.mid));
  const returns: number[] = [];
  for (let i = 1; i < series.length; i++) returns.push(Math.log(series[i]! / series[i - 1]!));
  const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
  const variance = returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (returns.length - 1);
  // Written out rather than imported, so a wrong constant in the code cannot cancel out here.
  return Math.sqrt(variance * ((365 * 86_400_000) / path.stepMs));
}

describe('generateMarketPath: determinism and stream independence', () => {
  test('same seed gives an identical path; another seed a different one', () => {
    const a = generateMarketPath(market(), START, START + HOUR, createRng(7).fork('market'));
    const b = generateMarketPath(market(), START, START + HOUR, createRng(7).fork('market'));
    const c = generateMarketPath(market(), START, START + HOUR, createRng(8).fork('market'));
    expect(mids(a, 'BTCAUD')).toEqual(mids(b, 'BTCAUD'));
    expect(mids(a, 'ETHAUD')).toEqual(mids(b, 'ETHAUD'));
    expect(mids(a, 'BTCAUD')).not.toEqual(mids(c, 'BTCAUD'));
  });

  test('adding an instrument does not change the others', () => {
    const two = generateMarketPath(market(), START, START + HOUR, createRng(7));
    const three = generateMarketPath(
      market({ instruments: [instrument({ symbol: 'SOLAUD', mid: '210' }), ...market().instruments] }),
      START, START + HOUR, createRng(7),
    );
    expect(mids(three, 'BTCAUD')).toEqual(mids(two, 'BTCAUD'));
    expect(mids(three, 'ETHAUD')).toEqual(mids(two, 'ETHAUD'));
    expect(three.symbols).toEqual(['SOLAUD', 'BTCAUD', 'ETHAUD']);
  });

  test('a year is 365 days of ms (crypto trades 24/7)', () => {
    expect(MS_PER_YEAR).toBe(31_536_000_000);
  });

  test('the grid covers [start, end] inclusive at stepMs', () => {
    const path = generateMarketPath(market(), START, START + 10_000, createRng(1));
    const series = path.series('BTCAUD');
    expect(series).toHaveLength(11);
    expect(series[0]!.t).toBe(START);
    expect(series[10]!.t).toBe(START + 10_000);
    expect(series[0]!.mid).toBe('101400');
  });
});

describe('generateMarketPath: statistics', () => {
  test('realised vol of a 24 h path at 1 s steps is σ under √365 annualisation', () => {
    const path = generateMarketPath(market(), START, START + 24 * HOUR, createRng(2025));
    // 86,400 returns: the standard error of the vol estimate is ~0.24 %; 3 % also rules out √252 (−17 %).
    expect(realisedVol(path, 'BTCAUD')).toBeGreaterThan(0.55 * 0.97);
    expect(realisedVol(path, 'BTCAUD')).toBeLessThan(0.55 * 1.03);
    expect(realisedVol(path, 'ETHAUD')).toBeGreaterThan(0.7 * 0.97);
    expect(realisedVol(path, 'ETHAUD')).toBeLessThan(0.7 * 1.03);
  });

  test('with μ = 0 the mean terminal price over many seeds stays near the start (martingale)', () => {
    const m = market({ instruments: [instrument({ symbol: 'BTCAUD', mid: '100', volatility: 1 })], stepMs: 60_000 });
    let sum = 0;
    const n = 400;
    for (let seed = 0; seed < n; seed++) sum += generateMarketPath(m, START, START + 24 * HOUR, createRng(seed)).closingMid('BTCAUD').toNumber();
    // σ_daily = 1/√365 ≈ 5.2 %, standard error of the mean of 400 ≈ 0.26.
    expect(Math.abs(sum / n - 100)).toBeLessThan(1.2);
  });
});

describe('generateMarketPath: quantisation', () => {
  test('every mid is a positive multiple of the tick size', () => {
    const m = market({ instruments: [instrument({ symbol: 'XAUD', mid: '3.7', tickSize: '0.25', volatility: 3 })] });
    const path = generateMarketPath(m, START, START + HOUR, createRng(3));
    const tick = new Dec('0.25');
    for (const { mid } of path.series('XAUD')) {
      expect(new Dec(mid).mod(tick).isZero()).toBe(true);
      expect(new Dec(mid).gt(0)).toBe(true);
    }
  });

  test('the mid never reaches zero, even at extreme volatility from one tick', () => {
    // σ = 10 over 60 days: the −σ²/2 drift alone takes the log price down by ~8.
    const m = market({ stepMs: HOUR, instruments: [instrument({ symbol: 'DUST', mid: '0.02', tickSize: '0.01', volatility: 10 })] });
    const path = generateMarketPath(m, START, START + 60 * 24 * HOUR, createRng(4));
    const series = path.series('DUST').map((p) => p.mid);
    expect(series.every((mid) => new Dec(mid).gte('0.01'))).toBe(true);
    expect(series).toContain('0.01');
  });

  test.each([
    ['100.125', '100.12'],
    ['100.135', '100.14'],
    ['100.1251', '100.13'],
  ])('an off-tick start mid %s is quantised half-even to %s', (start, expected) => {
    const m = market({ instruments: [instrument({ symbol: 'BTCAUD', mid: start, volatility: 0 })] });
    expect(generateMarketPath(m, START, START + 1000, createRng(1)).midAt('BTCAUD', START).toFixed()).toBe(expected);
  });
});

describe('generateMarketPath: jumps', () => {
  const flat = (jumps: { instrument: string; atMs: number; size: number }[]) =>
    market({ instruments: [instrument({ symbol: 'BTCAUD', volatility: 0 }), instrument({ symbol: 'ETHAUD', mid: '5400', volatility: 0 })], jumps });

  test('a −20 % jump moves the step containing atMs and every later step', () => {
    const path = generateMarketPath(flat([{ instrument: 'BTCAUD', atMs: START + 90_500, size: -0.2 }]), START, START + HOUR, createRng(1));
    expect(path.midAt('BTCAUD', START + 89_999).toFixed()).toBe('101400');
    expect(path.midAt('BTCAUD', START + 90_000).toFixed()).toBe('81120');
    expect(path.closingMid('BTCAUD').toFixed()).toBe('81120');
    expect(path.closingMid('ETHAUD').toFixed()).toBe('5400');
  });

  test('two jumps compound; a jump at the start moves step 0; jumps outside the window are ignored', () => {
    const path = generateMarketPath(
      flat([
        { instrument: 'BTCAUD', atMs: START, size: 0.1 },
        { instrument: 'BTCAUD', atMs: START + 10_000, size: -0.5 },
        { instrument: 'BTCAUD', atMs: START - 1, size: 5 },
        { instrument: 'BTCAUD', atMs: START + 2 * HOUR, size: 5 },
      ]),
      START, START + HOUR, createRng(1),
    );
    expect(path.midAt('BTCAUD', START).toFixed()).toBe('111540');
    expect(path.midAt('BTCAUD', START + 10_000).toFixed()).toBe('55770');
    expect(path.closingMid('BTCAUD').toFixed()).toBe('55770');
  });

  test('a jump naming an unknown instrument is a user error', () => {
    expect(() => generateMarketPath(flat([{ instrument: 'DOGEAUD', atMs: START, size: 0.1 }]), START, START + HOUR, createRng(1))).toThrow(FaultlineError);
  });
});

describe('MarketPath reads', () => {
  const path = generateMarketPath(market(), START, START + HOUR, createRng(11));

  test('midAt is a step function clamped to the window', () => {
    expect(path.midAt('BTCAUD', START + 5_000).eq(path.midAt('BTCAUD', START + 5_999))).toBe(true);
    expect(path.series('BTCAUD')[5]!.mid).toBe(path.midAt('BTCAUD', START + 5_500).toFixed());
    expect(path.midAt('BTCAUD', START - 10_000).toFixed()).toBe('101400');
    expect(path.midAt('BTCAUD', START + 5 * HOUR).eq(path.closingMid('BTCAUD'))).toBe(true);
    expect(path.closingMid('BTCAUD').eq(path.midAt('BTCAUD', START + HOUR))).toBe(true);
  });

  test('an unknown symbol is a FaultlineError naming the known ones', () => {
    expect(() => path.midAt('DOGEAUD', START)).toThrow(/Unknown instrument "DOGEAUD"/);
  });

  test.each([
    // mid 101400, 2 bps: half-spread 10.14
    ['0.01', '2', '101389.86', '101410.14'],
    // a coarse tick widens the quote outwards: bid down, ask up
    ['1', '2', '101389', '101411'],
    ['0.01', '0', '101400', '101400'],
  ])('bidAskAt with tick %s and %s bps', (tickSize, spreadBps, bid, ask) => {
    const m = market({ instruments: [instrument({ symbol: 'BTCAUD', volatility: 0, tickSize, spreadBps })] });
    const quote = generateMarketPath(m, START, START + HOUR, createRng(1)).bidAskAt('BTCAUD', START + 1234);
    expect([quote.bid.toFixed(), quote.ask.toFixed()]).toEqual([bid, ask]);
  });

  test('a 24 h, 3-instrument path at 1 s builds fast and reads fast (CPU time)', () => {
    const m = market({ instruments: [...market().instruments, instrument({ symbol: 'SOLAUD', mid: '210' })] });
    // CPU time, not wall time: other work on a busy machine's cores must not fail this (helpers/cpu-time.ts).
    const { result: big, cpuMs: built } = withCpuTime(() => generateMarketPath(m, START, START + 24 * HOUR, createRng(5)));
    const { cpuMs: read } = withCpuTime(() => {
      for (let i = 0; i < 200_000; i++) big.midAt('ETHAUD', START + ((i * 7919) % (24 * HOUR)));
    });
    expect(big.series('SOLAUD')).toHaveLength(86_401);
    expect(built).toBeLessThan(1500);
    expect(read).toBeLessThan(1500);
  });
});
