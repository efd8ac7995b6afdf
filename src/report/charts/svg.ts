/**
 * Small SVG helpers shared by the report charts. Output is deterministic: every coordinate is
 * printed with one decimal place, text is escaped, nothing depends on the wall clock or locale.
 */
import { xmlText } from '../safe-text.js';

export const FONT = 'font-family="-apple-system,Segoe UI,Helvetica,Arial,sans-serif"';

/** A coordinate with one decimal place; never "-0.0". */
export function n(x: number): string {
  const r = Math.round(x * 10) / 10;
  return (Object.is(r, -0) || r === 0 ? 0 : r).toFixed(1);
}

/** Text or an attribute value: on one line, nothing invisible, XML-escaped (report/safe-text.ts). */
export function esc(s: string): string {
  return xmlText(s);
}

/** "HH:MM" in UTC. */
export function hhmm(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}

/** Compact axis label for an amount: 1.2M, 750k, 980, −3.5k. */
export function compact(v: number): string {
  const sign = v < 0 ? '−' : '';
  const a = Math.abs(v);
  const trim = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(2).replace(/\.?0+$/, ''));
  if (a >= 1e9) return `${sign}${trim(a / 1e9)}B`;
  if (a >= 1e6) return `${sign}${trim(a / 1e6)}M`;
  if (a >= 1e3) return `${sign}${trim(a / 1e3)}k`;
  return `${sign}${trim(a)}`;
}

/** A "nice" step for about `count` ticks over [0, max]. */
export function niceStep(max: number, count: number): number {
  if (!(max > 0)) return 1;
  const raw = max / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const m = raw / pow;
  const nice = m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10;
  return nice * pow;
}

/** Time ticks at a round number of minutes, about `count` of them. */
export function timeTicks(startMs: number, endMs: number, count: number): number[] {
  const spanMin = Math.max(1, (endMs - startMs) / 60_000);
  const steps = [1, 2, 5, 10, 15, 20, 30, 60, 120, 180, 360, 720, 1440];
  const step = (steps.find((s) => spanMin / s <= count) ?? 1440) * 60_000;
  const ticks: number[] = [];
  for (let t = Math.ceil(startMs / step) * step; t <= endMs; t += step) ticks.push(t);
  return ticks;
}

export function svgDocument(width: number, height: number, title: string, body: readonly string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT} font-size="12">`,
    `<title>${esc(title)}</title>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

export function text(x: number, y: number, s: string, attrs = ''): string {
  return `<text x="${n(x)}" y="${n(y)}"${attrs === '' ? '' : ` ${attrs}`}>${esc(s)}</text>`;
}

/** A palette that reads on white and in print. */
export const COLORS = {
  axis: '#555555',
  grid: '#e5e5e5',
  line: '#1f77b4',
  limit: '#d62728',
  fault: '#ff7f0e',
  gain: '#2ca02c',
  loss: '#d62728',
  total: '#444444',
  detect: '#9467bd',
  ack: '#8c564b',
  mitigate: '#17becf',
  recover: '#2ca02c',
};
