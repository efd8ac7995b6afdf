/**
 * The dashboard: the pure reducer (table-driven over events) and the props-only components'
 * rendered frames, ANSI stripped, at a wide and a narrow width.
 */
import { readFileSync } from 'node:fs';
import { renderToString } from 'ink';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../src/engine/events.js';
import { DashboardView, laneCells } from '../../../src/ui/components.js';
import { finishDashboard, initialDashboardState, markAborting, progressFraction, reduceDashboard, type DashboardState } from '../../../src/ui/state.js';
import { parseScenarioText } from '../../../src/scenario/parse-scenario-text.js';

const scenario = parseScenarioText(readFileSync('scenarios/lp-outage.yaml', 'utf8'), 'lp-outage.yaml').scenario!;
const S = scenario.startMs;
const MIN = 60_000;
const fresh = (): DashboardState => initialDashboardState({ scenario, file: 'scenarios/lp-outage.yaml', mode: 'sim' });
// eslint-disable-next-line no-control-regex
const strip = (s: string): string => s.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');

let seq = 0;
function ev(body: Record<string, unknown>, t = S, run: 'faulted' | 'baseline' = 'faulted'): RunEvent {
  return { seq: seq++, t, run, ...body } as unknown as RunEvent;
}
const started = (run: 'faulted' | 'baseline'): RunEvent => ev({ type: 'run.started', scenarioId: scenario.id, runId: 'r', mode: 'sim', seed: 1, startMs: S, endMs: scenario.endMs }, S, run);

