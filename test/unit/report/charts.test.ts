/**
 * SVG charts: well-formed (every element closed, attributes quoted), deterministic, the limit line
 * at the y of the limit on the chart's own scale, and the waterfall bars adding up to the total.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { executePlan } from '../../../src/engine/execute.js';
import { planRun } from '../../../src/engine/plan.js';
import { collectingSink } from '../../../src/engine/ports.js';
import { dec, ZERO } from '../../../src/finance/decimal.js';
import { evaluateRun, type Evaluation } from '../../../src/finance/evaluate/evaluate-run.js';
import { exposureChartInput, exposureScale, renderCharts, renderExposureChart, renderWaterfallChart, waterfallInput } from '../../../src/report/charts/index.js';
import { compact, n } from '../../../src/report/charts/svg.js';
import { parseScenarioText } from '../../../src/scenario/parse-scenario-text.js';

/** A minimal XML well-formedness check: tags balance, attributes are quoted, no stray `<` or `&`. */
function assertWellFormed(svg: string): void {
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  const stack: string[] = [];
  const tag = /<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(svg); m !== null; m = tag.exec(svg)) {
    const between = svg.slice(last, m.index);
    expect(between, `text before <${m[2]}>`).not.toMatch(/[<>]|&(?!amp;|lt;|gt;|quot;|apos;)/);
    last = tag.lastIndex;
    const [, close, name, , selfClose] = m;
    if (close === '/') expect(stack.pop(), `closing ${name}`).toBe(name);
    else if (selfClose !== '/') stack.push(name!);
  }
  expect(svg.slice(last).trim()).toBe('');
  expect(stack).toEqual([]);
}

async function evaluateExample(file: string): Promise<Evaluation> {
  const parsed = parseScenarioText(readFileSync(`scenarios/${file}`, 'utf8'), file);
  const scenario = parsed.scenario!;
  const plan = planRun(scenario, { version: 'test', contentHash: 'x' });
  const sink = collectingSink();
  await executePlan(plan, { sink });
  return evaluateRun({ scenario, events: sink.events, runId: plan.runId, seed: plan.seed, mode: 'sim', mcPaths: 4000 });
}

describe('charts on a real drill (lp-outage)', () => {
  let ev: Evaluation;
  beforeAll(async () => {
    ev = await evaluateExample('lp-outage.yaml');
  }, 60_000);

  it('renders three well-formed SVGs, identically twice', () => {
    const charts = renderCharts(ev);
    expect(charts.map((c) => c.name)).toEqual(['exposure.svg', 'pnl_waterfall.svg', 'incident_timeline.svg']);
    for (const c of charts) assertWellFormed(c.content);
    expect(renderCharts(ev).map((c) => c.content)).toEqual(charts.map((c) => c.content));
  });

  it('draws the limit line at the y of the limit, above every grid line it exceeds', () => {
    const input = exposureChartInput(ev)!;
    const svg = renderExposureChart(input);
    const line = /<line class="limit" data-limit="([^"]+)" x1="[^"]+" y1="([^"]+)" x2="[^"]+" y2="([^"]+)"/.exec(svg)!;
    expect(Number(line[1])).toBe(ev.exposure!.limit.toNumber());
    const { y, yMax } = exposureScale(input);
    expect(line[2]).toBe(n(y(input.limit)));
    expect(line[3]).toBe(line[2]);
    // 750k AUD on a 0..yMax axis of 240 px starting at y=36.
    expect(Number(line[2])).toBeCloseTo(36 + 240 - (input.limit / yMax) * 240, 1);
  });

  it('shades every fault window', () => {
    const svg = renderCharts(ev)[0]!.content;
    for (const f of ev.scenario.faults) expect(svg).toContain(`class="fault" data-fault="${f.id}"`);
  });

  it('waterfall bars add up to the incident total', () => {
    const svg = renderWaterfallChart(waterfallInput(ev));
    const bars = [...svg.matchAll(/class="bar" data-label="[^"]*" data-value="([^"]+)"/g)].map((m) => dec(m[1]!));
    expect(bars.length).toBe(ev.attribution.lines.length);
    const total = dec(/class="total" data-value="([^"]+)"/.exec(svg)![1]!);
    expect(bars.reduce((s, b) => s.plus(b), ZERO).eq(total)).toBe(true);
    expect(total.eq(ev.attribution.incidentTotal)).toBe(true);
  });

  it('marks detect/ack/mitigate/recover for each incident', () => {
    const svg = renderCharts(ev)[2]!.content;
    for (const r of ev.incidents.rows) {
      if (r.tDetect !== undefined) expect(svg).toContain(`data-incident="${r.incidentId}" data-mark="D"`);
      if (r.tRecover !== undefined) expect(svg).toContain(`data-incident="${r.incidentId}" data-mark="R"`);
    }
  });
});

describe('charts on synthetic input', () => {
  it.each([
    [{ limit: 100, segments: [{ ts: 0, to: 60_000, absNotional: 50 }] }],
    [{ limit: 0, segments: [] }],
    [{ limit: 10, segments: [{ ts: 0, to: 60_000, absNotional: 1e9 }] }],
  ])('exposure chart is well-formed for %j', (partial) => {
    const svg = renderExposureChart({ title: 'E & <x>', ccy: 'AUD', startMs: 0, endMs: 120_000, faults: [{ id: 'f"1', kind: 'outage', target: 'lp', startMs: 30_000, endMs: 90_000 }], ...partial });
    assertWellFormed(svg);
    expect(svg).not.toContain('NaN');
  });

  it('a waterfall of nothing is still well-formed', () => {
    const svg = renderWaterfallChart({ title: 't', ccy: 'AUD', bars: [], total: { label: 'T', value: '0', display: '0.00' } });
    assertWellFormed(svg);
    expect(svg).not.toContain('NaN');
  });

  it.each([[0, '0'], [980, '980'], [1250, '1.25k'], [750_000, '750k'], [1_250_000, '1.25M'], [-3500, '−3.5k']])('compact(%d) = %s', (v, s) => {
    expect(compact(v)).toBe(s);
  });

  it('never prints -0.0', () => {
    expect(n(-0.01)).toBe('0.0');
  });
});
