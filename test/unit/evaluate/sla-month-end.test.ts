/**
 * SLA across a month end (finance-reference.md §6.1, issue 15 §2): a drill from 2025-03-31T23:00Z for
 * 2 h with the LP dark from 23:10Z to 00:20Z. The service-credit period is the contract's calendar
 * month, so March and April each get a row, each month's uptime over its own length, its own tier,
 * credit and claim deadline. Every expected figure is derived below by integer arithmetic from the
 * inputs (minutes in a month, downtime minutes, tiers, fee, FX), never by the engine's functions.
 */
import { describe, expect, it } from 'vitest';
import { executePlan } from '../../../src/engine/execute.js';
import { planRun } from '../../../src/engine/plan.js';
import { collectingSink } from '../../../src/engine/ports.js';
import { evaluateRun } from '../../../src/finance/evaluate/evaluate-run.js';
import { buildTables } from '../../../src/report/tables.js';
import { parseScenarioText } from '../../../src/scenario/parse-scenario-text.js';

function scenarioText(slaExtra = ''): string {
  return `faultline: 1
id: month-end
title: LP dark across midnight UTC at a month's end
start: "2025-03-31T23:00:00Z"
duration: 2h
market:
  instruments:
    BTC-AUD: { mid: "100000" }
  fx: { AUDUSD: "0.6550" }
providers:
  feed: { role: price_feed, archetype: coingecko, latency: { distribution: fixed, median: 100ms } }
  lp:
    role: liquidity_provider
    archetype: binance
    latency: { distribution: fixed, median: 100ms }
    sla:
      uptime_target: 99.95
      monthly_fee: "1000.00"
      currency: USD
      tiers: [{ below: 99.95, credit_pct: 10 }, { below: 99.9, credit_pct: 25 }]
${slaExtra}workload:
  trades: { rate_per_minute: 1, size: { median: "0.01" } }
faults:
  - { kind: outage, target: lp, at: 10m, for: 70m }
`;
}

async function run(text: string) {
  const parsed = parseScenarioText(text, 'month-end.yaml');
  expect(parsed.problems).toEqual([]);
  const scenario = parsed.scenario!;
  const plan = planRun(scenario, { version: 'test', contentHash: 'x' });
  const sink = collectingSink();
  await executePlan(plan, { sink });
  const ev = evaluateRun({ scenario, events: sink.events, runId: plan.runId, seed: plan.seed, mode: 'sim', mcPaths: 1000 });
  const tables = buildTables(ev);
  return { ev, sla: tables.find((t) => t.name === 'sla')!.rows, minutes: tables.find((t) => t.name === 'sla_minutes')!.rows };
}

/** round(n / d) half-even, BigInt (the report rounds each printed figure half-even). */
function roundDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n - q * d;
  if (2n * r > d || (2n * r === d && q % 2n === 1n)) return q + 1n;
  return q;
}

/** A BigInt of `dp`-place units as a decimal string. */
function units(v: bigint, dp: number): string {
  const s = v.toString().padStart(dp + 1, '0');
  return `${s.slice(0, -dp)}.${s.slice(-dp)}`;
}

/** 100 × (1 − down / total) to 4 places, by integers: 100 × (total − down) × 10⁴ / total. */
const uptime4 = (total: number, down: number): string => units(roundDiv(100n * BigInt(total - down) * 10_000n, BigInt(total)), 4);