describe('reduceDashboard', () => {
  const cases: { name: string; events: RunEvent[]; expect: (s: DashboardState) => void }[] = [
    { name: 'run.started sets the replay and the clock', events: [started('faulted')], expect: (s) => { expect(s.variant).toBe('faulted'); expect(s.now).toBe(S); expect(s.events).toBe(1); } },
    { name: 'fault.started marks the window active and raises an alert line', events: [started('faulted'), ev({ type: 'fault.started', faultId: 'lp-dark', kind: 'outage', target: 'binance', via: 'toxiproxy' }, S + 15 * MIN)], expect: (s) => { expect(s.faults.find((f) => f.id === 'lp-dark')!.state).toBe('active'); expect(s.alerts.at(-1)!.text).toContain('fault lp-dark started'); expect(s.now).toBe(S + 15 * MIN); } },
    { name: 'fault.ended closes it', events: [ev({ type: 'fault.started', faultId: 'lp-dark', kind: 'outage', target: 'binance', via: 'toxiproxy' }), ev({ type: 'fault.ended', faultId: 'lp-dark', kind: 'outage', target: 'binance', via: 'toxiproxy' })], expect: (s) => expect(s.faults.find((f) => f.id === 'lp-dark')!.state).toBe('ended') },
    { name: 'a refused attempt marks the provider down, an ok one up again', events: [ev({ type: 'attempt', provider: 'binance', outcome: 'refused' })], expect: (s) => expect(s.health.binance).toBe('down') },
    { name: 'an invalid answer is degraded', events: [ev({ type: 'attempt', provider: 'coingecko', outcome: 'invalid' })], expect: (s) => expect(s.health.coingecko).toBe('degraded') },
    { name: 'recovery', events: [ev({ type: 'attempt', provider: 'binance', outcome: 'refused' }), ev({ type: 'attempt', provider: 'binance', outcome: 'ok' })], expect: (s) => expect(s.health.binance).toBe('up') },
    { name: 'alerts are listed, newest last', events: [ev({ type: 'alert.fired', provider: 'binance', alertId: 'A1', source: 'probe' }), ev({ type: 'alert.acknowledged', provider: 'binance', alertId: 'A1', source: 'probe' })], expect: (s) => expect(s.alerts.map((a) => a.text)).toEqual(['alert A1 fired on binance (probe)', 'alert A1 acknowledged on binance (probe)']) },
    { name: 'a circuit re-opening is reported once', events: [ev({ type: 'circuit.opened', provider: 'binance' }), ev({ type: 'circuit.opened', provider: 'binance' }), ev({ type: 'circuit.opened', provider: 'binance' })], expect: (s) => expect(s.alerts.filter((a) => a.text.includes('circuit opened')).length).toBe(1) },
    { name: 'a duplicate execution costs its fee (approximate running cost)', events: [ev({ type: 'execution', provider: 'stripe', op: 'create_payment', reference: 'p1', occurrence: 2, ccy: 'AUD', fee: '3.25', feeCcy: 'AUD' })], expect: (s) => expect(s.runningCost).toBe('-3.25') },
    // payments.failed is FAILED or UNKNOWN (docs/finance.md §13): both lose the take rate on the dashboard too.
    // lp-outage's take rate is 250 bps: 100.00 × 2.5% = 2.50 each.
    { name: 'a payment not confirmed as charged (FAILED or UNKNOWN) loses its take rate; a charged one nothing', events: [
      ev({ type: 'payment', paymentId: 'p1', customerId: 'c', amount: '100.00', ccy: 'AUD', international: false, outcome: 'FAILED', feeCcy: 'AUD', retries: 0, unsafeRetries: 0 }),
      ev({ type: 'payment', paymentId: 'p2', customerId: 'c', amount: '100.00', ccy: 'AUD', international: false, outcome: 'UNKNOWN', feeCcy: 'AUD', retries: 0, unsafeRetries: 0 }),
      ev({ type: 'payment', paymentId: 'p3', customerId: 'c', amount: '100.00', ccy: 'AUD', international: false, outcome: 'SUCCEEDED', fee: '2.00', feeCcy: 'AUD', retries: 0, unsafeRetries: 0 }),
    ], expect: (s) => expect(s.runningCost).toBe('-5') },
    { name: 'a first execution costs nothing', events: [ev({ type: 'execution', provider: 'stripe', op: 'create_payment', reference: 'p1', occurrence: 1, ccy: 'AUD', fee: '3.25', feeCcy: 'AUD' })], expect: (s) => expect(s.runningCost).toBe('0') },
    { name: 'marks move the exposure and keep its peak', events: [ev({ type: 'mark', mids: { 'BTC-AUD': '100000' }, positions: { 'BTC-AUD': '-5' }, lpStatus: 'UP' }, S + MIN), ev({ type: 'mark', mids: { 'BTC-AUD': '100000' }, positions: { 'BTC-AUD': '2' }, lpStatus: 'UP' }, S + 2 * MIN)], expect: (s) => { expect(s.exposure!.current).toBe('200000'); expect(s.exposure!.peak).toBe('500000'); expect(s.exposure!.limit).toBe('750000'); } },
    // As the report's path: fills move N, and two events of one instant are one state (no spike in between).
    { name: 'fills move the exposure; an instant counts once all its events are in', events: [
      ev({ type: 'trade', tradeId: 'T1', clientId: 'c', tier: 'r', instrument: 'BTC-AUD', side: 'buy', qty: '9', outcome: 'FILLED', priceExec: '100500', refMid: '100000', fee: '0', feeCcy: 'AUD' }, S + MIN),
      ev({ type: 'execution', provider: 'binance', op: 'place_order', reference: 'H1', occurrence: 1, instrument: 'BTC-AUD', side: 'buy', qty: '8', price: '100010', refMid: '100000', ccy: 'AUD', fee: '0', feeCcy: 'AUD', purpose: 'hedge' }, S + MIN),
      ev({ type: 'mark', mids: { 'BTC-AUD': '100000' }, positions: { 'BTC-AUD': '-1' }, lpStatus: 'UP' }, S + 2 * MIN),
    ], expect: (s) => { expect(s.exposure!.current).toBe('100000'); expect(s.exposure!.peak).toBe('100000'); } },
    { name: 'baseline events only advance the clock and the counter', events: [started('baseline'), ev({ type: 'attempt', provider: 'binance', outcome: 'refused' }, S + MIN, 'baseline'), ev({ type: 'alert.fired', provider: 'binance', alertId: 'A1', source: 'probe' }, S + MIN, 'baseline')], expect: (s) => { expect(s.health.binance).toBe('up'); expect(s.alerts.map((a) => a.text)).toEqual(['faulted replay done; running the baseline (same seed, no faults)']); expect(s.events).toBe(3); expect(s.variant).toBe('baseline'); } },
    { name: 'an early stop is shown', events: [ev({ type: 'run.finished', closingMids: {}, positions: {}, incomplete: true, reason: 'aborted: x' })], expect: (s) => expect(s.alerts.at(-1)!.text).toBe('stopped early: aborted: x') },
  ];
  it.each(cases)('$name', ({ events, expect: check }) => {
    const before = fresh();
    const snapshot = JSON.stringify(before);
    const after = events.reduce(reduceDashboard, before);
    check(after);
    expect(JSON.stringify(before)).toBe(snapshot); // pure: the input state is untouched
  });

  it('keeps at most 8 alert lines', () => {
    const events = Array.from({ length: 20 }, (_, i) => ev({ type: 'alert.fired', provider: 'binance', alertId: `A${i}`, source: 'probe' }));
    expect(events.reduce(reduceDashboard, fresh()).alerts.map((a) => a.text.split(' ')[1])).toEqual(['A12', 'A13', 'A14', 'A15', 'A16', 'A17', 'A18', 'A19']);
  });

  it('progress: the faulted replay is the first half, the baseline the second', () => {
    const mid = scenario.startMs + (scenario.endMs - scenario.startMs) / 2;
    expect(progressFraction(fresh())).toBe(0);
    expect(progressFraction(reduceDashboard(reduceDashboard(fresh(), started('faulted')), ev({ type: 'probe', provider: 'binance', ok: true }, mid)))).toBeCloseTo(0.25);
    expect(progressFraction(reduceDashboard(reduceDashboard(fresh(), started('baseline')), ev({ type: 'probe', provider: 'binance', ok: true }, mid, 'baseline')))).toBeCloseTo(0.75);
  });
});

