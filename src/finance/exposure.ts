/**
 * Hedging exposure while an LP is down (finance-reference.md §3.1–§3.2). The position and the mid
 * are right-continuous step functions, so every integral is an exact finite sum over the segments
 * between events; nothing is sampled.
 */
import { Dec, fixed, plain, ZERO, ONE } from './decimal.js';
import { fixedShort, quotientFixedShort } from './short-format.js';
import { toDec, toEpochMs, type DecInput } from './input.js';
import { plainShort, SHORT_ZERO, ShortDec } from './short-dec.js';

const MS_PER_MINUTE = 60_000;

/** A change in the firm's position. */
export interface ExposureFlow {
  /** Epoch ms or ISO-8601 UTC. */
  readonly ts: number | string;
  /** `client`: client-signed quantity (+ client buys, so the firm's N falls); `hedge`: firm-signed hedge fill. */
  readonly kind: 'client' | 'hedge';
  readonly qty: DecInput;
}

/** A mid observation M(t) from the independent reference feed; holds until the next one. */
export interface MidObservation {
  readonly ts: number | string;
  readonly mid: DecInput;
}

/** A quote-to-reporting FX observation (reporting units per one quote unit); holds until the next one. */
export interface FxObservation {
  readonly ts: number | string;
  readonly rate: DecInput;
}

/** Inputs for {@link buildExposurePath}. */
export interface ExposurePathInput {
  readonly start: number | string;
  readonly end: number | string;
  /** N(0), firm-signed base units (default 0). */
  readonly initialQty?: DecInput;
  readonly flows: readonly ExposureFlow[];
  /** Mid observations; the latest at or before `start` is the opening mid. */
  readonly mids: readonly MidObservation[];
  /** FX to the reporting currency: one constant rate, or a step function. Default 1 (quote ccy = reporting ccy). */
  readonly fx?: DecInput | readonly FxObservation[];
}

/** The state at an instant: N(t), M(t), FX(t) and E(t) = N × M × FX. */
export interface ExposurePoint {
  readonly ts: number;
  readonly qty: Dec;
  readonly mid: Dec | null;
  readonly fxRate: Dec;
  /** Signed net delta notional in the reporting currency (0 when flat, even before the first mid). */
  readonly notional: Dec;
}

/** A constant piece [from, to) of the step function, in force from its `from` instant. */
export interface ExposureSegment extends ExposurePoint {
  readonly to: number;
}

/** The exposure step function over [start, end]. */
export interface ExposurePath {
  readonly start: number;
  readonly end: number;
  /** State at each breakpoint from `start` to `end` (the last is the state at `end`, after events at `end`). */
  readonly points: readonly ExposurePoint[];
  /** Positive-length segments between consecutive points. */
  readonly segments: readonly ExposureSegment[];
}

interface Timed<T> {
  readonly ts: number;
  readonly value: T;
}

function sortTimed<T>(items: readonly T[], tsOf: (x: T, i: number) => number): Timed<T>[] {
  return items.map((value, i) => ({ ts: tsOf(value, i), value, i })).sort((a, b) => a.ts - b.ts || a.i - b.i);
}

/**
 * One state of the step function, in force from `ts` to `to` (the last one: `to` = `ts` = end).
 * Its figures are kept as ShortDec (short-dec.ts: the values Dec arithmetic gives): measuring the
 * path reads them as they are, and a Dec is made only when one is read (the report's row).
 */
class ExposureState implements ExposureSegment {
  constructor(
    readonly ts: number,
    readonly shortQty: ShortDec,
    readonly shortMid: ShortDec | null,
    readonly shortFxRate: ShortDec,
    readonly shortNotional: ShortDec,
    public to: number,
  ) {}
  get qty(): Dec {
    return this.shortQty.toDec();
  }
  get mid(): Dec | null {
    return this.shortMid === null ? null : this.shortMid.toDec();
  }
  get fxRate(): Dec {
    return this.shortFxRate.toDec();
  }
  get notional(): Dec {
    return this.shortNotional.toDec();
  }
}

