/**
 * incident_timeline.svg: one lane per provider; fault windows as bars, and per incident the
 * detect (D), acknowledge (A), mitigate (M) and recover (R) instants as labelled marks.
 */
import type { Evaluation } from '../../finance/evaluate/evaluate-run.js';
import { chartFaults, type ChartFault } from './exposure-chart.js';
import { COLORS, esc, hhmm, n, svgDocument, text, timeTicks } from './svg.js';

export interface TimelineIncident {
  id: string;
  target: string;
  marks: { key: 'D' | 'A' | 'M' | 'R'; t: number }[];
}

export interface TimelineInput {
  title: string;
  startMs: number;
  endMs: number;
  lanes: readonly string[];
  faults: readonly ChartFault[];
  incidents: readonly TimelineIncident[];
}

export function timelineInput(ev: Evaluation): TimelineInput {
  const s = ev.scenario;
  const faults = chartFaults(ev);
  const lanes = [...new Set([...s.providers.map((p) => p.id), ...faults.map((f) => f.target)])];
  const incidents = ev.incidents.rows.map((r) => {
    const marks: TimelineIncident['marks'] = [];
    if (r.tDetect !== undefined) marks.push({ key: 'D', t: r.tDetect });
    if (r.tAck !== undefined) marks.push({ key: 'A', t: r.tAck });
    if (r.tMitigate !== undefined) marks.push({ key: 'M', t: r.tMitigate });
    if (r.tRecover !== undefined) marks.push({ key: 'R', t: r.tRecover });
    return { id: r.incidentId, target: r.target, marks };
  });
  return { title: 'Incident timeline (UTC): fault windows and detect / ack / mitigate / recover', startMs: s.startMs, endMs: s.endMs, lanes, faults, incidents };
}

const MARK_COLOR = { D: COLORS.detect, A: COLORS.ack, M: COLORS.mitigate, R: COLORS.recover } as const;
const MARK_NAME = { D: 'detected', A: 'acknowledged', M: 'mitigated', R: 'recovered' } as const;

export function renderIncidentTimeline(input: TimelineInput): string {
  const width = 800;
  const left = 150;
  const right = 20;
  const top = 40;
  const lane = 34;
  const height = top + Math.max(1, input.lanes.length) * lane + 60;
  const span = Math.max(1, input.endMs - input.startMs);
  const x = (t: number): number => left + ((Math.min(Math.max(t, input.startMs), input.endMs) - input.startMs) / span) * (width - left - right);
  const laneY = (id: string): number => top + Math.max(0, input.lanes.indexOf(id)) * lane;
  const body: string[] = [];
  body.push(text(10, 22, input.title, 'font-size="14" font-weight="bold"'));
  const bottom = top + input.lanes.length * lane;
  for (const t of timeTicks(input.startMs, input.endMs, 8)) {
    body.push(`<line x1="${n(x(t))}" y1="${n(top)}" x2="${n(x(t))}" y2="${n(bottom)}" stroke="${COLORS.grid}"/>`);
    body.push(text(x(t), bottom + 14, hhmm(t), `text-anchor="middle" font-size="10" fill="${COLORS.axis}"`));
  }
  input.lanes.forEach((id, i) => {
    const y = top + i * lane;
    body.push(`<line x1="${n(left)}" y1="${n(y + lane)}" x2="${n(width - right)}" y2="${n(y + lane)}" stroke="${COLORS.grid}"/>`);
    body.push(text(left - 8, y + lane / 2 + 4, id, 'text-anchor="end" font-size="11"'));
  });
  for (const f of input.faults) {
    const y = laneY(f.target);
    const x0 = x(f.startMs);
    body.push(`<rect class="fault" data-fault="${esc(f.id)}" x="${n(x0)}" y="${n(y + 8)}" width="${n(Math.max(1, x(f.endMs) - x0))}" height="${n(lane - 16)}" fill="${COLORS.fault}" fill-opacity="0.5"><title>${esc(`${f.id}: ${f.kind}, ${hhmm(f.startMs)}–${hhmm(f.endMs)}`)}</title></rect>`);
  }
  for (const inc of input.incidents) {
    const y = laneY(inc.target);
    for (const m of inc.marks) {
      const xm = x(m.t);
      body.push(`<g class="mark" data-incident="${esc(inc.id)}" data-mark="${m.key}"><title>${esc(`${inc.id} ${MARK_NAME[m.key]} ${hhmm(m.t)}`)}</title>`);
      body.push(`<line x1="${n(xm)}" y1="${n(y + 4)}" x2="${n(xm)}" y2="${n(y + lane - 4)}" stroke="${MARK_COLOR[m.key]}" stroke-width="2"/>`);
      body.push(`${text(xm + 2, y + 12, m.key, `font-size="9" font-weight="bold" fill="${MARK_COLOR[m.key]}"`)}</g>`);
    }
  }
  // Legend.
  const ly = bottom + 34;
  body.push(`<rect x="${n(left)}" y="${n(ly - 9)}" width="14" height="10" fill="${COLORS.fault}" fill-opacity="0.5"/>`);
  body.push(text(left + 18, ly, 'fault window', 'font-size="11"'));
  let lx = left + 110;
  for (const k of ['D', 'A', 'M', 'R'] as const) {
    body.push(`<line x1="${n(lx)}" y1="${n(ly - 10)}" x2="${n(lx)}" y2="${n(ly + 2)}" stroke="${MARK_COLOR[k]}" stroke-width="2"/>`);
    body.push(text(lx + 5, ly, `${k} ${MARK_NAME[k]}`, 'font-size="11"'));
    lx += 110;
  }
  return svgDocument(width, height, input.title, body);
}
