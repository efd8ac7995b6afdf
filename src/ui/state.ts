/**
 * The dashboard's state and its pure reducer over RunEvents. Everything the components draw comes
 * from here; the components hold no state of their own. The reducer is O(1) per event and copies
 * only what an event changes, so it keeps up with a sim-mode drill (tens of thousands of events a
 * second).
 */
import type { RunEvent, RunVariant } from '../engine/events.js';
import { dec, fixed } from '../finance/decimal.js';
import { buildFxTable, lookupFxRate } from '../finance/fx.js';
import type { Scenario } from '../scenario/model.js';
import { oneLine } from '../report/safe-text.js';

export type Health = 'up' | 'degraded' | 'down';

export interface FaultWindow {
  id: string;
  kind: string;
  target: string;
  startMs: number;
  endMs: number;
  state: 'pending' | 'active' | 'ended';
}

export interface AlertLine {
  t: number;
  text: string;
  severity: 'alert' | 'info';
}

export interface CheckLine {
  name: string;
  ok: boolean;
  detail: string;
}

export interface DashboardFinal {
  verdict: 'PASS' | 'FAIL';
  incomplete: boolean;
  incompleteReason?: string;
  incidentPnl: string;
  thresholds: CheckLine[];
  selfChecks: CheckLine[];
  reportPath: string;
}

export interface DashboardState {
  scenarioId: string;
  title: string;
  file: string;
  mode: string;
  ccy: string;
  startMs: number;
  endMs: number;
  /** One timeline lane per provider. */
  lanes: { id: string; role: string }[];
  faults: FaultWindow[];
  variant: RunVariant | undefined;
  /** Scenario time of the replay in progress. */
  now: number;
  events: number;
  health: Record<string, Health>;
  /** Approximate running cost of the incident on the faulted replay (decimal string, reporting ccy). */
  runningCost: string;
  /**
   * |position × mid × FX| and its peak, reporting ccy, stepped as the report's exposure path is
   * (`exposure.peak`): the position moves at every client fill and LP execution of the hedged
   * instrument, the mid at every trade, execution and mark, and an instant is counted once all its
   * events are in. Undefined without hedging.
   */
  exposure?: { current: string; peak: string; limit: string; qty: string; mid: string; at: number };
  alerts: AlertLine[];
  /** Providers whose circuit breaker is open. */
  open: string[];
  aborting?: string;
  final?: DashboardFinal;
  /** Conversion rates and business rates for the running estimates (fixed for the drill). */
  rates: Rates;
}

/** How many alert lines the state keeps (the view shows fewer on small terminals). */
export const MAX_ALERTS = 8;

export interface DashboardSetup {
  scenario: Scenario;
  file: string;
  mode: string;
}

/** Rates the reducer needs, precomputed once (FX into the reporting currency, business rates). */
export interface Rates {
  toReporting: Record<string, string>;
  tradeRevenueBps: string;
  takeRateBps: string;
  hedgeInstrument?: string;
  hedgeFx?: string;
}

export function initialDashboardState(setup: DashboardSetup): DashboardState {
  const s = setup.scenario;
  const fx = buildFxTable(Object.entries(s.market.fx).map(([pair, rate]) => ({ pair, rate, source: s.market.fxSource, ts: s.startMs })));
  const ccys = new Set<string>([s.reporting.currency, ...s.market.instruments.map((i) => i.quote), ...s.providers.map((p) => p.fees.currency)]);
  const toReporting: Record<string, string> = {};
  for (const c of ccys) {
    try {
      toReporting[c] = lookupFxRate(fx, c, s.reporting.currency).rate.toFixed();
    } catch {
      // A currency with no rate is left out of the running estimate.
    }
  }
  const h = s.hedging;
  const spec = h === undefined ? undefined : s.market.instruments.find((i) => i.symbol === h.instrument);
  const state: DashboardState = {
    scenarioId: s.id,
    title: oneLine(s.title),
    file: setup.file,
    mode: setup.mode,
    ccy: s.reporting.currency,
    startMs: s.startMs,
    endMs: s.endMs,
    lanes: s.providers.map((p) => ({ id: p.id, role: p.role })),
    faults: s.faults.map((f) => ({ id: f.id, kind: f.kind, target: f.target, startMs: f.startMs, endMs: f.endMs, state: 'pending' })),
    variant: undefined,
    now: s.startMs,
    events: 0,
    health: Object.fromEntries(s.providers.map((p) => [p.id, 'up' as Health])),
    runningCost: '0',
    ...(h === undefined || spec === undefined
      ? {}
      : {
        exposure: {
          current: '0', peak: '0', limit: dec(h.limit).times(dec(toReporting[h.limitCurrency] ?? '1')).toFixed(), qty: h.initialPosition, mid: spec.mid, at: s.startMs,
        },
      }),
    alerts: [],
    open: [],
    rates: {
      toReporting,
      tradeRevenueBps: dec(s.business.markupBps).plus(dec(s.business.clientFeeBps)).toFixed(),
      takeRateBps: String(s.business.paymentTakeRateBps),
      ...(spec === undefined ? {} : { hedgeInstrument: spec.symbol, hedgeFx: toReporting[spec.quote] ?? '1' }),
    },
  };
  return state;
}

