/**
 * Measures of one critical operation from ground truth (docs/resilience.md §2): its transactions
 * (evaluate/service-items.ts) split into fixed windows from the drill start; the service level of
 * each window; the disrupted windows and their episodes; data loss; customers and value affected.
 * Every figure is recomputable from service_windows.csv (per window) and affected_items.csv
 * (per transaction not served).
 *
 * Rules, in one place:
 * - a transaction is *served within T* when its outcome is `served` and it was answered at most T
 *   after it arrived;
 * - a window's service level = 100 × served within `service.within` ÷ arrived, over the
 *   transactions that arrived in it; a window with no arrivals has no level and keeps the state of
 *   the window before it (no traffic is no evidence of recovery); the first windows start healthy;
 * - a window is disrupted when its level is below `service.disrupted_below_pct`; consecutive
 *   disrupted windows are one episode, from the first window's start to the last one's end (capped
 *   at the drill end); the disruption is the longest episode;
 * - data loss = transactions whose outcome is `unknown` or `lost`;
 * - affected = transactions not served within `service.within` (rejected, failed, lost, unknown,
 *   stale, duplicated, or served late); customers = their distinct clients/customers; value = Σ the
 *   value of the affected client trades and customer payments. The firm's own hedges count in the
 *   service level and the disruption but have no customer and no client value (a failed hedge is
 *   re-sent every check with the same need, and its money is in exposure and the HEDGE_* P&L lines).
 */
import type { OperationModel } from '../../scenario/model.js';
import { dec, ZERO, type Dec } from '../decimal.js';
import { DATA_LOSS_OUTCOMES, type ServiceItem } from '../evaluate/service-items.js';

export interface ServiceWindow {
  startMs: number;
  endMs: number;
  arrived: number;
  /** Served within `service.within`. */
  served: number;
  /** 100 × served / arrived; undefined without arrivals. */
  levelPct?: Dec;
  /** Served within the minimum-service-level time (the tolerance's `within`, else `service.within`). */
  servedMin: number;
  levelMinPct?: Dec;
  disrupted: boolean;
}

export interface DisruptionEpisode {
  startMs: number;
  endMs: number;
  /** The first affected transaction's arrival in the episode (finer than the window). */
  firstAffectedMs?: number;
}

/** An affected transaction, with why. */
export interface AffectedItem {
  item: ServiceItem;
  /** Its wait, answered − arrived, ms. */
  waitMs: number;
  /** True when it was served, but later than `service.within`. */
  late: boolean;
}

export interface OperationMeasures {
  operationId: string;
  windows: ServiceWindow[];
  episodes: DisruptionEpisode[];
  /** Longest episode, ms (0 when never disrupted). */
  longestDisruptionMs: number;
  longestEpisode?: DisruptionEpisode;
  /** Σ episode lengths, ms. */
  totalDisruptionMs: number;
  transactions: number;
  affected: AffectedItem[];
  /** Data-loss transactions, ordered by answer time. */
  dataLoss: ServiceItem[];
  /** Distinct customers affected, each at its first affected transaction's arrival, in that order. */
  customers: { customer: string; firstAffectedMs: number }[];
  valueAffected: Dec;
  /** Lowest window level (min-service time) over windows with traffic, and the first window at that level. */
  worstLevelMinPct?: Dec;
  worstWindow?: ServiceWindow;
}

function levelOf(served: number, arrived: number): Dec | undefined {
  return arrived === 0 ? undefined : dec(String(served)).times(100).div(arrived);
}