describe('components', () => {
  const running = [started('faulted'), ev({ type: 'fault.started', faultId: 'lp-dark', kind: 'outage', target: 'binance', via: 'toxiproxy' }, S + 15 * MIN), ev({ type: 'alert.fired', provider: 'binance', alertId: 'A0001', source: 'errors' }, S + 16 * MIN), ev({ type: 'attempt', provider: 'binance', outcome: 'refused' }, S + 20 * MIN), ev({ type: 'mark', mids: { 'BTC-AUD': '100000' }, positions: { 'BTC-AUD': '9' }, lpStatus: 'DOWN' }, S + 20 * MIN)].reduce(reduceDashboard, fresh());

  it('a running frame: scenario, lanes, progress, health, running cost labelled approximate, exposure, alerts, q hint', () => {
    const frame = strip(renderToString(<DashboardView state={running} columns={100} elapsedMs={500} color canAbort />, { columns: 100 }));
    expect(frame).toContain('faultline ▶ lp-outage · mode sim · scenarios/lp-outage.yaml');
    for (const p of scenario.providers) expect(frame).toMatch(new RegExp(`^${p.id}\\s+[│▓·]+$`, 'm'));
    expect(frame).toMatch(/^binance\s+·+▓+│▓+·+$/m);
    expect(frame).toMatch(/\d+%\s+faulted replay 22:20:00Z · 5 events · ETA \d+\.\ds/);
    expect(frame).toContain('binance down');
    expect(frame).toContain('≈ running incident cost (faulted replay, approximate): 0 AUD');
    expect(frame).toContain('900,000 AUD / limit 750,000 AUD · peak 900,000 AUD BREACH');
    expect(frame).toContain('22:16:00Z alert A0001 fired on binance (errors)');
    expect(frame).toContain('q to abort');
  });

  it('the end frame puts ✓/✗ per threshold and self-check first, then the report path', () => {
    const done = finishDashboard(running, {
      verdict: 'FAIL', incomplete: false, incidentPnl: '-4692.02',
      thresholds: [{ name: 'pnl.total >= -25000 AUD', ok: true, detail: '' }, { name: 'incident.ttd <= 3m', ok: false, detail: 'incident.ttd = 5m violates <= 3m' }],
      selfChecks: [{ name: 'Attribution adds up', ok: true, detail: '' }],
      reportPath: 'reports/lp-outage/abc',
    });
    const lines = strip(renderToString(<DashboardView state={done} columns={100} elapsedMs={500} color canAbort />, { columns: 100 })).split('\n');
    expect(lines.slice(2, 7)).toEqual(['FAIL', '✓ pnl.total >= -25000 AUD', '✗ incident.ttd <= 3m  (incident.ttd = 5m violates <= 3m)', '✓ self-checks 1/1 passed', 'report: reports/lp-outage/abc/summary.md']);
    expect(lines.join('\n')).toContain('incident P&L (faulted − baseline, exact): −4,692 AUD');
    expect(lines.join('\n')).not.toContain('q to abort');
  });

  it('shows an abort in progress', () => {
    const frame = strip(renderToString(<DashboardView state={markAborting(running, 'q pressed')} columns={100} elapsedMs={500} color canAbort />, { columns: 100 }));
    expect(frame).toContain('aborting: q pressed');
  });

  it.each([30, 45, 60])('degrades at %i columns: no line wider than the terminal', (cols) => {
    const frame = strip(renderToString(<DashboardView state={running} columns={cols} elapsedMs={500} color canAbort />, { columns: cols }));
    for (const line of frame.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(cols);
    expect(frame).toContain('lp-outage');
  });

  it('without colour, no ANSI at all', () => {
    const frame = renderToString(<DashboardView state={running} columns={100} elapsedMs={500} color={false} canAbort />, { columns: 100 });
    // eslint-disable-next-line no-control-regex
    expect(frame).not.toMatch(/\u001b\[3\dm/);
  });

  it('laneCells: fault window and cursor', () => {
    expect(laneCells(running, 'binance', 8)).toBe('·│▓▓····');
    expect(laneCells(running, 'stripe', 8)).toBe('·│······');
  });
});
