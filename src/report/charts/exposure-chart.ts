/**
 * exposure.svg: absolute net exposure |E(t)| of the faulted replay over the drill window, as a step
 * line, with the exposure limit as a dashed horizontal line and every fault window shaded.
 */
import type { Evaluation } from '../../finance/evaluate/evaluate-run.js';
import { COLORS, compact, esc, hhmm, n, niceStep, svgDocument, text, timeTicks } from './svg.js';

export interface ChartFault {
  id: string;
  kind: string;
  target: string;
  startMs: number;
  endMs: number;
}

export interface ExposureChartInput {
  title: string;
  ccy: string;
  startMs: number;
  endMs: number;
  /** The limit on |E| in the reporting currency. */
  limit: number;
  /** Step segments: |E| holds from `ts` to `to`. */
  segments: readonly { ts: number; to: number; absNotional: number }[];
  faults: readonly ChartFault[];
  /** Fault ids that take the primary liquidity provider DOWN (from their start: exposure_timeseries.csv `lp_status`). */
  lpDown?: readonly string[];
}

export const EXPOSURE_LAYOUT = { width: 800, height: 320, left: 70, right: 20, top: 36, bottom: 44 } as const;

export function exposureChartInput(ev: Evaluation): ExposureChartInput | undefined {
  const ex = ev.exposure;
  if (ex === undefined) return undefined;
  const s = ev.scenario;
  return {
    title: `Net exposure ${ex.instrument} (|E|, ${ev.reportingCcy}) against the limit`,
    ccy: ev.reportingCcy,
    startMs: s.startMs,
    endMs: s.endMs,
    limit: ex.limit.toNumber(),
    segments: ex.metrics.rows.map((r) => ({ ts: r.ts, to: r.to, absNotional: r.notional.abs().toNumber() })),
    faults: chartFaults(ev),
    lpDown: s.faults.filter((f) => ex.lpStatusAt(f.startMs) === 'DOWN' && f.kind === 'outage').map((f) => f.id),
  };
}

export function chartFaults(ev: Evaluation): ChartFault[] {
  return ev.scenario.faults.map((f) => ({ id: f.id, kind: f.kind, target: f.target, startMs: f.startMs, endMs: f.endMs }));
}

/** The y coordinate of a value on the exposure chart's scale (exported for tests). */
export function exposureScale(input: ExposureChartInput): { yMax: number; y: (v: number) => number; x: (t: number) => number } {
  const L = EXPOSURE_LAYOUT;
  const peak = Math.max(0, ...input.segments.map((s) => s.absNotional));
  const top = Math.max(peak, input.limit) * 1.1 || 1;
  const step = niceStep(top, 5);
  const yMax = Math.ceil(top / step) * step;
  const plotH = L.height - L.top - L.bottom;
  const plotW = L.width - L.left - L.right;
  const span = Math.max(1, input.endMs - input.startMs);
  return {
    yMax,
    y: (v) => L.top + plotH - (v / yMax) * plotH,
    x: (t) => L.left + ((Math.min(Math.max(t, input.startMs), input.endMs) - input.startMs) / span) * plotW,
  };
}