/** A point's figures as ShortDec (read as they are from this module's paths). */
function shortQtyOf(p: ExposurePoint): ShortDec {
  return p instanceof ExposureState ? p.shortQty : ShortDec.of(p.qty);
}
function shortMidOf(p: ExposurePoint): ShortDec | null {
  if (p instanceof ExposureState) return p.shortMid;
  return p.mid === null ? null : ShortDec.of(p.mid);
}
function shortFxRateOf(p: ExposurePoint): ShortDec {
  return p instanceof ExposureState ? p.shortFxRate : ShortDec.of(p.fxRate);
}
function shortNotionalOf(p: ExposurePoint): ShortDec {
  return p instanceof ExposureState ? p.shortNotional : ShortDec.of(p.notional);
}

/** The distinct instants of `lists` inside (start, end), plus start and end, ascending. */
function breakpointsOf(start: number, end: number, lists: readonly ArrayLike<number>[]): Float64Array {
  let n = 2;
  for (const l of lists) n += l.length;
  const all = new Float64Array(n);
  let k = 0;
  all[k++] = start;
  all[k++] = end;
  for (const l of lists) {
    for (let i = 0; i < l.length; i++) {
      const ts = l[i]!;
      if (ts > start && ts < end) all[k++] = ts;
    }
  }
  const used = all.subarray(0, k).sort();
  let w = 0;
  for (let r = 0; r < used.length; r++) if (r === 0 || used[r] !== used[w - 1]) used[w++] = used[r]!;
  return used.subarray(0, w);
}

/**
 * The step function's inputs, checked and in time order, as parallel arrays: what
 * `buildExposurePath` normalises its input into, and what an evaluation builds straight from a
 * ledger (a long drill has a flow and a mid per fill: no object per observation).
 */
export interface OrderedExposureInput {
  readonly start: number;
  readonly end: number;
  readonly initialQty: ShortDec;
  /** Instants of the position changes, ascending, all within [start, end]. */
  readonly flowTs: ArrayLike<number>;
  /** Firm-signed change of N at each flow instant. */
  readonly flowDelta: readonly ShortDec[];
  /** Instants of the mid observations, ascending. */
  readonly midTs: ArrayLike<number>;
  /** Positive mids. */
  readonly mids: readonly ShortDec[];
  /** Instants of the FX observations, ascending. */
  readonly fxTs: ArrayLike<number>;
  readonly fxRates: readonly ShortDec[];
  /** More instants to break the path at (nothing changes there; a report wants a row at each). */
  readonly extraTs?: ArrayLike<number>;
}

/**
 * Build N(t), M(t), FX(t) and E(t) = N × M × FX from flows and mids (finance-reference.md §3.1):
 * N(t) = N(0) − Σ client q + Σ hedge h. Events at the same instant are applied together, so a
 * hedge and a new mid at reconnection give one state, not a zero-length spike.
 */