function next(state: DashboardState, patch: Partial<DashboardState>): DashboardState {
  return { ...state, ...patch };
}

function addCost(state: DashboardState, amount: string, ccy: string): Partial<DashboardState> {
  const rate = state.rates.toReporting[ccy];
  if (rate === undefined) return {};
  return { runningCost: dec(state.runningCost).minus(dec(amount).times(dec(rate))).toFixed() };
}

function pushAlert(state: DashboardState, line: AlertLine): AlertLine[] {
  const alerts = [...state.alerts, line];
  return alerts.length > MAX_ALERTS ? alerts.slice(alerts.length - MAX_ALERTS) : alerts;
}

function setHealth(state: DashboardState, provider: string, h: Health): Partial<DashboardState> {
  return state.health[provider] === h ? {} : { health: { ...state.health, [provider]: h } };
}

/**
 * Fold one event into the state. Baseline events only advance the clock and the counters: the
 * panels describe the faulted replay, which is the one the drill is about.
 */
export function reduceDashboard(state: DashboardState, e: RunEvent): DashboardState {
  const base: Partial<DashboardState> = { events: state.events + 1, now: Math.max(e.type === 'run.started' ? e.startMs : state.now, e.t) };
  if (e.type === 'run.started') {
    return next(state, {
      ...base,
      now: e.startMs,
      variant: e.run,
      ...(e.run === 'baseline' ? { alerts: pushAlert(state, { t: e.t, text: 'faulted replay done; running the baseline (same seed, no faults)', severity: 'info' }) } : {}),
    });
  }
  if (e.run !== 'faulted') return next(state, base);
  const rates = state.rates;
  switch (e.type) {
    case 'fault.started':
    case 'fault.ended': {
      const started = e.type === 'fault.started';
      const faults = state.faults.map((f) => (f.id === e.faultId ? { ...f, state: started ? ('active' as const) : ('ended' as const) } : f));
      const text = started ? `fault ${e.faultId} started: ${e.kind} on ${e.target}` : `fault ${e.faultId} ended`;
      return next(state, { ...base, faults, alerts: pushAlert(state, { t: e.t, text, severity: started ? 'alert' : 'info' }) });
    }
    case 'attempt': {
      const h: Health = e.outcome === 'ok' ? 'up' : e.outcome === 'invalid' || e.outcome === 'rate_limited' ? 'degraded' : 'down';
      return next(state, { ...base, ...setHealth(state, e.provider, h) });
    }
    case 'probe':
      return next(state, { ...base, ...setHealth(state, e.provider, e.ok ? 'up' : 'down') });
    case 'circuit.opened':
      // A breaker re-opens after every failed half-open probe; only the first opening is news.
      if (state.open.includes(e.provider)) return next(state, { ...base, ...setHealth(state, e.provider, 'down') });
      return next(state, { ...base, open: [...state.open, e.provider], ...setHealth(state, e.provider, 'down'), alerts: pushAlert(state, { t: e.t, text: `circuit opened on ${e.provider}`, severity: 'alert' }) });
    case 'circuit.closed':
      return next(state, { ...base, open: state.open.filter((p) => p !== e.provider), alerts: pushAlert(state, { t: e.t, text: `circuit closed on ${e.provider}`, severity: 'info' }) });
    case 'alert.fired':
    case 'alert.acknowledged':
    case 'alert.resolved': {
      const verb = e.type === 'alert.fired' ? 'fired' : e.type === 'alert.acknowledged' ? 'acknowledged' : 'resolved';
      return next(state, { ...base, alerts: pushAlert(state, { t: e.t, text: `alert ${e.alertId} ${verb} on ${e.provider} (${e.source})`, severity: e.type === 'alert.fired' ? 'alert' : 'info' }) });
    }
    case 'failover':
      return next(state, { ...base, alerts: pushAlert(state, { t: e.t, text: `failover ${e.role}: ${e.from} → ${e.to} (${oneLine(e.reason)})`, severity: 'info' }) });
    case 'execution': {
      const moved = e.op === 'place_order' && e.instrument === rates.hedgeInstrument && e.qty !== undefined
        ? stepExposure(state, e.t, e.side === 'buy' ? e.qty : dec(e.qty).neg().toFixed(), e.refMid, false)
        : {};
      // A duplicate execution costs at least its fee (the report adds unwind slippage and handling).
      return next(state, { ...base, ...moved, ...(e.occurrence > 1 ? addCost(state, e.fee, e.feeCcy) : {}) });
    }
    case 'trade': {
      const moved = e.instrument === rates.hedgeInstrument
        ? stepExposure(state, e.t, e.outcome === 'FILLED' ? (e.side === 'buy' ? dec(e.qty).neg().toFixed() : e.qty) : undefined, e.refMid, false)
        : {};
      if (e.outcome !== 'REJECTED') return next(state, { ...base, ...moved });
      const quote = e.instrument.split('-')[1] ?? state.ccy;
      const lost = dec(e.qty).times(dec(e.refMid)).times(dec(rates.tradeRevenueBps)).div(10_000).toFixed();
      return next(state, { ...base, ...moved, ...addCost(state, lost, quote) });
    }
    case 'payment': {
      // payments.failed: FAILED or UNKNOWN (not confirmed as charged), as the report counts them.
      if (e.outcome === 'SUCCEEDED') return next(state, base);
      return next(state, { ...base, ...addCost(state, dec(e.amount).times(dec(rates.takeRateBps)).div(10_000).toFixed(), e.ccy) });
    }
    case 'mark':
      return next(state, { ...base, ...stepExposure(state, e.t, e.positions[rates.hedgeInstrument ?? ''], e.mids[rates.hedgeInstrument ?? ''], true) });
    case 'run.finished':
      return next(state, { ...base, ...stepExposure(state, Number.POSITIVE_INFINITY, undefined, undefined), ...(e.incomplete ? { alerts: pushAlert(state, { t: e.t, text: `stopped early: ${oneLine(e.reason ?? 'incomplete')}`, severity: 'alert' }) } : {}) });
    default:
      return next(state, base);
  }
}