describe('SLA across a month end (UTC months)', () => {
  // The LP is probed every 30 s (monitoring default) and nothing else calls it: each minute from
  // 23:10 to 00:19 holds two failed probes (100 % > 5 %): a downtime minute. 23:10–23:59 is in
  // March (50 minutes), 00:00–00:19 in April (20 minutes).
  const MARCH = 31 * 1440; // 44,640 minutes
  const APRIL = 30 * 1440; // 43,200 minutes

  it('one row per month, each over its own length, with its own tier, credit, FX and claim deadline', async () => {
    const { sla } = await run(scenarioText());
    expect(sla.map((r) => r.month)).toEqual(['2025-03', '2025-04']);
    const [march, april] = sla;

    expect([march!.total_minutes, march!.downtime_minutes]).toEqual([String(MARCH), '50']);
    expect([april!.total_minutes, april!.downtime_minutes]).toEqual([String(APRIL), '20']);
    // March: 100 × 44,590 / 44,640 = 99.88799… → 99.8880 %, below 99.9 → 25 %.
    expect(march!.uptime_pct).toBe(uptime4(MARCH, 50));
    expect(march!.uptime_pct).toBe('99.8880');
    expect(march!.credit_pct).toBe('25');
    // April: 100 × 43,180 / 43,200 = 99.95370… → 99.9537 %, not below 99.95 → no credit.
    expect(april!.uptime_pct).toBe(uptime4(APRIL, 20));
    expect(april!.uptime_pct).toBe('99.9537');
    expect(april!.credit_pct).toBe('0');
    // (One month of 70 minutes would have read 99.8432 % of March and 25 %, and nothing for April.)

    // Credit: 25 % × 1,000.00 USD = 250.00 USD; in AUD at 1 / 0.6550: 250 × 10,000 / 6,550 = 381.679… → 381.68.
    expect([march!.credit_amount, march!.credit_ccy, april!.credit_amount]).toEqual(['250.00', 'USD', '0.00']);
    expect(march!.credit_reporting).toBe(units(roundDiv(250n * 100n * 10_000n, 6_550n), 2));
    expect(march!.credit_reporting).toBe('381.68');
    expect(april!.credit_reporting).toBe('0.00');
    // fx_rate to 6 places: 10¹⁰ / 6,550 = 1,526,717.55… → 1.526718; source and time of the scenario's rate.
    expect(march!.fx_rate).toBe(units(roundDiv(10_000_000_000n, 6_550n), 6));
    expect([march!.fx_source, march!.fx_ts]).toEqual(['scenario input (fixed for the drill)', '2025-03-31T23:00:00.000Z']);

    // Claim by 15 days after each month's end (the first instant after the window).
    expect([march!.claim_deadline, april!.claim_deadline]).toEqual(['2025-04-16T00:00:00.000Z', '2025-05-16T00:00:00.000Z']);
    expect([march!.month_start_utc, march!.month_end_utc, march!.period_timezone]).toEqual(['2025-03-01T00:00:00.000Z', '2025-04-01T00:00:00.000Z', 'UTC']);
  }, 60_000);

  it('sla_minutes.csv holds the evidence: each window, its probes and errors, down or not', async () => {
    const { sla, minutes } = await run(scenarioText());
    const lp = minutes.filter((m) => m.run === 'faulted' && m.counterparty === 'lp');
    for (const month of ['2025-03', '2025-04']) {
      const down = lp.filter((m) => m.month === month && m.down === 'true');
      expect(String(down.length)).toBe(sla.find((r) => r.month === month)!.downtime_minutes);
    }
    const first = lp.find((m) => m.window_start_utc === '2025-03-31T23:10:00.000Z')!;
    expect([first.requests, first.probes, first.errors, first.error_pct, first.threshold_pct, first.down, first.excluded]).toEqual(['0', '2', '2', '100.0000', '5', 'true', 'false']);
    const after = lp.find((m) => m.window_start_utc === '2025-04-01T00:20:00.000Z')!;
    expect([after.errors, after.down]).toEqual(['0', 'false']);
    // The baseline replay saw no fault: no downtime window at all.
    expect(minutes.filter((m) => m.run === 'baseline' && m.down === 'true')).toEqual([]);
  }, 60_000);

  it('a contract measuring months in Australia/Sydney: the whole drill is in its April, 30 days and 1 hour long (DST ends on 6 April)', async () => {
    const { sla } = await run(scenarioText('      timezone: Australia/Sydney\n'));
    expect(sla.map((r) => r.month)).toEqual(['2025-04']);
    const [row] = sla;
    // 1 April 00:00 AEDT (UTC+11) = 31 March 13:00Z; 1 May 00:00 AEST (UTC+10) = 30 April 14:00Z.
    expect([row!.month_start_utc, row!.month_end_utc]).toEqual(['2025-03-31T13:00:00.000Z', '2025-04-30T14:00:00.000Z']);
    const total = 30 * 1440 + 60; // 43,260 minutes
    expect([row!.total_minutes, row!.downtime_minutes]).toEqual([String(total), '70']);
    // 100 × 43,190 / 43,260 = 99.83818… → 99.8382 %: below 99.9 → 25 %.
    expect(row!.uptime_pct).toBe(uptime4(total, 70));
    expect([row!.credit_pct, row!.credit_amount]).toEqual(['25', '250.00']);
    // 15 days after the month's end, local midnight: 16 May 00:00 AEST = 15 May 14:00Z.
    expect(row!.claim_deadline).toBe('2025-05-15T14:00:00.000Z');
  }, 60_000);

  it('an unknown contract time zone is a validate error at its line', () => {
    const r = parseScenarioText(scenarioText('      timezone: Mars/Olympus\n'), 'm.yaml');
    expect(r.problems.map((p) => [p.path, p.message])).toEqual([['providers.lp.sla.timezone', 'unknown time zone "Mars/Olympus"']]);
  });
});