export function buildExposurePath(input: ExposurePathInput): ExposurePath {
  const start = toEpochMs(input.start, 'start');
  const end = toEpochMs(input.end, 'end');
  if (end < start) throw new RangeError('end must not be before start');
  const flows = sortTimed(input.flows, (f, i) => toEpochMs(f.ts, `flows[${i}].ts`)).map(({ ts, value }, i) => {
    if (ts < start || ts > end) throw new RangeError(`flows[${i}] at ${ts} is outside [start, end]; fold earlier flows into initialQty`);
    const q = toDec(value.qty, `flows[${i}].qty`);
    return { ts, delta: value.kind === 'client' ? q.neg() : q };
  });
  const mids = sortTimed(input.mids, (m, i) => toEpochMs(m.ts, `mids[${i}].ts`)).map(({ ts, value }, i) => {
    const mid = toDec(value.mid, `mids[${i}].mid`);
    if (mid.isNegative() || mid.isZero()) throw new RangeError(`mids[${i}]: mid must be positive`);
    return { ts, mid };
  });
  const fxInput = input.fx;
  const fxObs = Array.isArray(fxInput)
    ? sortTimed(fxInput as readonly FxObservation[], (f, i) => toEpochMs(f.ts, `fx[${i}].ts`)).map(({ ts, value }, i) => ({ ts, rate: toDec(value.rate, `fx[${i}].rate`) }))
    : [{ ts: Number.NEGATIVE_INFINITY, rate: fxInput === undefined ? ONE : toDec(fxInput as DecInput, 'fx') }];
  return buildOrderedExposurePath({
    start, end, initialQty: ShortDec.of(input.initialQty === undefined ? ZERO : toDec(input.initialQty, 'initialQty')),
    flowTs: flows.map((f) => f.ts), flowDelta: flows.map((f) => ShortDec.of(f.delta)),
    midTs: mids.map((m) => m.ts), mids: mids.map((m) => ShortDec.of(m.mid)),
    fxTs: fxObs.map((x) => x.ts), fxRates: fxObs.map((x) => ShortDec.of(x.rate)),
  });
}

/** `buildExposurePath` on inputs already checked and ordered. A point and the segment starting at it are one object. */
export function buildOrderedExposurePath(input: OrderedExposureInput): ExposurePath {
  const { start, end, flowTs, flowDelta, midTs, mids, fxTs, fxRates } = input;
  const breakpoints = breakpointsOf(start, end, [flowTs, midTs, fxTs, input.extraTs ?? []]);
  let qty = input.initialQty;
  let mid: ShortDec | null = null;
  let fxRate: ShortDec | null = null;
  let fi = 0;
  let mi = 0;
  let xi = 0;
  const points: ExposureState[] = new Array<ExposureState>(breakpoints.length);
  for (let k = 0; k < breakpoints.length; k++) {
    const t = breakpoints[k]!;
    while (fi < flowTs.length && flowTs[fi]! <= t) qty = qty.plus(flowDelta[fi++]!);
    while (mi < midTs.length && midTs[mi]! <= t) mid = mids[mi++]!;
    while (xi < fxTs.length && fxTs[xi]! <= t) fxRate = fxRates[xi++]!;
    if (fxRate === null) throw new RangeError(`no FX rate at or before ${t}`);
    let notional = SHORT_ZERO;
    if (!qty.isZero()) {
      if (mid === null) throw new RangeError(`position ${qty.toDec().toFixed()} at ${t} has no mid at or before it`);
      notional = qty.times(mid).times(fxRate);
    }
    points[k] = new ExposureState(t, qty, mid, fxRate, notional, t);
    if (k > 0) points[k - 1]!.to = t;
  }
  return { start, end, points, segments: points.slice(0, -1) };
}

/** An exposure limit, in base units (|N|) or in reporting-currency notional (|E|). */
export interface ExposureLimit {
  readonly kind: 'qty' | 'notional';
  readonly value: DecInput;
}

/**
 * One row of exposure_timeseries.csv (finance-reference.md §10.3): one per segment, then one for the
 * state at the window's end. The cumulative figures look backward: accumulated from the start up to
 * the row's own instant, never including the segment it opens (the last row carries the totals).
 */
export interface ExposureRow extends ExposureSegment {
  readonly inBreach: boolean;
  /** The breach episode this segment belongs to (1, 2, …), 0 when not in breach. */
  readonly breachEpisode: number;
  /** |x| − L while in breach (x = |N| or |E| by limit kind), else 0. */
  readonly excess: Dec;
  /** Breach time accumulated before this row's instant, seconds. */
  readonly cumulativeBreachSeconds: number;
  /** ∫|N|dt accumulated before this row's instant, units·minutes. */
  readonly exposureTimeCum: Dec;
}

