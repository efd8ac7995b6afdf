/**
 * `faultline plan`'s view: thresholds with their lines, the failover chain per role (manual-only
 * backups named), local times beside UTC, and the wall time of a live run. Expected values are
 * worked out here from the scenario text, not from the planner.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planRun } from '../../../src/engine/plan.js';
import { planText, planView } from '../../../src/cli/commands/plan.js';
import { parseScenarioText } from '../../../src/scenario/parse-scenario-text.js';

function load(file: string, edit: (text: string) => string = (t) => t): { text: string; view: (mode: 'sim' | 'msw' | 'proxy', speed?: number) => ReturnType<typeof planView> } {
  const text = edit(readFileSync(file, 'utf8'));
  const parsed = parseScenarioText(text, file);
  expect(parsed.problems).toEqual([]);
  return {
    text,
    view: (mode, speed) => planView(planRun(parsed.scenario!, { mode, version: '0.0.0-test', contentHash: 'x' }), speed === undefined ? {} : { speed }),
  };
}

describe('plan view', () => {
  const lp = load('scenarios/lp-outage.yaml');

  it('thresholds carry the line they are written on', () => {
    const lines = lp.text.split('\n');
    const v = lp.view('sim');
    expect(v.thresholds.map((t) => t.name)).toEqual(['pnl.total >= -25000 AUD', 'exposure.peak <= 1.2m AUD', 'exposure.breach_seconds <= 15m', 'payments.duplicates == 0', 'incident.ttd <= 3m', 'operation.client-crypto-trading.disruption <= tolerance']);
    for (const t of v.thresholds) expect(lines[t.line! - 1]).toBe(`  - "${t.name}"`);
  });

  it('failover: the automatic chain per role and the manual-only backup with its delay', () => {
    const v = lp.view('sim');
    expect(v.failover).toEqual([
      { role: 'price_feed', chain: ['coingecko', 'coinmarketcap'], manualOnly: [] },
      { role: 'liquidity_provider', chain: ['binance'], manualOnly: ['backup_lp'] },
      { role: 'payment_gateway', chain: ['stripe'], manualOnly: [] },
    ]);
    expect(v.manualFailoverAfterMs).toBe(8 * 60_000); // monitoring.manual_failover_after: 8m
    const text = planText(v);
    expect(text).toContain('price_feed: coingecko → coinmarketcap (automatic)');
    expect(text).toContain('liquidity_provider: binance (no automatic failover) · backup_lp manual-only: operators fail over 8m after acknowledging an alert');
  });

  it('a manual-only backup without manual_failover_after is said to be never used', () => {
    const v = load('scenarios/lp-outage.yaml', (t) => t.replace('  manual_failover_after: 8m\n', '')).view('sim');
    expect(planText(v)).toContain('backup_lp manual-only, but monitoring.manual_failover_after is not set: never used');
  });

  it('local times in reporting.timezone beside UTC (Sydney in April: AEST, UTC+10)', () => {
    const v = lp.view('sim');
    expect(v.timezone).toBe('Australia/Sydney');
    expect([v.start, v.startLocal, v.end, v.endLocal]).toEqual(['2025-04-07T22:00:00.000Z', '2025-04-08 08:00:00 AEST', '2025-04-08T00:00:00.000Z', '2025-04-08 10:00:00 AEST']);
    expect(v.timeline).toEqual([
      { t: '2025-04-07T22:15:00.000Z', local: '2025-04-08 08:15:00 AEST', what: 'fault lp-dark starts: outage on binance via toxiproxy' },
      { t: '2025-04-07T23:00:00.000Z', local: '2025-04-08 09:00:00 AEST', what: 'fault lp-dark ends' },
    ]);
    // Auckland in April after DST ends (6 April 2025): NZST, UTC+12.
    const nz = load('scenarios/lp-outage.yaml', (t) => t.replace('timezone: Australia/Sydney', 'timezone: Pacific/Auckland')).view('sim');
    expect(nz.startLocal).toBe('2025-04-08 10:00:00 NZST');
  });

  it('wall time: none on the virtual clock; two live replays of the 2h drill at the given speed', () => {
    expect(lp.view('sim').wallTime).toBeNull();
    expect(lp.view('msw').wallTime).toBeNull(); // msw is virtual unless --speed is given
    // 2 replays × 7,200,000 ms ÷ 60 = 240,000 ms; with the 10-minute drain each: 2 × 7,800,000 ÷ 60 = 260,000 ms.
    expect(lp.view('proxy').wallTime).toEqual({ speed: 60, expectedMs: 240_000, atMostMs: 260_000 });
    // msw --speed 600: 2 × 7,200,000 ÷ 600 = 24,000 ms; 2 × 7,800,000 ÷ 600 = 26,000 ms.
    expect(lp.view('msw', 600).wallTime).toEqual({ speed: 600, expectedMs: 24_000, atMostMs: 26_000 });
    expect(planText(lp.view('proxy'))).toContain('wall time: about 4m (two live replays at 60× the scenario clock), at most 4m 20s');
  });
});
