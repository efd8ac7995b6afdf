/**
 * Hedging exposure of the faulted replay (finance-reference.md §3): N(t) from client fills and
 * LP executions, M(t) from the reference mids on every event and the per-minute marks, E = N × M × FX.
 * Peak, time-weighted, exposure-time, limit breaches and unhedged MtM come from finance/exposure.ts;
 * VaR/ES of the peak unhedged position over the outage from finance/var.ts.
 */
import type { RunLedger } from './ledger.js';
import type { Scenario } from '../../scenario/model.js';
import { dec, type Dec } from '../decimal.js';
import { buildOrderedExposurePath, measureExposure, type ExposureMetrics } from '../exposure.js';
import { lookupFxRate, type FxTable } from '../fx.js';
import { ShortDec } from '../short-dec.js';
import { computeParametricVar } from '../var.js';

export interface ExposureReport {
  instrument: string;
  quote: string;
  limit: Dec;
  limitCcy: string;
  fxRate: Dec;
  metrics: ExposureMetrics;
  /** Outage window used for VaR: the longest fault window on a liquidity provider (or the drill). */
  horizonMs: number;
  sigmaAnnual: number;
  var95: Dec;
  es95: Dec;
  var99: Dec;
  es99: Dec;
  /** z_α of the parametric rows (§8.1's printed constants). */
  z95: Dec;
  z99: Dec;
  /** Position the VaR is computed on: peak |E| (reporting ccy). */
  varBaseValue: Dec;
  /** The integration's view of the LP at each mark (mark events' `lpStatus`), by mark time. */
  lpStatusSeen: Map<number, string>;
  /** Ground truth of the primary LP at an instant, from the fault windows (see lpStatusAt). */
  lpStatusAt: (t: number) => 'UP' | 'DOWN' | 'DEGRADED';
}

/**
 * Ground truth of the primary liquidity provider (the first of the failover chain) at `t`: DOWN while
 * an outage fault with probability 1 is active on it, DEGRADED while any other fault is, else UP.
 * From the fault windows, so the report shows it DOWN from the fault's start, not from the first
 * hedge that failed (the integration's view, which lags: `lp_status_integration`).
 */
export function lpStatusOf(scenario: Scenario, t: number): 'UP' | 'DOWN' | 'DEGRADED' {
  const primary = scenario.integration.failover.liquidity_provider[0] ?? scenario.providers.find((p) => p.role === 'liquidity_provider')?.id;
  let status: 'UP' | 'DOWN' | 'DEGRADED' = 'UP';
  for (const f of scenario.faults) {
    if (f.target !== primary || t < f.startMs || t >= f.endMs) continue;
    if (f.kind === 'outage' && f.probability >= 1) return 'DOWN';
    status = 'DEGRADED';
  }
  return status;
}