/** The §3.1 exposure figures. */
export interface ExposureMetrics {
  /** max |E(t)|, reporting ccy. */
  readonly peakAbsNotional: Dec;
  readonly peakAbsNotionalAt: number | null;
  /** max |N(t)|, base units. */
  readonly peakAbsQty: Dec;
  /** ∫|N|dt in units·minutes (exact step sum). */
  readonly exposureTimeUnitMinutes: Dec;
  /** Window length T in minutes. */
  readonly windowMinutes: Dec;
  /** exposure_time / T, base units. */
  readonly timeWeightedAbsQty: Dec;
  /** ∫|E|dt / T, reporting ccy. */
  readonly timeWeightedAbsNotional: Dec;
  /** ∫ 1{|x| > L} dt (x = |N| or |E| by limit kind); strict inequality. */
  readonly limitBreachSeconds: number;
  readonly breachEpisodes: number;
  /** max(|x| − L) while in breach, in the limit's unit; 0 if never breached. */
  readonly maxExcess: Dec;
  /** Σ N(t_k)(M(t_{k+1}) − M(t_k)), quote ccy, signed from the firm's side. */
  readonly unhedgedMtmPnl: Dec;
  /** The same sum with each price change translated at FX(t_{k+1}), the rate when it happened (§1.3). */
  readonly unhedgedMtmPnlReporting: Dec;
  readonly rows: readonly ExposureRow[];
}

/** A row of exposure_timeseries.csv as text: what exact / places / money print of its figures. */
export interface ExposureRowTexts {
  qty: string;
  /** Empty when the mid is unknown. */
  mid: string;
  fxRate: string;
  notional: string;
  /** |x| − L in the limit's unit at `moneyDp` places; empty when not in breach. */
  excess: string;
  exposureTimeCum: string;
}

const SHORT_MS_PER_MINUTE = ShortDec.fromParts(MS_PER_MINUTE, 0);

/**
 * The report's texts of a row, straight from its ShortDec figures (short-format.ts) when it is one
 * of this module's rows: exposure_timeseries.csv has a row per step (~40k on the 100k drill), and
 * making five Dec per row only to print them was most of that file's cost.
 */
export function exposureRowTexts(r: ExposureRow, fxDp: number, moneyDp: number, cumDp: number): ExposureRowTexts {
  if (r instanceof Row) return r.texts(fxDp, moneyDp, cumDp);
  return {
    qty: plain(r.qty),
    mid: r.mid === null ? '' : plain(r.mid),
    fxRate: fixed(r.fxRate, fxDp, 'half_even'),
    notional: fixed(r.notional, moneyDp, 'half_even'),
    excess: r.inBreach ? fixed(r.excess, moneyDp, 'half_even') : '',
    exposureTimeCum: fixed(r.exposureTimeCum, cumDp, 'half_even'),
  };
}

/**
 * A row reads its state off the segment, and divides the running ∫|N|dt (ms) into minutes only when
 * the report asks: one 50-digit division per row, and a Dec per row, for a column of one file.
 */
class Row implements ExposureRow {
  constructor(
    private readonly segment: ExposureSegment,
    readonly inBreach: boolean,
    readonly breachEpisode: number,
    private readonly shortExcess: ShortDec,
    readonly cumulativeBreachSeconds: number,
    private readonly qtyMsCum: ShortDec,
  ) {}
  get excess(): Dec {
    return this.shortExcess.toDec();
  }
  get ts(): number {
    return this.segment.ts;
  }
  get to(): number {
    return this.segment.to;
  }
  get qty(): Dec {
    return this.segment.qty;
  }
  get mid(): Dec | null {
    return this.segment.mid;
  }
  get fxRate(): Dec {
    return this.segment.fxRate;
  }
  get notional(): Dec {
    return this.segment.notional;
  }
  get exposureTimeCum(): Dec {
    return this.qtyMsCum.toDec().div(MS_PER_MINUTE);
  }
  texts(fxDp: number, moneyDp: number, cumDp: number): ExposureRowTexts {
    const s = this.segment;
    const mid = shortMidOf(s);
    return {
      qty: plainShort(shortQtyOf(s)),
      mid: mid === null ? '' : plainShort(mid),
      fxRate: fixedShort(shortFxRateOf(s), fxDp),
      notional: fixedShort(shortNotionalOf(s), moneyDp),
      excess: this.inBreach ? fixedShort(this.shortExcess, moneyDp) : '',
      // fixed(∫|N|dt ÷ 60,000, dp): quotientFixed's contract, on the same operands.
      exposureTimeCum: quotientFixedShort(this.qtyMsCum, SHORT_MS_PER_MINUTE, cumDp),
    };
  }
}

