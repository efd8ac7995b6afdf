/** Price paths (GBM with jumps, replayed tape) and FX for a drill. */
export type { BidAsk, MarketPath, MidPoint } from './types.js';
export { generateMarketPath, MS_PER_YEAR } from './gbm.js';
export { createFxTable, type FxTable } from './fx.js';
