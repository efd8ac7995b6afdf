/** executePlan and planRun invariants on a real example drill (in process). */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import type { RunEvent } from '../../../src/engine/events.js';
import { deriveRunId, planRun } from '../../../src/engine/plan.js';
import type { Scenario } from '../../../src/scenario/model.js';
import { compileYaml, ofType, runDrill } from '../../helpers/sim.js';

const FILE = 'scenarios/lp-outage.yaml';
let scenario: Scenario;
let faulted: RunEvent[];
let baseline: RunEvent[];
let all: RunEvent[];

beforeAll(async () => {
  scenario = compileYaml(readFileSync(FILE, 'utf8'), FILE);
  ({ faulted, baseline, all } = await runDrill(scenario));
}, 60_000);

describe('executePlan', () => {
  test('emits the faulted replay, then the baseline, each framed by run.started … run.finished', () => {
    const firstBaseline = all.findIndex((e) => e.run === 'baseline');
    expect(all.slice(0, firstBaseline).every((e) => e.run === 'faulted')).toBe(true);
    for (const run of [faulted, baseline]) {
      expect(run[0]!.type).toBe('run.started');
      expect(run.at(-1)!.type).toBe('run.finished');
      expect(ofType(run, 'run.started')).toHaveLength(1);
      expect(ofType(run, 'run.finished')).toHaveLength(1);
    }
  });

  test('seq counts from 0 without gaps and t never goes backwards, per replay', () => {
    for (const run of [faulted, baseline]) {
      expect(run.map((e) => e.seq)).toEqual(run.map((_, i) => i));
      const backwards = run.filter((e, i) => i > 0 && e.t < run[i - 1]!.t);
      expect(backwards).toEqual([]);
    }
  });

  test('the baseline has no faults: no fault windows, no fault ids, no refused connections', () => {
    expect(baseline.filter((e) => e.type === 'fault.started' || e.type === 'fault.ended')).toEqual([]);
    expect(baseline.filter((e) => 'faultId' in e && e.faultId !== undefined)).toEqual([]);
    // (A lost write can still happen in the baseline: the latency tail passes the timeout.)
    expect(ofType(baseline, 'attempt').filter((a) => a.outcome === 'refused')).toEqual([]);
    expect(ofType(faulted, 'attempt').filter((a) => a.outcome === 'refused').length).toBeGreaterThan(10);
    expect(ofType(faulted, 'fault.started').map((f) => [f.faultId, f.t])).toEqual(scenario.faults.map((f) => [f.id, f.startMs]));
  });

  test('both replays see the same workload and the same market', () => {
    const trades = (run: RunEvent[]) => ofType(run, 'trade').map((x) => [x.tradeId, x.t, x.side, x.qty, x.refMid]);
    expect(trades(faulted)).toEqual(trades(baseline));
    const payments = (run: RunEvent[]) => ofType(run, 'payment').map((x) => [x.paymentId, x.amount]).sort();
    expect(payments(faulted)).toEqual(payments(baseline));
    const marks = (run: RunEvent[]) => ofType(run, 'mark').map((m) => [m.t, m.mids]);
    expect(marks(faulted)).toEqual(marks(baseline));
    expect(ofType(faulted, 'run.finished')[0]!.closingMids).toEqual(ofType(baseline, 'run.finished')[0]!.closingMids);
  });

  test('the firm\'s final position is the initial position plus every execution and client fill', () => {
    for (const run of [faulted, baseline]) {
      let pos = 0n;
      const units = (q: string) => BigInt(Math.round(Number(q) * 1e8));
      for (const x of ofType(run, 'execution')) if (x.op === 'place_order') pos += (x.side === 'buy' ? 1n : -1n) * units(x.qty!);
      for (const t of ofType(run, 'trade')) if (t.outcome === 'FILLED') pos += (t.side === 'buy' ? -1n : 1n) * units(t.qty);
      pos += units(scenario.hedging!.initialPosition);
      const finished = ofType(run, 'run.finished')[0]!;
      expect(units(finished.positions['BTC-AUD'] ?? '0')).toBe(pos);
    }
  });
});

describe('planRun', () => {
  test('is pure: same scenario and seed ⇒ the same plan', () => {
    const a = planRun(scenario, { version: '1', contentHash: 'h' });
    const b = planRun(scenario, { version: '1', contentHash: 'h' });
    expect(b.workload).toEqual(a.workload);
    expect(b.timeline).toEqual(a.timeline);
    expect(b.runId).toBe(a.runId);
  });

  test('the run id depends on content, seed, mode and version — and nothing else', () => {
    const base = deriveRunId('h', 1, 'sim', '1');
    expect(base).toMatch(/^[0-9a-f]{12}$/);
    expect(deriveRunId('h', 1, 'sim', '1')).toBe(base);
    for (const other of [deriveRunId('h2', 1, 'sim', '1'), deriveRunId('h', 2, 'sim', '1'), deriveRunId('h', 1, 'msw', '1'), deriveRunId('h', 1, 'sim', '2')]) {
      expect(other).not.toBe(base);
    }
  });

  test('a seed override changes the workload; the timeline is sorted and names every fault window', () => {
    const a = planRun(scenario, { version: '1', contentHash: 'h' });
    const b = planRun(scenario, { version: '1', contentHash: 'h', seed: scenario.seed + 1 });
    expect(b.seed).toBe(scenario.seed + 1);
    expect(b.workload.map((w) => w.t)).not.toEqual(a.workload.map((w) => w.t));
    expect(a.timeline.map((e) => e.t)).toEqual([...a.timeline.map((e) => e.t)].sort((x, y) => x - y));
    for (const f of scenario.faults) {
      expect(a.timeline).toContainEqual({ t: f.startMs, what: expect.stringContaining(`fault ${f.id} starts`) });
      expect(a.timeline).toContainEqual({ t: f.endMs, what: `fault ${f.id} ends` });
    }
  });
});