export function renderExposureChart(input: ExposureChartInput): string {
  const L = EXPOSURE_LAYOUT;
  const { yMax, x, y } = exposureScale(input);
  const body: string[] = [];
  body.push(text(L.left, 20, input.title, 'font-size="14" font-weight="bold"'));
  // Fault windows first, so the line draws over them.
  for (const f of input.faults) {
    const x0 = x(f.startMs);
    const x1 = x(f.endMs);
    body.push(`<rect class="fault" data-fault="${esc(f.id)}" x="${n(x0)}" y="${n(L.top)}" width="${n(Math.max(1, x1 - x0))}" height="${n(L.height - L.top - L.bottom)}" fill="${COLORS.fault}" fill-opacity="0.15"><title>${esc(`${f.id}: ${f.kind} on ${f.target}, ${hhmm(f.startMs)}–${hhmm(f.endMs)} UTC`)}</title></rect>`);
    body.push(text(x0 + 3, L.top + 12, input.lpDown?.includes(f.id) === true ? `${f.id}: ${f.target} DOWN` : `${f.id}`, `font-size="10" fill="${COLORS.fault}"`));
  }
  // Grid and y axis.
  const step = niceStep(yMax, 5);
  for (let v = 0; v <= yMax + step / 2; v += step) {
    body.push(`<line x1="${n(L.left)}" y1="${n(y(v))}" x2="${n(L.width - L.right)}" y2="${n(y(v))}" stroke="${COLORS.grid}"/>`);
    body.push(text(L.left - 6, y(v) + 4, compact(v), `text-anchor="end" fill="${COLORS.axis}"`));
  }
  for (const t of timeTicks(input.startMs, input.endMs, 8)) {
    body.push(`<line x1="${n(x(t))}" y1="${n(L.height - L.bottom)}" x2="${n(x(t))}" y2="${n(L.height - L.bottom + 4)}" stroke="${COLORS.axis}"/>`);
    body.push(text(x(t), L.height - L.bottom + 16, hhmm(t), `text-anchor="middle" fill="${COLORS.axis}"`));
  }
  body.push(text(L.left + (L.width - L.left - L.right) / 2, L.height - 6, 'time (UTC)', `text-anchor="middle" fill="${COLORS.axis}"`));
  body.push(`<line x1="${n(L.left)}" y1="${n(L.top)}" x2="${n(L.left)}" y2="${n(L.height - L.bottom)}" stroke="${COLORS.axis}"/>`);
  body.push(`<line x1="${n(L.left)}" y1="${n(L.height - L.bottom)}" x2="${n(L.width - L.right)}" y2="${n(L.height - L.bottom)}" stroke="${COLORS.axis}"/>`);
  // The exposure step line.
  const pts = stepLinePoints(input.segments, x, y);
  if (pts.length > 0) body.push(`<polyline class="exposure" points="${pts.join(' ')}" fill="none" stroke="${COLORS.line}" stroke-width="1.5"/>`);
  // The limit.
  const yl = y(input.limit);
  body.push(`<line class="limit" data-limit="${input.limit}" x1="${n(L.left)}" y1="${n(yl)}" x2="${n(L.width - L.right)}" y2="${n(yl)}" stroke="${COLORS.limit}" stroke-width="1.5" stroke-dasharray="6 4"/>`);
  body.push(text(L.width - L.right - 4, yl - 4, `limit ${compact(input.limit)} ${input.ccy}`, `text-anchor="end" font-size="11" fill="${COLORS.limit}"`));
  return svgDocument(L.width, L.height, input.title, body);
}

/**
 * The step line's points as printed (0.1 px), with each run of points on the same printed x reduced
 * to its first, lowest, highest and last (in the order they come): the line a run draws is a vertical
 * stroke over its lowest to highest point, entered at the first and left at the last, so the picture
 * is the same while a long drill's chart keeps a few points per tenth of a pixel instead of two per
 * exposure step (the 100k drill: ~115,000 points, most of them on top of each other).
 */
export function stepLinePoints(segments: ExposureChartInput['segments'], x: (t: number) => number, y: (v: number) => number): string[] {
  const pts: string[] = [];
  let runX = '';
  let first = 0;
  let low = 0;
  let high = 0;
  let lowAt = 0;
  let highAt = 0;
  let lastY = 0;
  let count = 0;
  const flush = (): void => {
    if (count === 0) return;
    const ys = [first, ...(lowAt <= highAt ? [low, high] : [high, low]), lastY];
    let previous = Number.NaN;
    for (const v of ys) {
      if (v === previous) continue;
      pts.push(`${runX},${v.toFixed(1)}`);
      previous = v;
    }
  };
  const add = (px: string, py: number): void => {
    if (px !== runX) {
      flush();
      runX = px;
      first = low = high = lastY = py;
      lowAt = highAt = count = 0;
    } else {
      // Screen y grows downwards; "low" and "high" are simply the smallest and largest y.
      if (py < low) {
        low = py;
        lowAt = count;
      }
      if (py > high) {
        high = py;
        highAt = count;
      }
      lastY = py;
    }
    count += 1;
  };
  for (const s of segments) {
    const py = Number(n(y(s.absNotional)));
    add(n(x(s.ts)), py);
    add(n(x(s.to)), py);
  }
  flush();
  return pts;
}
