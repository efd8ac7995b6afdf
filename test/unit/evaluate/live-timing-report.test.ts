/**
 * The `live-timing` self-check and the "timing unreliable" report (finance/evaluate/live-timing-report.ts),
 * from a journal whose replays carry a measured timing in `run.finished` (what a live run writes).
 * The figures are given; the expected texts are worked by hand from the rule (engine/keep-time.ts).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import type { LiveTiming, RunEvent } from '../../../src/engine/events.js';
import { evaluateRun } from '../../../src/finance/evaluate/evaluate-run.js';
import { renderReportFiles } from '../../../src/run/render-report.js';
import type { Scenario } from '../../../src/scenario/model.js';
import { compileYaml, runDrill } from '../../helpers/sim.js';

let scenario: Scenario;
let events: RunEvent[];

beforeAll(async () => {
  const text = readFileSync('scenarios/lp-outage.yaml', 'utf8').replace('duration: 2h', 'duration: 6m').replace('at: 15m\n    for: 45m', 'at: 1m\n    for: 3m');
  scenario = compileYaml(text, 'lp-outage-cut.yaml');
  ({ all: events } = await runDrill(scenario));
});

function withTiming(faulted: Partial<LiveTiming> | undefined, baseline: Partial<LiveTiming> | undefined): RunEvent[] {
  const base: LiveTiming = { clock: 'live', speed: 120, samples: 5000, lagP50Ms: 0.1, lagP99Ms: 1, lagMaxMs: 5, stallsOverTimeout: 0 };
  return events.map((e) => {
    if (e.type !== 'run.finished') return e;
    const t = e.run === 'faulted' ? faulted : baseline;
    return t === undefined ? e : { ...e, timing: { ...base, ...t } };
  });
}

const evaluate = (evs: RunEvent[]) => evaluateRun({ scenario, events: evs, runId: 'r', seed: 1, mode: 'msw' });
const info = (speed: number) => ({ version: 't', scenarioFile: 'x.yaml', contentHash: 'h', mode: 'msw', clock: 'live' as const, speed });

describe('live-timing self-check', () => {
  test('a run on the virtual clock has no timing and no check', () => {
    const ev = evaluate(events);
    expect(ev.liveTiming).toBeUndefined();
    expect(ev.selfChecks.map((c) => c.id)).not.toContain('live-timing');
  });

  test('the issue-16 case: × 120, p99 33.25 ms → 3 990 ms of scenario lag over the 500 ms bound; × 15 would have held', () => {
    const ev = evaluate(withTiming({ lagP99Ms: 33.25, lagMaxMs: 177.02, stallsOverTimeout: 22 }, { lagP99Ms: 31.44 }));
    const check = ev.selfChecks.find((c) => c.id === 'live-timing')!;
    expect(check.status).toBe('FAIL');
    expect(ev.verdict).toBe('FAIL');
    // 33.25 × 120 = 3 990 ms = "4.0 s"; 500 / 33.25 = 15.04 → the ladder's 15.
    expect(check.detail).toContain('timing unreliable');
    expect(check.detail).toContain('faulted: p99 lag 33.25 ms = 4.0 s of scenario time (over)');
    expect(check.detail).toContain('22 stall(s) longer than the timeout ÷ speed (16.7 ms)');
    expect(check.detail).toContain('a speed of 15 would have held (--speed 15');
    expect(ev.liveTiming).toMatchObject({ speed: 120, timeoutMs: 2000, boundMs: 500, kept: false, wouldHold: 15 });
    const files = renderReportFiles(ev, info(120));
    const md = files.find((f) => f.name === 'summary.md')!.content;
    expect(md).toContain('> ⚠️ **Timing unreliable**: the event loop ran 33.25 ms late at the 99th percentile (faulted replay), 4.0 s of scenario time at × 120, over the 500 ms allowed (a quarter of the 2.0 s timeout); longest stall 177.02 ms.');
    expect(md).toContain('A speed of 15 would have held (--speed 15, or --speed auto to measure again).');
    const json = JSON.parse(files.find((f) => f.name === 'summary.json')!.content) as { timing: { reliable: boolean; wouldHoldSpeed: number | null; replays: { run: string; lagP99ScenarioMs: number; kept: boolean }[] } };
    expect(json.timing.reliable).toBe(false);
    expect(json.timing.wouldHoldSpeed).toBe(15);
    expect(json.timing.replays.map((r) => [r.run, r.lagP99ScenarioMs, r.kept])).toEqual([['faulted', 3990, false], ['baseline', 3772.8, false]]);
  });

  test('one replay over the bound is enough to fail; not even × 1 holds a p99 over the whole bound', () => {
    const ev = evaluate(withTiming({ speed: 1, lagP99Ms: 600 }, { speed: 1, lagP99Ms: 0.5 }));
    expect(ev.liveTiming?.kept).toBe(false);
    expect(ev.liveTiming?.wouldHold).toBeUndefined();
    expect(ev.selfChecks.find((c) => c.id === 'live-timing')?.detail).toContain('not even --speed 1 would have held');
  });

  test('within the bound: PASS, no warning in the report, no suggested speed', () => {
    // 8 × 60 = 480 ≤ 500 in the faulted replay; 4 × 60 = 240 in the baseline.
    const ev = evaluate(withTiming({ speed: 60, lagP99Ms: 8 }, { speed: 60, lagP99Ms: 4 }));
    const check = ev.selfChecks.find((c) => c.id === 'live-timing')!;
    expect(check.status).toBe('PASS');
    expect(check.detail).toContain('faulted: p99 lag 8.00 ms = 480 ms of scenario time;');
    expect(ev.liveTiming?.wouldHold).toBeUndefined();
    const md = renderReportFiles(ev, info(60)).find((f) => f.name === 'summary.md')!.content;
    expect(md).not.toContain('Timing unreliable');
    expect(md).toContain('(live clock × 60)');
  });

  test('an interrupted live run\'s baseline was replayed on the virtual clock: only the faulted replay is held to the rule', () => {
    const ev = evaluate(withTiming({ speed: 60, lagP99Ms: 2 }, undefined));
    expect(ev.liveTiming?.replays.map((r) => r.variant)).toEqual(['faulted']);
    expect(ev.liveTiming?.kept).toBe(true);
  });
});