export function computeExposure(scenario: Scenario, ledger: RunLedger, fx: FxTable): ExposureReport | undefined {
  const hedging = scenario.hedging;
  if (hedging === undefined) return undefined;
  const symbol = hedging.instrument;
  const spec = scenario.market.instruments.find((i) => i.symbol === symbol);
  if (spec === undefined) return undefined;
  // Mids and flows from three sources (client fills, the firm's orders, the per-minute marks), each
  // recorded in time order, merged into parallel arrays (ties in the order fills, orders, marks, as
  // a stable sort of their concatenation gives): no object per observation on a long drill.
  const trades: Series = { ts: [], v: [] };
  const tradeFlows: Series = { ts: [], v: [] };
  // Figures as ShortDec (short-dec.ts), read off the ledger's parsed columns: the path's
  // arithmetic gives the Dec values, and a Dec is made only for what a report prints.
  for (const t of ledger.trades.values()) {
    if (t.instrument !== symbol || t.t > scenario.endMs) continue;
    trades.ts.push(t.t);
    trades.v.push(t.shortMid);
    // Client buys lower the firm's N.
    if (t.filled) push(tradeFlows, t.t, t.side === 'buy' ? t.shortQty.neg() : t.shortQty);
  }
  const orders: Series = { ts: [], v: [] };
  const orderFlows: Series = { ts: [], v: [] };
  for (const o of ledger.orders) {
    if (o.instrument !== symbol || o.t > scenario.endMs) continue;
    orderFlows.ts.push(o.t);
    orderFlows.v.push(ShortDec.of(o.n));
    orders.ts.push(o.t);
    orders.v.push(ShortDec.of(o.mid));
  }
  const marks: Series = { ts: [], v: [] };
  const lpStatusSeen = new Map<number, string>();
  for (const e of ledger.events) {
    if (e.type !== 'mark') continue;
    const m = e.mids[symbol];
    if (m !== undefined && e.t <= scenario.endMs) push(marks, e.t, ShortDec.parse(m));
    lpStatusSeen.set(e.t, e.lpStatus);
  }
  // A row at each edge of a fault on a liquidity provider: its status changes there.
  const lpFaultEdges = scenario.faults
    .filter((f) => scenario.providers.find((p) => p.id === f.target)?.role === 'liquidity_provider')
    .flatMap((f) => [f.startMs, f.endMs])
    .sort((a, b) => a - b);
  const flows = mergeByTime([tradeFlows, orderFlows]);
  const mids = mergeByTime([{ ts: [scenario.startMs], v: [ShortDec.parse(spec.mid)] }, trades, orders, marks]);
  if (mids.v.some((m) => m.isNegative() || m.isZero())) throw new RangeError(`${symbol}: a recorded mid is not positive`);
  const fxRate = lookupFxRate(fx, spec.quote, scenario.reporting.currency).rate;
  const path = buildOrderedExposurePath({
    start: scenario.startMs, end: scenario.endMs, initialQty: ShortDec.parse(hedging.initialPosition),
    flowTs: flows.ts, flowDelta: flows.v, midTs: mids.ts, mids: mids.v, fxTs: [Number.NEGATIVE_INFINITY], fxRates: [ShortDec.of(fxRate)], extraTs: lpFaultEdges,
  });
  const limitInReporting = dec(hedging.limit).times(lookupFxRate(fx, hedging.limitCurrency, scenario.reporting.currency).rate);
  const metrics = measureExposure(path, { kind: 'notional', value: limitInReporting });
  const lpFaults = scenario.faults.filter((f) => scenario.providers.find((p) => p.id === f.target)?.role === 'liquidity_provider');
  const horizonMs = lpFaults.length > 0 ? Math.max(...lpFaults.map((f) => f.endMs - f.startMs)) : scenario.durationMs;
  const base = metrics.peakAbsNotional;
  const sigma = { annual: String(spec.volatility) };
  const v95 = computeParametricVar({ value: base, sigma, horizonSeconds: horizonMs / 1000, confidence: '0.95' });
  const v99 = computeParametricVar({ value: base, sigma, horizonSeconds: horizonMs / 1000, confidence: '0.99' });
  return {
    instrument: symbol, quote: spec.quote, limit: limitInReporting, limitCcy: scenario.reporting.currency, fxRate, metrics, horizonMs,
    sigmaAnnual: spec.volatility,
    var95: v95.var,
    es95: v95.es,
    var99: v99.var,
    es99: v99.es,
    z95: v95.z,
    z99: v99.z,
    varBaseValue: base,
    lpStatusSeen,
    lpStatusAt: (t) => lpStatusOf(scenario, t),
  };
}

/** A time series as parallel arrays. */
interface Series {
  ts: number[];
  v: ShortDec[];
}

function push(series: Series, ts: number, v: ShortDec): void {
  series.ts.push(ts);
  series.v.push(v);
}

/**
 * Series each in time order, merged into one: on equal times an earlier series' items come first,
 * and a series' own order is kept — what a stable sort of their concatenation gives. Sorted that way
 * when a series is out of order (the engine records in order; a hand-built ledger might not).
 */
function mergeByTime(lists: readonly Series[]): Series {
  const inOrder = lists.every((l) => l.ts.every((t, i) => i === 0 || l.ts[i - 1]! <= t));
  const out: Series = { ts: [], v: [] };
  if (!inOrder) {
    const all = lists.flatMap((l) => l.ts.map((ts, i) => ({ ts, v: l.v[i]! })));
    all.sort((a, b) => a.ts - b.ts);
    for (const x of all) push(out, x.ts, x.v);
    return out;
  }
  const at = lists.map(() => 0);
  for (;;) {
    let pick = -1;
    for (let k = 0; k < lists.length; k++) {
      const i = at[k]!;
      if (i < lists[k]!.ts.length && (pick === -1 || lists[k]!.ts[i]! < lists[pick]!.ts[at[pick]!]!)) pick = k;
    }
    if (pick === -1) return out;
    const i = at[pick]!++;
    out.ts.push(lists[pick]!.ts[i]!);
    out.v.push(lists[pick]!.v[i]!);
  }
}
