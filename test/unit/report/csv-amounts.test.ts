import { beforeAll, describe, expect, it } from 'vitest';
import { minorUnits } from '../../../src/finance/decimal.js';
import { evaluateRun, type Evaluation } from '../../../src/finance/evaluate/evaluate-run.js';
import { EVENTS_CSV_COLUMNS, renderEventsCsv } from '../../../src/report/events-csv.js';
import { buildTables } from '../../../src/report/tables.js';
import { compileYaml, runDrill } from '../../helpers/sim.js';
import type { RunEvent } from '../../../src/engine/events.js';
import { initialDashboardState, reduceDashboard } from '../../../src/ui/state.js';

// finance-reference.md §1.1.4, §1.4: every money amount in every CSV is printed to its currency's
// minor unit (`2.00`, not `2`) with its currency beside it. A drill with a USD instrument, USD
// charges against an AUD fee schedule, an AUD reporting currency, stale prices, lost answers and
// an LP outage, so every table has rows. (compliance.csv and sla.csv have their own tests.)

const scenario = compileYaml(`faultline: 1
id: amounts
title: every amount with its currency
start: "2025-04-07T22:00:00Z"
duration: 30m
seed: 7
reporting: { currency: AUD }
market:
  instruments:
    BTC-USD: { mid: "60000", volatility: 0.6 }
  fx:
    AUDUSD: "0.6550"
providers:
  feed: { role: price_feed, archetype: coingecko, latency: { distribution: fixed, median: 100ms } }
  lp: { role: liquidity_provider, archetype: binance, latency: { distribution: fixed, median: 50ms }, fees: { taker_bps: "10", currency: USD } }
  stripe: { role: payment_gateway, archetype: stripe, latency: { distribution: fixed, median: 100ms }, fees: { percent: "1.7", fixed: "0.30", currency: AUD } }
integration:
  type: reference
  idempotency: false
  retries: { max: 1, backoff: fixed, base_delay: 500ms, jitter: none }
hedging: { instrument: BTC-USD, threshold: "0.5", limit: 50k AUD, check_interval: 10s }
workload:
  trades: { rate_per_minute: 20, size: { distribution: fixed, median: "0.2" } }
  payments: { rate_per_minute: 10, amount: { distribution: fixed, median: "25.10" }, currency: USD }
faults:
  - { id: stale, kind: stale, target: feed, at: 5m, for: 5m }
  - { id: lp-down, kind: outage, target: lp, at: 12m, for: 6m }
  - { id: lost, kind: partial, target: stripe, at: 3m, for: 10m, probability: 0.3, lost_as: "504" }
  - { id: rejected, kind: error, target: stripe, at: 20m, for: 3m, status: 400 }
`);

/** Amount column → its currency column (or a fixed currency), per file. */
const AMOUNTS: Record<string, Record<string, string>> = {
  drill_summary: Object.fromEntries([
    'total_incident_pnl', 'pnl_stale_slippage', 'pnl_missed_revenue_net', 'pnl_missed_revenue_gross', 'pnl_duplicates', 'pnl_inventory_mtm', 'hedge_slippage_cost', 'hedge_drift_cost',
    'hedge_execution_cost', 'fees_delta', 'fx_translation', 'unattributed', 'sla_credit_payable', 'sla_credit_receivable', 'peak_abs_exposure', 'var95_outage', 'es95_outage', 'var99_outage',
    'es99_outage', 'mc_stderr_var99', 'stale_fill_cost', 'pick_off_cost', 'hedge_is_cost_faulted', 'hedge_is_cost_baseline', 'rounding_residual', 'pnl_hedge_drift_delta',
    'pnl_hedge_execution_delta', 'time_weighted_notional_reporting', 'limit_max_excess_reporting', 'failed_trade_notional', 'failed_payment_amount',
  ].map((c) => [c, 'reporting_ccy'])),
  pnl_attribution: { baseline_value: 'native_ccy', faulted_value: 'native_ccy', impact_native: 'native_ccy', impact_reporting: 'reporting_ccy' },
  positions: { realized_pnl: 'quote_ccy', unrealized_pnl: 'quote_ccy', commissions: 'quote_ccy' },
  exposure_timeseries: { net_notional_reporting: 'reporting_ccy', limit: 'reporting_ccy', excess_reporting: 'reporting_ccy' },
  scenarios: { base_value: 'reporting_ccy', var: 'reporting_ccy', es: 'reporting_ccy', stderr: 'reporting_ccy' },
  clients: { money_at_stake: 'reporting_ccy' },
  stale_fills: { pnl_vs_mid: 'quote_ccy', expected_markup: 'quote_ccy', stale_cost: 'quote_ccy', pick_off_cost: 'quote_ccy', stale_cost_reporting: 'reporting_ccy', pick_off_cost_reporting: 'reporting_ccy' },
  hedges: {
    delay_cost: 'quote_ccy', execution_cost: 'quote_ccy', opportunity_cost: 'quote_ccy', fees: 'quote_ccy', is_total_cost: 'quote_ccy', hedge_slippage_cost: 'quote_ccy', hedge_drift_cost: 'quote_ccy',
    hedge_execution_cost: 'quote_ccy', is_total_cost_reporting: 'reporting_ccy', hedge_slippage_cost_reporting: 'reporting_ccy', hedge_drift_cost_reporting: 'reporting_ccy', hedge_execution_cost_reporting: 'reporting_ccy',
  },
  events: { notional: 'notional_ccy', fee: 'fee_ccy', pnl_vs_mid: 'pnl_ccy' },
};