/**
 * The exposure at an event of the hedged instrument: first the state of the instant before (all its
 * events are in) is counted into the peak, then the event moves the position (`qty` a change, or a
 * mark's book position with `absolute`) and the mid. Events after the drill's end are outside the
 * window, as in the report.
 */
function stepExposure(state: DashboardState, t: number, qty: string | undefined, mid: string | undefined, absolute?: boolean): Partial<DashboardState> {
  const ex = state.exposure;
  if (ex === undefined) return {};
  const fx = dec(state.rates.hedgeFx ?? '1');
  let { peak } = ex;
  // The state at the drill's end is an instant with no time of its own: not a step of the path.
  if (t > ex.at && ex.at < state.endMs) {
    const held = dec(ex.qty).times(dec(ex.mid)).times(fx).abs();
    if (held.gt(dec(peak))) peak = held.toFixed();
  }
  if (t > state.endMs) return { exposure: { ...ex, peak, at: Math.max(ex.at, state.endMs) } };
  const position = qty === undefined ? ex.qty : absolute === true ? qty : dec(ex.qty).plus(dec(qty)).toFixed();
  const price = mid ?? ex.mid;
  // `current` shows the latest state at once; `peak` counts an instant once all its events are in.
  return { exposure: { ...ex, current: dec(position).times(dec(price)).times(fx).abs().toFixed(), peak, qty: position, mid: price, at: t } };
}

/** The drill lead pressed q: show it until the replays stop. */
export function markAborting(state: DashboardState, reason: string): DashboardState {
  return next(state, { aborting: reason });
}

export function finishDashboard(state: DashboardState, final: DashboardFinal): DashboardState {
  return next(state, { final });
}

/** Fraction of the whole drill done: the faulted replay is the first half, the baseline the second. */
export function progressFraction(state: DashboardState): number {
  if (state.final !== undefined) return 1;
  if (state.variant === undefined) return 0;
  const span = Math.max(1, state.endMs - state.startMs);
  const within = Math.min(1, Math.max(0, (state.now - state.startMs) / span));
  return state.variant === 'faulted' ? within / 2 : 0.5 + within / 2;
}

/** An amount for the dashboard: whole units with thousands separators and the currency. */
export function amountText(value: string, ccy: string): string {
  const s = fixed(dec(value), 0);
  const neg = s.startsWith('-') && s !== '-0';
  const digits = (neg ? s.slice(1) : s.replace(/^-/, '')).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '−' : ''}${digits} ${ccy}`;
}
