/**
 * Hedging exposure of the faulted replay (finance-reference.md §3): N(t) from client fills and
 * LP executions, M(t) from the reference mids on every event and the per-minute marks, E = N × M × FX.
 * Peak, time-weighted, exposure-time, limit breaches and unhedged MtM come from finance/exposure.ts;
 * VaR/ES of the peak unhedged position over the outage from finance/var.ts.
 */
import type { RunLedger } from './ledger.js';
import type { Scenario } from '../../scenario/model.js';
import { dec, type Dec } from '../decimal.js';
import { buildExposurePath, measureExposure, type ExposureMetrics, type ExposureFlow, type MidObservation } from '../exposure.js';
import { lookupFxRate, type FxTable } from '../fx.js';
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
  /** Position the VaR is computed on: peak |E| (reporting ccy). */
  varBaseValue: Dec;
  /** LP status per mark time, for the time series. */
  lpStatus: Map<number, string>;
}

export function computeExposure(scenario: Scenario, ledger: RunLedger, fx: FxTable): ExposureReport | undefined {
  const hedging = scenario.hedging;
  if (hedging === undefined) return undefined;
  const symbol = hedging.instrument;
  const spec = scenario.market.instruments.find((i) => i.symbol === symbol);
  if (spec === undefined) return undefined;
  const flows: ExposureFlow[] = [];
  const mids: MidObservation[] = [{ ts: scenario.startMs, mid: dec(spec.mid) }];
  const lpStatus = new Map<number, string>();
  for (const t of ledger.trades.values()) {
    if (t.instrument !== symbol) continue;
    mids.push({ ts: t.t, mid: t.mid });
    if (t.filled && t.t <= scenario.endMs) flows.push({ ts: t.t, kind: 'client', qty: t.side === 'buy' ? t.qty : t.qty.neg() });
  }
  for (const o of ledger.orders) {
    if (o.instrument !== symbol || o.t > scenario.endMs) continue;
    flows.push({ ts: o.t, kind: 'hedge', qty: o.n });
    mids.push({ ts: o.t, mid: o.mid });
  }
  for (const e of ledger.events) {
    if (e.type !== 'mark') continue;
    const m = e.mids[symbol];
    if (m !== undefined && e.t <= scenario.endMs) mids.push({ ts: e.t, mid: m });
    lpStatus.set(e.t, e.lpStatus);
  }
  const fxRate = lookupFxRate(fx, spec.quote, scenario.reporting.currency).rate;
  const path = buildExposurePath({
    start: scenario.startMs, end: scenario.endMs, initialQty: dec(hedging.initialPosition), flows,
    mids: mids.filter((m) => m.ts as number <= scenario.endMs), fx: fxRate,
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
    varBaseValue: base,
    lpStatus,
  };
}