let ev: Evaluation;
let events: RunEvent[];
let tables: Map<string, { columns: string[]; rows: Record<string, string>[] }>;

beforeAll(async () => {
  const { all } = await runDrill(scenario);
  events = all;
  ev = evaluateRun({ scenario, events: all, runId: 'r', seed: scenario.seed, mode: 'sim', mcPaths: 4000 });
  tables = new Map(buildTables(ev).map((t) => [t.name, { columns: t.columns, rows: t.rows }]));
  const [header, ...lines] = renderEventsCsv(scenario, 'r', all).trimEnd().split('\n');
  // No field of this drill needs quoting: a plain split is the parse.
  tables.set('events', { columns: header!.split(','), rows: lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [EVENTS_CSV_COLUMNS[i]!, v]))) });
}, 120_000);

describe('every amount to its minor unit, with its currency beside it', () => {
  it.each(Object.entries(AMOUNTS))('%s', (name, amounts) => {
    const t = tables.get(name)!;
    expect(t.rows.length, `${name} has rows to check`).toBeGreaterThan(0);
    let checked = 0;
    for (const [column, ccyColumn] of Object.entries(amounts)) {
      expect(t.columns, name).toContain(column);
      expect(t.columns, name).toContain(ccyColumn);
      for (const row of t.rows) {
        const value = row[column]!;
        if (value === '') continue;
        const ccy = row[ccyColumn]!;
        expect(ccy, `${name}.${ccyColumn} beside ${column}=${value}`).toMatch(/^[A-Z]{3,4}$/);
        const dp = minorUnits(ccy);
        expect(value, `${name}.${column} in ${ccy}`).toMatch(dp === 0 ? /^-?\d+$/ : new RegExp(`^-?\\d+\\.\\d{${dp}}$`));
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('the drill covers the cases: a converted fee, an unknown outcome, a catch-up hedge, a stale fill', () => {
    const events = tables.get('events')!.rows;
    const converted = events.filter((r) => r.operation === 'charge' && r.fx_rate !== '');
    expect(converted.length).toBeGreaterThan(0);
    // USD charges against an AUD schedule: every fee is AUD, at the processor's 6-dp rate 1/0.6550 → 1.526718.
    expect(new Set(converted.map((r) => `${r.notional_ccy} ${r.fee_ccy} ${r.fx_rate} ${r.fx_source}`))).toEqual(new Set(['USD AUD 1.526718 scenario input (fixed for the drill)']));
    // By hand: 25.10 × 1.526718 = 38.3206218 → AUD 38.32 (half-up, the schedule's default);
    // 38.32 × 1.7% = 0.65144 → 0.65; + 0.30 = 0.95.
    expect(new Set(converted.map((r) => r.fee))).toEqual(new Set(['0.95']));
    expect(events.some((r) => r.operation === 'payment' && r.unknown_outcome !== ''), 'an unknown outcome').toBe(true);
    expect(tables.get('hedges')!.rows.some((r) => r.catch_up === 'true' && r.hedge_slippage_cost !== ''), 'a catch-up hedge').toBe(true);
    expect(tables.get('stale_fills')!.rows.length).toBeGreaterThan(0);
  });
});

describe('§3 recomputable from the files', () => {
  it('exposure_timeseries: the LP is DOWN from the outage\'s first instant to its end, whatever the integration believed', () => {
    const rows = tables.get('exposure_timeseries')!.rows;
    const start = Date.parse('2025-04-07T22:12:00.000Z');
    const end = Date.parse('2025-04-07T22:18:00.000Z');
    const atStart = rows.find((r) => r.ts_utc === '2025-04-07T22:12:00.000Z');
    expect(atStart?.lp_status).toBe('DOWN');
    for (const r of rows) expect(r.lp_status, r.ts_utc).toBe(Date.parse(r.ts_utc!) >= start && Date.parse(r.ts_utc!) < end ? 'DOWN' : 'UP');
    // The integration only learns at its first failed hedge: it still says UP at the outage's first instant.
    expect(atStart?.lp_status_integration).toBe('UP');
  });

  it('breach count and max excess in the CSVs agree with the series, and the cumulative columns look backward', () => {
    const rows = tables.get('exposure_timeseries')!.rows;
    const summary = tables.get('drill_summary')!.rows[0]!;
    const episodes = new Set(rows.filter((r) => r.in_breach === 'true').map((r) => r.breach_episode));
    expect(summary.limit_breach_count).toBe(String(episodes.size));
    const excess = rows.filter((r) => r.excess_reporting !== '').map((r) => Number(r.excess_reporting));
    expect(summary.limit_max_excess_reporting).toBe(excess.length === 0 ? '0.00' : Math.max(...excess).toFixed(2));
    // Backward: breach seconds at each row = Σ of the earlier in-breach rows' lengths.
    let breachMs = 0;
    for (let i = 0; i < rows.length; i++) {
      expect(Math.round(Number(rows[i]!.cumulative_breach_s) * 1000), rows[i]!.ts_utc).toBe(breachMs);
      if (rows[i]!.in_breach === 'true' && i + 1 < rows.length) breachMs += Date.parse(rows[i + 1]!.ts_utc!) - Date.parse(rows[i]!.ts_utc!);
    }
    expect(Math.round(Number(summary.limit_breach_seconds) * 1000)).toBe(breachMs);
    expect(rows[0]!.exposure_time_cum).toBe('0.000000');
  });

  it('scenarios.csv: the z of each closed-form row (§8.1), none for the empirical Monte Carlo rows', () => {
    const rows = tables.get('scenarios')!.rows;
    expect(rows.slice(0, 3).map((r) => [r.quantile, r.z])).toEqual([['0.95', '1.645'], ['0.99', '2.326'], ['0.99', '2.326']]);
    expect(rows.slice(3).every((r) => r.z === '' && r.paths === '4000')).toBe(true);
    // The parametric row recomputes from its own columns: VaR = z × σ/√365 × √(horizon_s/86,400) × base_value.
    const p = rows[1]!;
    const varByHand = Number(p.z) * (Number(p.sigma_annual) / Math.sqrt(365)) * Math.sqrt(Number(p.horizon_s) / 86_400) * Number(p.base_value);
    expect(Math.abs(varByHand - Number(p.var))).toBeLessThan(0.01);
  });

  it('drill_summary: time_weighted_exposure is in base units (§3.1), its notional has its own name', () => {
    const s = tables.get('drill_summary')!.rows[0]!;
    const m = ev.exposure!.metrics;
    expect(s.time_weighted_exposure).toBe(m.timeWeightedAbsQty.toFixed(8));
    expect(s.time_weighted_notional_reporting).toBe(m.timeWeightedAbsNotional.toFixed(2));
  });
});

describe('the dashboard\'s exposure is the report\'s', () => {
  it('its peak, folded event by event as the drill runs, is exposure.peak to the last digit', () => {
    let state = initialDashboardState({ scenario, file: 'amounts.yaml', mode: 'sim' });
    for (const e of events) state = reduceDashboard(state, e);
    expect(ev.metrics['exposure.peak']).toBeDefined();
    expect(state.exposure!.peak).toBe(ev.metrics['exposure.peak']);
  });
});

describe('the exposure chart marks the LP DOWN from the outage\'s start', () => {
  it('labels the outage window with the provider DOWN, the window drawn from the fault\'s start', async () => {
    const { exposureChartInput, renderExposureChart, exposureScale } = await import('../../../src/report/charts/exposure-chart.js');
    const input = exposureChartInput(ev)!;
    expect(input.lpDown).toEqual(['lp-down']);
    const svg = renderExposureChart(input);
    expect(svg).toContain('lp-down: lp DOWN');
    const x0 = exposureScale(input).x(Date.parse('2025-04-07T22:12:00.000Z'));
    expect(svg).toMatch(new RegExp(`data-fault="lp-down" x="${x0.toFixed(1).replace(/\\.0$/, '')}(\\.\\d+)?"`));
  });
});

describe('customer funds at risk in the reporting currency', () => {
  it('USD duplicates are translated, never summed as AUD', () => {
    const dups = events.filter((e) => e.type === 'execution' && e.run === 'faulted' && e.op === 'create_payment' && e.occurrence > 1);
    expect(dups.length).toBeGreaterThan(0);
    // By hand: k duplicates of USD 25.10 at AUDUSD 0.6550 → AUD 25.10 × k / 0.6550, in cents half-even.
    const num = 2510n * BigInt(dups.length) * 10_000n; // cents × 10^4
    const den = 6550n;
    let cents = num / den;
    const rem = num % den;
    if (rem * 2n > den || (rem * 2n === den && cents % 2n === 1n)) cents += 1n;
    expect(ev.controls.customerFundsAtRisk.toFixed(2)).toBe(`${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`);
  });
});
