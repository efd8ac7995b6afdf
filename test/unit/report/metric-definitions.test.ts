import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateRun } from '../../../src/finance/evaluate/evaluate-run.js';
import { renderSummaryMarkdown } from '../../../src/report/render-markdown.js';
import { EVENTS_CSV_COLUMNS, renderEventsCsv } from '../../../src/report/events-csv.js';
import { buildTables } from '../../../src/report/tables.js';
import { METRICS } from '../../../src/scenario/metrics.js';
import { compileYaml, ofType, runDrill } from '../../helpers/sim.js';

// One definition per metric: written once (the catalogue), printed once in docs/finance.md §13, and
// the threshold value, the executive summary and drill_summary.csv agree on a real drill.

describe('docs/finance.md §13 is the catalogue', () => {
  const doc = readFileSync(new URL('../../../docs/finance.md', import.meta.url), 'utf8');
  const section = doc.slice(doc.indexOf('## 13. Metrics: one definition each'));
  const rows = new Map([...section.matchAll(/^\| `([a-z_.]+)` \| ([a-z]+) \| (.*) \| (.*) \|$/gm)].map((m) => [m[1]!, { unit: m[2]!, description: m[3]!.replaceAll('\\|', '|'), printed: m[4]!.replaceAll('\\|', '|') }]));

  it('every metric, with the same unit, definition and place, and nothing else', () => {
    expect([...rows.keys()].sort()).toEqual(Object.keys(METRICS).sort());
    for (const [name, info] of Object.entries(METRICS)) expect(rows.get(name), name).toEqual(info);
  });
});

describe('a metric means the same in the threshold, the summary and the CSVs', () => {
  // Every payment's first send is lost (charged, answer never arrives) and the failover is down:
  // each one is UNKNOWN, i.e. failed in payments.failed's sense; some client trades are rejected.
  const scenario = compileYaml(`faultline: 1
id: defs
title: one definition per metric
start: "2025-04-07T22:00:00Z"
duration: 10m
reporting: { currency: AUD }
market:
  instruments:
    BTC-AUD: { mid: "100000" }
providers:
  feed: { role: price_feed, archetype: coingecko, latency: { distribution: fixed, median: 100ms } }
  stripe: { role: payment_gateway, archetype: stripe, latency: { distribution: fixed, median: 100ms } }
  paypal: { role: payment_gateway, archetype: paypal, latency: { distribution: fixed, median: 100ms } }
integration:
  type: reference
  idempotency: false
  retries: { max: 0 }
  validation: { max_price_age: 5s }
  failover: { payment_gateway: [stripe, paypal] }
workload:
  trades: { rate_per_minute: 10, size: { distribution: fixed, median: "0.1" } }
  payments: { rate_per_minute: 6, amount: { distribution: fixed, median: "10.00" }, currency: AUD }
faults:
  - { id: lost, kind: partial, target: stripe, at: 0s, for: 10m, lost_as: "504" }
  - { id: down, kind: outage, target: paypal, at: 0s, for: 10m }
  - { id: feed, kind: outage, target: feed, at: 2m, for: 3m }
`);

  it('payments.failed, trades.rejected, their volumes, unknown outcomes and unsafe retries', async () => {
    const { all, faulted } = await runDrill(scenario);
    const ev = evaluateRun({ scenario, events: all, runId: 'r', seed: scenario.seed, mode: 'sim' });
    const summary = buildTables(ev).find((t) => t.name === 'drill_summary')!.rows[0]!;
    const md = renderSummaryMarkdown(ev, { version: 't', scenarioFile: 'defs.yaml', contentHash: 'h', mode: 'sim', clock: 'virtual' }, buildTables(ev));
    const [, ...lines] = renderEventsCsv(scenario, 'r', all).trimEnd().split('\n');
    const rows = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [EVENTS_CSV_COLUMNS[i]!, v]))).filter((r) => r.run === 'faulted');

    // By hand from the journal: payments not confirmed as charged, and their amounts (10.00 each).
    const payments = ofType(faulted, 'payment');
    const failed = payments.filter((p) => p.outcome !== 'SUCCEEDED');
    expect(failed.length).toBe(payments.length);
    expect(failed.length).toBeGreaterThan(20);
    const rejected = ofType(faulted, 'trade').filter((t) => t.outcome === 'REJECTED');
    expect(rejected.length).toBeGreaterThan(5);
    // 0.1 BTC × the true mid of each rejected trade, summed exactly (mids as integers of 10⁻¹² units), rounded once to the cent (half-up here, half-even in the engine: only an exact tie would differ, and show).
    const units = (d: string): bigint => {
      const [i, f = ''] = d.split('.');
      return BigInt(i! + f.padEnd(12, '0'));
    };
    const sum = rejected.reduce((s, t) => s + units(t.refMid), 0n); // Σ mid, 10⁻¹²; × 0.1 → 10⁻¹³
    const rejectedCents = (sum + 5n * 10n ** 10n) / 10n ** 11n; // to 10⁻²

    expect(ev.metrics['payments.failed']).toBe(String(failed.length));
    expect(summary.failed_payments).toBe(String(failed.length));
    expect(rows.filter((r) => r.operation === 'payment' && (r.outcome === 'REJECTED' || r.outcome === 'UNKNOWN'))).toHaveLength(failed.length);
    expect(md).toContain(`${failed.length} payment(s) not confirmed as charged (FAILED or UNKNOWN, ${failed.length} UNKNOWN), ${(failed.length * 10).toLocaleString('en-AU')}.00 AUD`);
    expect(md).toContain(`${failed.length} payments failed (FAILED or UNKNOWN)`);
    expect(ev.metrics['payments.failed_amount']).toBe(`${failed.length * 10}`);
    expect(summary.failed_payment_amount).toBe(`${failed.length * 10}.00`);

    expect(ev.metrics['trades.rejected']).toBe(String(rejected.length));
    expect(summary.failed_trades).toBe(String(rejected.length));
    expect(summary.failed_trade_notional).toBe(`${rejectedCents / 100n}.${String(rejectedCents % 100n).padStart(2, '0')}`);

    // Unknown outcomes and unsafe retries: one of each per payment (the lost send, then the blind failover).
    expect(ev.metrics['payments.unknown_outcomes']).toBe(String(payments.length));
    expect(ev.metrics['payments.unresolved_outcomes']).toBe(String(payments.length));
    expect(summary.unknown_outcomes).toBe(String(payments.length));
    expect(summary.unknown_outcomes_unresolved).toBe(String(payments.length));
    expect(rows.filter((r) => r.operation === 'payment' && r.unknown_outcome === 'UNRESOLVED')).toHaveLength(payments.length);
    expect(ev.metrics['payments.unsafe_retries']).toBe(String(payments.length));
    expect(summary.unsafe_retries).toBe(String(payments.length));
    expect(rows.filter((r) => r.operation === 'payment').reduce((s, r) => s + Number(r.unsafe_retries), 0)).toBe(payments.length);
    expect(md).toContain(`${payments.length} unsafe retries (orders 0, payments ${payments.length})`);
  });
});
