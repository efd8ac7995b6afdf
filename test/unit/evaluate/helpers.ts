/** Hand-made scenarios and journals for the evaluate tests. */
import type { RunEvent, RunEventBody, RunVariant } from '../../../src/engine/events.js';
import { parseScenarioText } from '../../../src/scenario/parse-scenario-text.js';
import type { Scenario } from '../../../src/scenario/model.js';

export const START = Date.parse('2025-04-07T22:00:00Z');
export const MIN = 60_000;

/** A one-hour drill: BTC-AUD, a feed, an LP, a gateway; `extra` is appended YAML. */
export function makeScenario(extra = ''): Scenario {
  const text = `faultline: 1
id: t
title: T
start: "2025-04-07T22:00:00Z"
duration: 1h
market:
  instruments:
    BTC-AUD:
      mid: "100000"
      volatility: 0.55
providers:
  feed:
    role: price_feed
    archetype: coingecko
  lp:
    role: liquidity_provider
    archetype: binance
  gw:
    role: payment_gateway
    archetype: stripe
workload:
  trades:
    rate_per_minute: 10
    size:
      median: "0.05"
${extra}`;
  const r = parseScenarioText(text, 't.yaml');
  if (r.problems.length > 0 || r.scenario === undefined) throw new Error(r.problems.map((p) => p.message).join('; '));
  return r.scenario;
}

/** Stamp bodies with seq, t and run. */
export function journal(run: RunVariant, items: readonly (readonly [number, RunEventBody])[]): RunEvent[] {
  return items.map(([t, body], seq) => ({ ...body, seq, t, run }) as RunEvent);
}
