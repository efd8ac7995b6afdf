/** Shared scenario text for the table-driven tests: a valid base with known line numbers. */
import { parseScenarioText } from '../../../src/scenario/parse-scenario-text.js';
import { formatProblem, formatProblemLine } from '../../../src/scenario/problems.js';

/** 21 lines; whatever a case appends starts on line 22. */
export const BASE = `faultline: 1
id: t
title: T
start: "2025-04-06T22:00:00Z"
duration: 1h
market:
  instruments:
    BTC-AUD:
      mid: "101400.50"
providers:
  feed:
    role: price_feed
    archetype: coingecko
  lp:
    role: liquidity_provider
    archetype: binance
workload:
  trades:
    rate_per_minute: 10
    size:
      median: "0.05"
`;

/** The base with `replace` applied (exact substring swaps) and `append` added at line 22. */
export function scenarioText(append = '', replace: [string, string][] = []): string {
  let text = BASE;
  for (const [from, to] of replace) {
    if (!text.includes(from)) throw new Error(`base has no ${JSON.stringify(from)}`);
    text = text.replace(from, to);
  }
  return text + append;
}

/** Problem lines (without hints) for a scenario text. */
export function problemLines(text: string, file = 's.yaml'): string[] {
  return parseScenarioText(text, file).problems.map(formatProblemLine);
}

/** Full problems (with hints). */
export function problemTexts(text: string, file = 's.yaml'): string[] {
  return parseScenarioText(text, file).problems.map(formatProblem);
}
