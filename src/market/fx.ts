/**
 * FX rates from the scenario's market-convention pairs. `AUDUSD: 0.6550` means 1 AUD = 0.6550 USD.
 * Rates are constant over a drill for now: drills last minutes to hours and the reporting
 * convention (finance-reference.md §1.3) only needs one event-time rate per line; a moving FX
 * path can replace this table without changing callers.
 */
import { FaultlineError } from '../errors.js';
import { ONE, dec, type Dec } from '../finance/decimal.js';
import type { DecimalString } from '../scenario/model.js';

/** Looks up conversion rates; `rate(from, to)` is the number of `to` units per one `from` unit. */
export interface FxTable {
  rate(from: string, to: string): Dec;
}

/** The currency every cross goes through (RBA convention: crosses via USD, §1.3). */
const PIVOT = 'USD';

/**
 * Build an FX table from market-convention pairs. Lookup order: same currency (1), the direct
 * pair, the inverse pair, then a cross through USD. Crossing always through USD keeps crosses
 * consistent (§1.3). Inverses are computed at the configured 50-digit precision, never rounded here.
 */
export function createFxTable(pairs: Record<string, DecimalString>): FxTable {
  const table = new Map<string, Dec>();
  for (const [pair, value] of Object.entries(pairs)) {
    const rate = dec(value);
    if (rate.lte(0)) throw invalidRate(pair, value);
    table.set(pair.toUpperCase(), rate);
  }
  const cache = new Map<string, Dec>();

  const simple = (from: string, to: string): Dec | undefined => {
    if (from === to) return ONE;
    const direct = table.get(from + to);
    if (direct !== undefined) return direct;
    const inverse = table.get(to + from);
    if (inverse !== undefined) return ONE.div(inverse);
    return undefined;
  };

  const rate = (fromRaw: string, toRaw: string): Dec => {
    const from = fromRaw.toUpperCase();
    const to = toRaw.toUpperCase();
    const key = `${from}/${to}`;
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    let found = simple(from, to);
    if (found === undefined) {
      const leg1 = simple(from, PIVOT);
      const leg2 = simple(PIVOT, to);
      if (leg1 !== undefined && leg2 !== undefined) found = leg1.times(leg2);
    }
    if (found === undefined) throw missingRate(from, to, [...table.keys()]);
    cache.set(key, found);
    return found;
  };

  return { rate };
}

function invalidRate(pair: string, value: string): FaultlineError {
  return new FaultlineError({
    code: 'FX_RATE_INVALID',
    kind: 'invalid-input',
    title: `market.fx.${pair} must be a positive rate, got "${value}"`,
    hint: 'Write the market-convention rate, e.g. AUDUSD: "0.6550" (1 AUD = 0.6550 USD).',
  });
}

function missingRate(from: string, to: string, known: string[]): FaultlineError {
  return new FaultlineError({
    code: 'FX_RATE_MISSING',
    kind: 'invalid-input',
    title: `No FX rate from ${from} to ${to}`,
    detail: `Known pairs: ${known.length > 0 ? known.join(', ') : '(none)'}. Looked for ${from}${to}, ${to}${from}, and a cross via ${PIVOT}.`,
    hint: `Add ${from}${to} (or ${from}${PIVOT} and ${PIVOT}${to}) under market.fx in the scenario.`,
  });
}
