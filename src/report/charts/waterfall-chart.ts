/**
 * pnl_waterfall.svg: the P&L attribution as a horizontal waterfall. Each component line moves the
 * running total from where the previous one left it; the last bar is the incident total, which the
 * component bars add up to (UNATTRIBUTED included, so the identity is visible).
 */
import type { Evaluation } from '../../finance/evaluate/evaluate-run.js';
import { plain } from '../../finance/decimal.js';
import { money } from '../format.js';
import { COLORS, compact, esc, n, niceStep, svgDocument, text } from './svg.js';

export interface WaterfallBar {
  label: string;
  /** Exact impact, decimal string in the reporting currency (carried in data-value). */
  value: string;
  /** The same rounded once for the label. */
  display: string;
}

export interface WaterfallInput {
  title: string;
  ccy: string;
  bars: readonly WaterfallBar[];
  total: WaterfallBar;
}

export function waterfallInput(ev: Evaluation): WaterfallInput {
  const ccy = ev.reportingCcy;
  const a = ev.attribution;
  return {
    title: `P&L attribution (faulted − baseline, ${ccy})`,
    ccy,
    bars: a.lines.map((l) => ({ label: `${l.component}${l.instrument === '' ? '' : ` ${l.instrument}`}`, value: plain(l.impactReporting), display: money(l.impactReporting, ccy) })),
    total: { label: 'INCIDENT TOTAL', value: plain(a.incidentTotal), display: money(a.incidentTotal, ccy) },
  };
}

const ROW = 26;
const LABEL_W = 200;
const VALUE_W = 110;
const WIDTH = 800;

export function renderWaterfallChart(input: WaterfallInput): string {
  const top = 40;
  const rows = input.bars.length + 1;
  const height = top + rows * ROW + 36;
  const plotL = LABEL_W;
  const plotR = WIDTH - VALUE_W;
  // Domain: every running position, the total and zero.
  const positions = [0];
  let cum = 0;
  for (const b of input.bars) {
    cum += Number(b.value);
    positions.push(cum);
  }
  positions.push(Number(input.total.value));
  const lo = Math.min(...positions);
  const hi = Math.max(...positions);
  const pad = (hi - lo) * 0.05 || 1;
  const dMin = lo - pad;
  const dMax = hi + pad;
  const x = (v: number): number => plotL + ((v - dMin) / (dMax - dMin)) * (plotR - plotL);
  const body: string[] = [];
  body.push(text(10, 22, input.title, 'font-size="14" font-weight="bold"'));
  const step = niceStep(dMax - dMin, 6);
  for (let v = Math.ceil(dMin / step) * step; v <= dMax; v += step) {
    body.push(`<line x1="${n(x(v))}" y1="${n(top - 4)}" x2="${n(x(v))}" y2="${n(top + rows * ROW)}" stroke="${COLORS.grid}"/>`);
    body.push(text(x(v), top + rows * ROW + 16, compact(v), `text-anchor="middle" font-size="10" fill="${COLORS.axis}"`));
  }
  body.push(`<line class="zero" x1="${n(x(0))}" y1="${n(top - 4)}" x2="${n(x(0))}" y2="${n(top + rows * ROW)}" stroke="${COLORS.axis}"/>`);
  let running = 0;
  input.bars.forEach((b, i) => {
    const v = Number(b.value);
    const from = running;
    const to = running + v;
    running = to;
    const y = top + i * ROW;
    const x0 = Math.min(x(from), x(to));
    const w = Math.max(1, Math.abs(x(to) - x(from)));
    const fill = v > 0 ? COLORS.gain : v < 0 ? COLORS.loss : COLORS.grid;
    body.push(text(plotL - 8, y + 17, b.label, `text-anchor="end" font-size="11"`));
    body.push(`<rect class="bar" data-label="${esc(b.label)}" data-value="${esc(b.value)}" x="${n(x0)}" y="${n(y + 4)}" width="${n(w)}" height="${ROW - 8}" fill="${fill}"/>`);
    if (i < input.bars.length) body.push(`<line x1="${n(x(to))}" y1="${n(y + ROW - 4)}" x2="${n(x(to))}" y2="${n(y + ROW + 4)}" stroke="${COLORS.axis}" stroke-dasharray="2 2"/>`);
    body.push(text(plotR + 8, y + 17, `${b.display}`, `font-size="11"`));
  });
  const t = Number(input.total.value);
  const yT = top + input.bars.length * ROW;
  body.push(text(plotL - 8, yT + 17, input.total.label, 'text-anchor="end" font-size="11" font-weight="bold"'));
  body.push(`<rect class="total" data-value="${esc(input.total.value)}" x="${n(Math.min(x(0), x(t)))}" y="${n(yT + 4)}" width="${n(Math.max(1, Math.abs(x(t) - x(0))))}" height="${ROW - 8}" fill="${COLORS.total}"/>`);
  body.push(text(plotR + 8, yT + 17, `${input.total.display} ${input.ccy}`, 'font-size="11" font-weight="bold"'));
  return svgDocument(WIDTH, height, input.title, body);
}
