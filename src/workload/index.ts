/** Trade and payment workloads: generated from the seed, or replayed from a file. */
export type { PaymentItem, TradeItem, WorkloadItem } from './types.js';
export { compareItems } from './types.js';
export { formatItemId, generatePayments, generateTrades, generateWorkload } from './generate.js';
export { generateArrivals, resolveSegments, type RateSegment } from './arrivals.js';
