/**
 * Stops a drill early: `abort_on_fail` thresholds are evaluated incrementally on the faulted
 * replay's events, and a user abort (the dashboard's `q`) can be requested at any time. Plugs into
 * `runScenarioFile` as a sink + `onProgress` + `shouldAbort` (checked by the executor every
 * scenario minute). After an abort on the faulted replay, the baseline replay is stopped at the
 * same scenario instant, so both cover the same window; the report is marked incomplete.
 *
 * Only metrics that never decrease while a drill runs can be judged early, and only with `<=`, `<`
 * or `==` (once the running value passes the limit, the final value will too). See ABORTABLE_METRICS.
 */
import type { RunEvent, RunVariant } from '../../engine/events.js';
import type { EventSink } from '../../engine/ports.js';
import { dec, fixed, ZERO, type Dec } from '../../finance/decimal.js';
import { buildFxTable, lookupFxRate } from '../../finance/fx.js';
import type { Scenario, ThresholdModel } from '../../scenario/model.js';

/** Metrics an `abort_on_fail` threshold can stop a drill on, and how each is measured while it runs. */
export const ABORTABLE_METRICS: Record<string, string> = {
  'exposure.peak': 'max |position × mid × FX| over the per-minute marks (the final figure also samples every fill, so it can only be higher)',
  'exposure.peak_qty': 'max |position| over the per-minute marks',
  'orders.duplicates': 'order executions with occurrence > 1',
  'payments.duplicates': 'charge executions with occurrence > 1',
  'trades.rejected': 'client trades with outcome REJECTED',
  'orders.unsafe_retries': 'unsafe retries reported on order events',
  'payments.unsafe_retries': 'unsafe retries reported on payment events (latest per payment)',
};

const EARLY_OPS = new Set(['<=', '<', '==']);

export function isAbortable(t: ThresholdModel): boolean {
  return Object.prototype.hasOwnProperty.call(ABORTABLE_METRICS, t.metric) && EARLY_OPS.has(t.op);
}

function violates(op: string, actual: Dec, limit: Dec): boolean {
  if (op === '<=') return actual.gt(limit);
  if (op === '<') return actual.gte(limit);
  return actual.gt(limit); // '==' on a non-decreasing metric: breached for good once above
}

export class AbortMonitor implements EventSink {
  private readonly watched: ThresholdModel[];
  private readonly values = new Map<string, Dec>();
  private readonly paymentUnsafe = new Map<string, number>();
  private variant: RunVariant = 'faulted';
  private now = 0;
  private reason: string | undefined;
  private abortAt: number | undefined;
  private readonly exposureFx: Dec | undefined;

  constructor(private readonly scenario: Scenario) {
    this.watched = scenario.thresholds.filter((t) => t.abortOnFail && isAbortable(t));
    const h = scenario.hedging;
    const spec = h === undefined ? undefined : scenario.market.instruments.find((i) => i.symbol === h.instrument);
    if (spec !== undefined) {
      const fx = buildFxTable(Object.entries(scenario.market.fx).map(([pair, rate]) => ({ pair, rate, source: scenario.market.fxSource, ts: scenario.startMs })));
      this.exposureFx = lookupFxRate(fx, spec.quote, scenario.reporting.currency).rate;
    }
  }

  /** abort_on_fail thresholds that can only be judged at the end (unsupported metric or operator). */
  static endOnly(scenario: Scenario): ThresholdModel[] {
    return scenario.thresholds.filter((t) => t.abortOnFail && !isAbortable(t));
  }

  /** Whether anything can stop this drill early. */
  get active(): boolean {
    return this.watched.length > 0;
  }

  /** Stop the drill now (user abort); both replays stop at their next minute. */
  requestAbort(reason: string): void {
    this.reason ??= reason;
  }

  get abortReason(): string | undefined {
    return this.reason;
  }

  onProgress = (variant: RunVariant, t: number): void => {
    this.variant = variant;
    this.now = t;
  };

  shouldAbort = (): string | undefined => {
    if (this.reason === undefined) return undefined;
    if (this.variant === 'faulted' && this.abortAt === undefined) this.abortAt = this.now;
    if (this.variant === 'baseline' && this.abortAt !== undefined && this.now < this.abortAt) return undefined;
    return this.reason;
  };

  emit(e: RunEvent): void {
    if (e.run !== 'faulted' || this.watched.length === 0 || this.reason !== undefined) return;
    switch (e.type) {
      case 'execution':
        if (e.occurrence > 1) this.bump(e.op === 'place_order' ? 'orders.duplicates' : 'payments.duplicates', 1);
        break;
      case 'trade':
        if (e.outcome === 'REJECTED') this.bump('trades.rejected', 1);
        break;
      case 'order':
        if (e.unsafeRetries > 0) this.bump('orders.unsafe_retries', e.unsafeRetries);
        break;
      case 'payment': {
        const before = this.paymentUnsafe.get(e.paymentId) ?? 0;
        this.paymentUnsafe.set(e.paymentId, e.unsafeRetries);
        if (e.unsafeRetries !== before) this.bump('payments.unsafe_retries', e.unsafeRetries - before);
        break;
      }
      case 'mark': {
        const h = this.scenario.hedging;
        if (h === undefined) break;
        const qty = e.positions[h.instrument];
        const mid = e.mids[h.instrument];
        if (qty === undefined) break;
        const absQty = dec(qty).abs();
        this.max('exposure.peak_qty', absQty);
        if (mid !== undefined && this.exposureFx !== undefined) this.max('exposure.peak', absQty.times(dec(mid)).times(this.exposureFx));
        break;
      }
      default:
        return;
    }
    this.check(e.t);
  }

  private bump(metric: string, by: number): void {
    this.values.set(metric, (this.values.get(metric) ?? ZERO).plus(by));
  }

  private max(metric: string, v: Dec): void {
    const cur = this.values.get(metric);
    if (cur === undefined || v.gt(cur)) this.values.set(metric, v);
  }

  private check(t: number): void {
    for (const th of this.watched) {
      const v = this.values.get(th.metric);
      if (v !== undefined && violates(th.op, v, dec(th.value))) {
        this.reason = `aborted: threshold "${th.name}" breached at ${new Date(t).toISOString()} (abort_on_fail; ${th.metric} reached ${fixed(v, 2)})`;
        return;
      }
    }
  }
}
