import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import type { RunEvent } from '../../../src/engine/events.js';
import { EVENTS_CSV_COLUMNS, renderEventsCsv } from '../../../src/report/events-csv.js';
import { compileYaml } from '../../helpers/sim.js';

const scenario = compileYaml(readFileSync('scenarios/stale-prices.yaml', 'utf8'));
const base = { seq: 0, run: 'faulted' as const, type: 'trade' as const, tradeId: 'T1', clientId: 'C1', tier: 'retail', instrument: 'BTC-AUD', feeCcy: 'AUD' };

function rows(events: RunEvent[]): Record<string, string>[] {
  const [header, ...lines] = renderEventsCsv(scenario, 'run1', events).trimEnd().split('\n');
  expect(header).toBe(EVENTS_CSV_COLUMNS.join(','));
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [EVENTS_CSV_COLUMNS[i]!, v])));
}

test('a client buy filled above mid: pnl_vs_mid and slippage from the firm side, stale by the scenario rule', () => {
  const maxAge = scenario.integration.validation.maxPriceAgeMs ?? 2 * scenario.integration.pricePollIntervalMs;
  const t = 1_000_000;
  const [fresh, stale] = rows([
    { ...base, t, side: 'buy', qty: '2', outcome: 'FILLED', priceExec: '101', priceUsed: '100', priceUsedTs: t - 1000, refMid: '100', fee: '1.21' } as RunEvent,
    { ...base, tradeId: 'T2', t, side: 'buy', qty: '2', outcome: 'FILLED', priceExec: '101', priceUsed: '100', priceUsedTs: t - maxAge - 1, refMid: '100', fee: '1.21' } as RunEvent,
  ]);
  // Firm sells 2 at 101 against a mid of 100: +2.00 edge, 100 bps of 200 notional at mid.
  expect(fresh).toMatchObject({ event_id: 'T1', outcome: 'FILLED', pnl_vs_mid: '2.00', slippage_bps: '100.00', notional: '202.00', price_age_ms: '1000' });
  expect(stale).toMatchObject({ event_id: 'T2', outcome: 'FILLED_STALE' });
});

test('successful calls and probes are left out; failed calls and duplicates are rows', () => {
  const out = rows([
    { seq: 1, t: 1, run: 'faulted', type: 'attempt', requestId: 'r', attempt: 1, provider: 'p', role: 'payment_gateway', op: 'create_payment', outcome: 'ok', latencyMs: 5, idempotent: true },
    { seq: 2, t: 2, run: 'faulted', type: 'attempt', requestId: 'r', attempt: 2, provider: 'p', role: 'payment_gateway', op: 'create_payment', outcome: 'lost', status: 504, latencyMs: 5, idempotent: false },
    { seq: 3, t: 3, run: 'faulted', type: 'execution', provider: 'p', op: 'create_payment', reference: 'P1', occurrence: 2, amount: '10.00', ccy: 'AUD', fee: '0.47', feeCcy: 'AUD' },
  ] as RunEvent[]);
  expect(out.map((r) => [r.event_id, r.outcome, r.http_status])).toEqual([['r/2', 'UNKNOWN', '504'], ['P1#2', 'DUPLICATE', '']]);
});

test('journalLineMayHaveRow: a line it skips never makes a row (every line of a real journal, both replays)', async () => {
  const { runScenarioFile } = await import('../../../src/run/run-scenario.js');
  const { mkdtemp, readFile, rm } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const { EventsCsvWriter, journalLineMayHaveRow, eventsCsvStaleAfterMs } = await import('../../../src/report/events-csv.js');
  const out = await mkdtemp(join(tmpdir(), 'faultline-csv-'));
  try {
    const run = await runScenarioFile('scenarios/payment-503-storm-no-idempotency.yaml', { out, inlineEventFiles: true });
    const lines = (await readFile(join(run.dir, 'journal.jsonl'), 'utf8')).trimEnd().split('\n').slice(1);
    let rowsOfSkipped = 0;
    let skipped = 0;
    const writer = new EventsCsvWriter(eventsCsvStaleAfterMs(run.scenario), 'r', (chunk) => {
      rowsOfSkipped += chunk.split('\n').length - 1;
    });
    rowsOfSkipped = 0; // the header
    for (const line of lines) {
      if (journalLineMayHaveRow(line)) continue;
      skipped += 1;
      writer.add(JSON.parse(line) as RunEvent);
      writer.end();
    }
    expect(skipped).toBeGreaterThan(100);
    expect(rowsOfSkipped).toBe(0);
    // Lines not in the `{"type":"…"` form are never skipped.
    expect(journalLineMayHaveRow('{"seq":1,"type":"probe"}')).toBe(true);
    expect(journalLineMayHaveRow('{"type":"attempt","requestId":"x","outcome":"timeout"}')).toBe(true);
    expect(journalLineMayHaveRow('{"type":"attempt","requestId":"\\"outcome\\":\\"ok\\"","outcome":"timeout"}')).toBe(true);
    expect(journalLineMayHaveRow('{"type":"attempt","outcome":"ok"}')).toBe(false);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});

test('a row never keeps a value of the row before it (each kind of row reuses one scratch row)', () => {
  const t = 1_000_000;
  const out = rows([
    { ...base, t, side: 'buy', qty: '2', outcome: 'FILLED', priceExec: '101', priceUsed: '100', priceUsedTs: t - 1000, refMid: '100', fee: '1.21', faultId: 'f1' } as RunEvent,
    { ...base, tradeId: 'T2', t: t + 1, side: 'sell', qty: '1', outcome: 'REJECTED', refMid: '100' } as RunEvent,
    { seq: 3, t: t + 2, run: 'baseline', type: 'attempt', requestId: 'r', attempt: 2, provider: 'p', role: 'payment_gateway', op: 'create_payment', outcome: 'error', status: 503, latencyMs: 5, faultId: 'f1', idempotent: true },
    { seq: 4, t: t + 3, run: 'baseline', type: 'attempt', requestId: 'q', attempt: 1, provider: 'p', role: 'price_feed', op: 'get_price', outcome: 'timeout', latencyMs: 9, idempotent: true },
  ] as RunEvent[]);
  expect(out[1]).toMatchObject({ event_id: 'T2', run: 'faulted', price_exec: '', price_used: '', price_used_ts: '', price_age_ms: '', notional: '', fee: '', fault_tag: '', pnl_vs_mid: '', slippage_bps: '' });
  expect(out[3]).toMatchObject({ event_id: 'q/1', run: 'baseline', http_status: '', fault_tag: '', latency_ms: '9', integration: 'price_feed' });
});
