import { describe, expect, it } from 'vitest';
import { evaluateRun } from '../../../src/finance/evaluate/evaluate-run.js';
import { EVENTS_CSV_COLUMNS, renderEventsCsv } from '../../../src/report/events-csv.js';
import { compileYaml, ofType, runDrill } from '../../helpers/sim.js';

// §2.5 end to end: the counts are derived here from the rule and the drill's own item count, not
// from the engine's verdicts.

function drill(integration: string, faults: string, gateways = 'stripe: { role: payment_gateway, archetype: stripe, latency: { distribution: fixed, median: 100ms } }') {
  return compileYaml(`faultline: 1
id: unknowns
title: unknown outcomes and unsafe retries
start: "2025-04-07T22:00:00Z"
duration: 10m
reporting: { currency: AUD }
market:
  instruments:
    BTC-AUD: { mid: "100000" }
providers:
  feed: { role: price_feed, archetype: coingecko }
  ${gateways}
integration:
  type: reference
${integration}
workload:
  payments: { rate_per_minute: 6, amount: { distribution: fixed, median: "10.00" }, currency: AUD }
faults:
${faults}
`);
}

async function evaluated(text: ReturnType<typeof drill>) {
  const { all, faulted } = await runDrill(text);
  const ev = evaluateRun({ scenario: text, events: all, runId: 'r', seed: text.seed, mode: 'sim' });
  const [header, ...lines] = renderEventsCsv(text, 'r', all).trimEnd().split('\n');
  expect(header).toBe(EVENTS_CSV_COLUMNS.join(','));
  const rows = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [EVENTS_CSV_COLUMNS[i]!, v])));
  return { ev, faulted, rows };
}

describe('unsafe retries (§2.5): every re-send without a key counts, duplicate or not', () => {
  const faults = '  - { id: shed, kind: error, target: stripe, at: 0s, for: 10m, status: 503 }';

  it('without idempotency keys: a 503 executes nothing, yet each of the 2 retries of every payment is unsafe', async () => {
    const { ev, faulted, rows } = await evaluated(drill('  idempotency: false\n  retries: { max: 2, backoff: fixed, base_delay: 1s, jitter: none }', faults));
    const payments = ofType(faulted, 'payment').length;
    expect(payments).toBeGreaterThan(20);
    expect(ofType(faulted, 'execution')).toHaveLength(0);
    // 3 sends per payment, the first is not a retry: 2 × payments.
    expect(ev.metrics['payments.unsafe_retries']).toBe(String(2 * payments));
    expect(ev.metrics['payments.duplicates']).toBe('0');
    expect(ev.metrics['payments.failed']).toBe(String(payments));
    expect(ev.metrics['payments.unknown_outcomes']).toBe('0'); // a 503 says it did not execute
    const firmRows = rows.filter((r) => r.run === 'faulted' && r.operation === 'payment');
    expect(new Set(firmRows.map((r) => `${r.outcome} ${r.unsafe_retries} ${r.provider_executions} ${r.truth}`))).toEqual(new Set(['REJECTED 2 0 NOT_EXECUTED']));
  });

  it('with idempotency keys the same retries are safe', async () => {
    const { ev } = await evaluated(drill('  idempotency: true\n  retries: { max: 2, backoff: fixed, base_delay: 1s, jitter: none }', faults));
    expect(ev.metrics['payments.unsafe_retries']).toBe('0');
  });
});

describe('unknown outcomes (§2.5): unknown until resolved, even when the provider executed (twice)', () => {
  const gateways = `stripe: { role: payment_gateway, archetype: stripe, latency: { distribution: fixed, median: 100ms } }
  paypal: { role: payment_gateway, archetype: paypal, latency: { distribution: fixed, median: 100ms } }`;
  const integration = '  idempotency: false\n  retries: { max: 0 }\n  failover: { payment_gateway: [stripe, paypal] }';
  const lost = '  - { id: lost, kind: partial, target: stripe, at: 0s, for: 10m, lost_as: "504" }';

  it('a blind failover that succeeds: the firm believes FILLED, the truth beside it is two executions, the outcome never resolved', async () => {
    const { ev, faulted, rows } = await evaluated(drill(integration, lost, gateways));
    const payments = ofType(faulted, 'payment').length;
    expect(payments).toBeGreaterThan(20);
    // Each payment: stripe executes and its answer is lost (1), then paypal charges again (2).
    expect(ofType(faulted, 'execution')).toHaveLength(2 * payments);
    expect(ev.metrics['payments.duplicates']).toBe(String(payments));
    expect(ev.metrics['payments.unknown_outcomes']).toBe(String(payments));
    expect(ev.metrics['payments.unresolved_outcomes']).toBe(String(payments));
    expect(ev.metrics['payments.unsafe_retries']).toBe(String(payments));
    expect(ev.metrics['payments.failed']).toBe('0');
    const firmRows = rows.filter((r) => r.run === 'faulted' && r.operation === 'payment');
    expect(new Set(firmRows.map((r) => `${r.outcome} ${r.unknown_outcome} ${r.provider_executions} ${r.truth}`))).toEqual(new Set(['FILLED UNRESOLVED 2 DUPLICATED']));
  });

  it('when the failover fails too, the payment is UNKNOWN, never FAILED: its first send executed', async () => {
    const down = `${lost}\n  - { id: down, kind: outage, target: paypal, at: 0s, for: 10m }`;
    const { ev, faulted, rows } = await evaluated(drill(integration, down, gateways));
    const payments = ofType(faulted, 'payment');
    expect(payments.length).toBeGreaterThan(20);
    expect(new Set(payments.map((p) => p.outcome))).toEqual(new Set(['UNKNOWN']));
    expect(ev.metrics['payments.failed']).toBe(String(payments.length));
    expect(ev.controls.paymentsFailedUnknown).toBe(payments.length);
    const firmRows = rows.filter((r) => r.run === 'faulted' && r.operation === 'payment');
    // "REJECTED" never stands beside an execution: the row says UNKNOWN and the truth is beside it.
    expect(new Set(firmRows.map((r) => `${r.outcome} ${r.unknown_outcome} ${r.provider_executions} ${r.truth}`))).toEqual(new Set(['UNKNOWN UNRESOLVED 1 EXECUTED']));
  });
});
