/** Trade and payment workloads: generated from the seed, or replayed from a file. */
export type { PaymentItem, TradeItem, WorkloadItem } from './types.js';
export { compareItems, crossesBorder } from './types.js';
export { formatItemId, generatePayments, generateTrades, generateWorkload } from './generate.js';
export { generateArrivals, resolveSegments, type RateSegment } from './arrivals.js';
export { parseWorkloadFile, REPLAYED_TIER, UNKNOWN_PARTY, type ParseWorkloadOptions } from './replay.js';
export { isCountryCode, countryCodeProblem } from './countries.js';
export { formatRowProblem, type RowProblem } from './problems.js';
export { parseCsv, type CsvRecord } from './csv.js';
export type { DataFormat } from './records.js';
