/** Price paths (GBM with jumps, replayed tape) and FX for a drill. */
export type { BidAsk, MarketPath, MidPoint } from './types.js';
export { generateMarketPath, MS_PER_YEAR } from './gbm.js';
export { buildTapeMarketPath, openingMids, parseTape, type TapeColumns, type TapeOptions, type TapePoint } from './tape.js';
export { createFxTable, type FxTable } from './fx.js';
export { quoteAround } from './market-path.js';