/**
 * Measure an exposure path (finance-reference.md §3.1): peak |E| and |N|, exposure time,
 * time-weighted |N| and |E|, limit breach time/episodes/max excess, and unhedged MtM. §3.3 worked
 * example: 6.8 BTC, 689,520.00, 143.8 BTC·min, 3.4238 BTC over 42 min, 14 min over a 5 BTC limit.
 */
export function measureExposure(path: ExposurePath, limit?: ExposureLimit): ExposureMetrics {
  const L = limit === undefined ? null : toDec(limit.value, 'limit.value');
  if (L !== null && L.lt(0)) throw new RangeError('limit must be ≥ 0');
  // The arithmetic on ShortDec (short-dec.ts): each step the Dec decimal.js would give.
  const limitShort = L === null ? null : ShortDec.of(L);
  let peakAbsNotional = SHORT_ZERO;
  let peakAbsNotionalAt: number | null = null;
  let peakAbsQty = SHORT_ZERO;
  let qtyMs = SHORT_ZERO;
  let notionalMs = SHORT_ZERO;
  let breachMs = 0;
  let episodes = 0;
  let maxExcess = SHORT_ZERO;
  let wasInBreach = false;
  const rows: ExposureRow[] = [];
  const breachOf = (p: ExposurePoint): { inBreach: boolean; excess: ShortDec } => {
    if (limitShort === null || limit === undefined) return { inBreach: false, excess: SHORT_ZERO };
    const x = limit.kind === 'qty' ? shortQtyOf(p).abs() : shortNotionalOf(p).abs();
    return x.gt(limitShort) ? { inBreach: true, excess: x.minus(limitShort) } : { inBreach: false, excess: SHORT_ZERO };
  };
  for (const s of path.segments) {
    // Instants are whole ms in practice; any other length is read as decimal.js reads a number.
    const dtMs = s.to - s.ts;
    const dt = Number.isSafeInteger(dtMs) ? ShortDec.fromParts(dtMs, 0) : ShortDec.of(new Dec(dtMs));
    const absN = shortQtyOf(s).abs();
    const absE = shortNotionalOf(s).abs();
    if (absE.gt(peakAbsNotional)) {
      peakAbsNotional = absE;
      peakAbsNotionalAt = s.ts;
    }
    if (absN.gt(peakAbsQty)) peakAbsQty = absN;
    const { inBreach, excess } = breachOf(s);
    if (inBreach) {
      if (!wasInBreach) episodes += 1;
      if (excess.gt(maxExcess)) maxExcess = excess;
    }
    // The cumulative columns before this segment is added: they look backward from its instant.
    rows.push(new Row(s, inBreach, inBreach ? episodes : 0, excess, breachMs / 1000, qtyMs));
    qtyMs = qtyMs.plus(absN.times(dt));
    notionalMs = notionalMs.plus(absE.times(dt));
    if (inBreach) breachMs += s.to - s.ts;
    wasInBreach = inBreach;
  }
  // The state at the window's end (an instant: no time of its own), with the totals.
  const last = path.points.at(-1);
  if (last !== undefined && path.segments.length > 0) {
    const { inBreach, excess } = breachOf(last);
    const at: ExposureSegment = 'to' in last ? (last as ExposureSegment) : { ts: last.ts, to: last.ts, qty: last.qty, mid: last.mid, fxRate: last.fxRate, notional: last.notional };
    rows.push(new Row(at, inBreach, inBreach && wasInBreach ? episodes : 0, excess, breachMs / 1000, qtyMs));
  }
  const windowMs = path.end - path.start;
  let unhedgedMtmPnl = SHORT_ZERO;
  let unhedgedMtmPnlReporting = SHORT_ZERO;
  for (let k = 0; k + 1 < path.points.length; k++) {
    const a = path.points[k]!;
    const b = path.points[k + 1]!;
    const aMid = shortMidOf(a);
    const bMid = shortMidOf(b);
    const aQty = shortQtyOf(a);
    if (aMid !== null && bMid !== null && !aQty.isZero()) {
      const move = aQty.times(bMid.minus(aMid));
      unhedgedMtmPnl = unhedgedMtmPnl.plus(move);
      unhedgedMtmPnlReporting = unhedgedMtmPnlReporting.plus(move.times(shortFxRateOf(b)));
    }
  }
  const qtyMsDec = qtyMs.toDec();
  return {
    peakAbsNotional: peakAbsNotional.toDec(),
    peakAbsNotionalAt,
    peakAbsQty: peakAbsQty.toDec(),
    exposureTimeUnitMinutes: qtyMsDec.div(MS_PER_MINUTE),
    windowMinutes: new Dec(windowMs).div(MS_PER_MINUTE),
    timeWeightedAbsQty: windowMs === 0 ? ZERO : qtyMsDec.div(windowMs),
    timeWeightedAbsNotional: windowMs === 0 ? ZERO : notionalMs.toDec().div(windowMs),
    limitBreachSeconds: breachMs / 1000,
    breachEpisodes: episodes,
    maxExcess: maxExcess.toDec(),
    unhedgedMtmPnl: unhedgedMtmPnl.toDec(),
    unhedgedMtmPnlReporting: unhedgedMtmPnlReporting.toDec(),
    rows,
  };
}