/** Measure one operation over [startMs, endMs) from its transactions (all items of its flows). */
export function measureOperation(op: OperationModel, items: readonly ServiceItem[], startMs: number, endMs: number): OperationMeasures {
  const within = op.service.withinMs;
  const minWithin = op.tolerances.minServiceLevel?.withinMs ?? within;
  const windowMs = op.service.windowMs;
  const count = Math.max(1, Math.ceil((endMs - startMs) / windowMs));
  const windows: ServiceWindow[] = [];
  for (let k = 0; k < count; k++) {
    windows.push({ startMs: startMs + k * windowMs, endMs: Math.min(endMs, startMs + (k + 1) * windowMs), arrived: 0, served: 0, servedMin: 0, disrupted: false });
  }
  const servedWithin = (i: ServiceItem, limit: number): boolean => i.outcome === 'served' && i.answeredAt - i.arrivedAt <= limit;
  const affected: AffectedItem[] = [];
  for (const item of items) {
    const k = Math.min(count - 1, Math.max(0, Math.floor((item.arrivedAt - startMs) / windowMs)));
    const w = windows[k]!;
    w.arrived += 1;
    const ok = servedWithin(item, within);
    if (ok) w.served += 1;
    if (servedWithin(item, minWithin)) w.servedMin += 1;
    if (!ok) affected.push({ item, waitMs: item.answeredAt - item.arrivedAt, late: item.outcome === 'served' });
  }
  // Items come flow by flow; the affected ones are put in arrival order (the CSV's, and "the first").
  affected.sort((a, b) => a.item.arrivedAt - b.item.arrivedAt || (a.item.id < b.item.id ? -1 : a.item.id > b.item.id ? 1 : 0));
  const threshold = dec(String(op.service.disruptedBelowPct));
  let state = false;
  let worst: ServiceWindow | undefined;
  for (const w of windows) {
    const level = levelOf(w.served, w.arrived);
    const levelMin = levelOf(w.servedMin, w.arrived);
    if (level !== undefined) {
      w.levelPct = level;
      state = level.lt(threshold);
    }
    if (levelMin !== undefined) {
      w.levelMinPct = levelMin;
      if (worst === undefined || levelMin.lt(worst.levelMinPct!)) worst = w;
    }
    w.disrupted = state;
  }
  const episodes: DisruptionEpisode[] = [];
  for (const w of windows) {
    const last = episodes.at(-1);
    if (!w.disrupted) continue;
    if (last !== undefined && last.endMs === w.startMs) last.endMs = w.endMs;
    else episodes.push({ startMs: w.startMs, endMs: w.endMs });
  }
  for (const e of episodes) {
    const first = affected.find((a) => a.item.arrivedAt >= e.startMs && a.item.arrivedAt < e.endMs);
    if (first !== undefined) e.firstAffectedMs = first.item.arrivedAt;
  }
  let longest: DisruptionEpisode | undefined;
  for (const e of episodes) if (longest === undefined || e.endMs - e.startMs > longest.endMs - longest.startMs) longest = e;
  const seen = new Map<string, number>();
  for (const a of affected) {
    const c = a.item.customer;
    if (c === undefined) continue;
    const t = seen.get(c);
    if (t === undefined || a.item.arrivedAt < t) seen.set(c, a.item.arrivedAt);
  }
  const customers = [...seen].map(([customer, firstAffectedMs]) => ({ customer, firstAffectedMs }))
    .sort((a, b) => a.firstAffectedMs - b.firstAffectedMs || (a.customer < b.customer ? -1 : a.customer > b.customer ? 1 : 0));
  const dataLoss = items.filter((i) => DATA_LOSS_OUTCOMES.has(i.outcome))
    .sort((a, b) => a.answeredAt - b.answeredAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    operationId: op.id,
    windows,
    episodes,
    longestDisruptionMs: longest === undefined ? 0 : longest.endMs - longest.startMs,
    ...(longest === undefined ? {} : { longestEpisode: longest }),
    totalDisruptionMs: episodes.reduce((s, e) => s + (e.endMs - e.startMs), 0),
    transactions: items.length,
    affected,
    dataLoss,
    customers,
    valueAffected: affected.reduce((s, a) => (a.item.customer === undefined ? s : s.plus(a.item.value)), ZERO),
    ...(worst === undefined ? {} : { worstLevelMinPct: worst.levelMinPct!, worstWindow: worst }),
  };
}
