/**
 * FX coverage: every currency the drill produces amounts in (instrument quote currencies, the
 * payment currency, fee and SLA currencies) must translate into the reporting currency with the
 * rates in `market.fx`. A rate is usable directly (AUDUSD for USD ↔ AUD) or through one shared
 * currency (EURUSD + AUDUSD for EUR → AUD), which is how finance/fx.ts crosses through its pivot.
 */
import type { ProblemPath } from './problems.js';

/** A place in the file that uses a currency. */
export interface CurrencyUse {
  currency: string;
  path: ProblemPath;
  /** Point at the key (instrument symbols are keys) rather than the value. */
  atKey?: boolean;
  /** What uses it, for the message ("instrument BTC-USD"). */
  what: string;
}

/** Market-convention order: the earlier currency is the base of a pair (EURUSD, AUDUSD, USDJPY). */
const CONVENTION = ['EUR', 'GBP', 'AUD', 'NZD', 'USD', 'CAD', 'CHF', 'SGD', 'HKD', 'JPY'];

/** The market-convention name of the pair of `a` and `b`. Unknown codes (crypto) go first: BTCAUD. */
export function conventionalPair(a: string, b: string): string {
  const rank = (c: string) => {
    const i = CONVENTION.indexOf(c);
    return i === -1 ? -1 : i;
  };
  return rank(a) <= rank(b) ? `${a}${b}` : `${b}${a}`;
}

/** Whether `pairs` quote `a` against `b` in either direction. */
function hasPair(pairs: readonly string[], a: string, b: string): boolean {
  return pairs.includes(`${a}${b}`) || pairs.includes(`${b}${a}`);
}

/** The currencies quoted against `c` in `pairs`. */
function neighbours(pairs: readonly string[], c: string): string[] {
  const out: string[] = [];
  for (const pair of pairs) {
    if (pair.startsWith(c) && pair.length > c.length) out.push(pair.slice(c.length));
    if (pair.endsWith(c) && pair.length > c.length) out.push(pair.slice(0, pair.length - c.length));
  }
  return out;
}

/** Whether `from` translates to `to` directly or through one shared currency. */
export function canTranslate(pairs: readonly string[], from: string, to: string): boolean {
  if (from === to || hasPair(pairs, from, to)) return true;
  return neighbours(pairs, from).some((via) => hasPair(pairs, via, to));
}

/** The pair to suggest: through USD when the reporting side already has a USD leg, else direct. */
export function pairToAdd(pairs: readonly string[], from: string, to: string): string {
  if (from !== 'USD' && to !== 'USD' && hasPair(pairs, to, 'USD')) return conventionalPair(from, 'USD');
  return conventionalPair(from, to);
}