/** A client fill that the catch-up hedge covers, with the mid at its time. */
export interface HedgedClientFill {
  /** Client-signed quantity: + client buy (hedged by a firm buy). */
  readonly qty: DecInput;
  /** M(t_i). */
  readonly mid: DecInput;
}

/** Hedge slippage split (finance-reference.md §3.2); all three are costs (positive = cost). */
export interface HedgeSlippage {
  /** Σ q_i (P_hedge − M(t_i)). */
  readonly cost: Dec;
  /** Σ q_i (M(t_hedge) − M(t_i)): the market moved while unhedged (caused by the outage). */
  readonly driftCost: Dec;
  /** Σ q_i (P_hedge − M(t_hedge)): spread/impact of the one catch-up block. */
  readonly executionCost: Dec;
  /** Σ q_i: the net quantity the firm buys to hedge (negative: it sells). */
  readonly hedgeQty: Dec;
}

/**
 * Reconnect hedge slippage, split into drift and execution (finance-reference.md §3.2). §3.3:
 * 8,120 = 7,440 drift + 680 execution at P_hedge 101,900, M(t_hedge) 101,800. The split is exact.
 */
export function computeHedgeSlippage(input: { readonly fills: readonly HedgedClientFill[]; readonly hedgePx: DecInput; readonly hedgeMid: DecInput }): HedgeSlippage {
  const ph = toDec(input.hedgePx, 'hedgePx');
  const mh = toDec(input.hedgeMid, 'hedgeMid');
  let hedgeQty = ZERO;
  let cost = ZERO;
  let driftCost = ZERO;
  for (const [i, f] of input.fills.entries()) {
    const q = toDec(f.qty, `fills[${i}].qty`);
    const m = toDec(f.mid, `fills[${i}].mid`);
    hedgeQty = hedgeQty.plus(q);
    cost = cost.plus(q.times(ph.minus(m)));
    driftCost = driftCost.plus(q.times(mh.minus(m)));
  }
  return { cost, driftCost, executionCost: hedgeQty.times(ph.minus(mh)), hedgeQty };
}
