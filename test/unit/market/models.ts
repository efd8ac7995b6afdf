/** Small hand-written market models for market and workload tests. */
import type { Instrument, MarketModel } from '../../../src/scenario/model.js';

export const START = Date.UTC(2025, 2, 12, 0, 0, 0);
export const HOUR = 3_600_000;

export function instrument(overrides: Partial<Instrument> & { symbol: string }): Instrument {
  return { base: overrides.symbol.slice(0, 3), quote: 'AUD', mid: '101400', volatility: 0.55, tickSize: '0.01', lotSize: '0.00001', spreadBps: '2', ...overrides };
}

export function market(overrides: Partial<MarketModel> = {}): MarketModel {
  return {
    model: 'gbm',
    stepMs: 1000,
    instruments: [
      instrument({ symbol: 'BTCAUD' }),
      instrument({ symbol: 'ETHAUD', mid: '5400', volatility: 0.7, lotSize: '0.0001', spreadBps: '3' }),
    ],
    jumps: [],
    fx: { AUDUSD: '0.6550' },
    fxSource: 'test',
    ...overrides,
  };
}
