// Fault → toxic mapping (pure): which toxic each via: toxiproxy fault becomes, when, and at what speed.
import { describe, expect, it } from 'vitest';
import type { Fault } from '../../../src/scenario/model.js';
import { planToxics } from '../../../src/transports/toxic-plan.js';

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const min = 60_000;

function fault(f: Partial<Fault> & Pick<Fault, 'id' | 'kind'> & Record<string, unknown>): Fault {
  return { target: 'lp', startMs: T0 + min, endMs: T0 + 3 * min, probability: 1, via: 'toxiproxy', ...f } as Fault;
}

describe('planToxics', () => {
  it('maps each kind to its toxic, added at the start and removed at the end', () => {
    const plan = planToxics(
      [
        fault({ id: 'lat', kind: 'latency', latencyMs: 800, jitterMs: 200, probability: 0.5 }),
        fault({ id: 'to', kind: 'partial', lostAs: 'timeout', target: 'gw', startMs: T0 + 2 * min, endMs: T0 + 4 * min }),
        fault({ id: 'rst', kind: 'partial', lostAs: 'reset', target: 'gw', startMs: T0 + 5 * min, endMs: T0 + 6 * min, probability: 0.25 }),
        fault({ id: 'down', kind: 'outage', target: 'feed' }),
        fault({ id: 'flaky', kind: 'outage', target: 'feed2', probability: 0.3 }),
      ],
      { startMs: T0, speed: 1 },
    );
    expect(plan.skipped).toEqual([]);
    expect(plan.operations.map((o) => [o.atMs, o.action, o.target, o.faultId])).toEqual([
      [min, 'disable', 'feed', 'down'],
      [min, 'add', 'feed2', 'flaky'],
      [min, 'add', 'lp', 'lat'],
      [2 * min, 'add', 'gw', 'to'],
      [3 * min, 'enable', 'feed', 'down'],
      [3 * min, 'remove', 'feed2', 'flaky'],
      [3 * min, 'remove', 'lp', 'lat'],
      [4 * min, 'remove', 'gw', 'to'],
      [5 * min, 'add', 'gw', 'rst'],
      [6 * min, 'remove', 'gw', 'rst'],
    ]);
    const toxics = Object.fromEntries(plan.operations.flatMap((o) => (o.action === 'add' ? [[o.faultId, o.toxic]] : [])));
    expect(toxics).toEqual({
      lat: { name: 'lat', type: 'latency', stream: 'downstream', toxicity: 0.5, attributes: { latency: 800, jitter: 200 } },
      to: { name: 'to', type: 'timeout', stream: 'downstream', toxicity: 1, attributes: { timeout: 0 } },
      rst: { name: 'rst', type: 'reset_peer', stream: 'downstream', toxicity: 0.25, attributes: { timeout: 0 } },
      flaky: { name: 'flaky', type: 'reset_peer', stream: 'upstream', toxicity: 0.3, attributes: { timeout: 0 } },
    });
    const removes = plan.operations.filter((o) => o.action === 'remove').map((o) => (o.action === 'remove' ? o.toxic : ''));
    expect(removes.sort()).toEqual(['flaky', 'lat', 'rst', 'to']);
  });

  it('--speed N: scenario time and durations run N× faster on the wall clock', () => {
    const plan = planToxics([fault({ id: 'lat', kind: 'latency', latencyMs: 1500, jitterMs: 100 })], { startMs: T0, speed: 60 });
    expect(plan.operations.map((o) => [o.atMs, o.scenarioMs - T0, o.action])).toEqual([
      [1000, min, 'add'],
      [3000, 3 * min, 'remove'],
    ]);
    const add = plan.operations[0]!;
    expect(add.action === 'add' && add.toxic.attributes).toEqual({ latency: 25, jitter: 2 });
  });

  it('merges overlapping and touching outages on one proxy; other proxies are separate', () => {
    const plan = planToxics(
      [
        fault({ id: 'a', kind: 'outage', startMs: T0 + min, endMs: T0 + 3 * min }),
        fault({ id: 'b', kind: 'outage', startMs: T0 + 2 * min, endMs: T0 + 5 * min }),
        fault({ id: 'c', kind: 'outage', startMs: T0 + 5 * min, endMs: T0 + 6 * min }),
        fault({ id: 'd', kind: 'outage', startMs: T0 + 8 * min, endMs: T0 + 9 * min }),
        fault({ id: 'e', kind: 'outage', target: 'other', startMs: T0 + 2 * min, endMs: T0 + 4 * min }),
      ],
      { startMs: T0, speed: 1 },
    );
    expect(plan.operations.map((o) => [o.atMs / min, o.action, o.target, o.faultId])).toEqual([
      [1, 'disable', 'lp', 'a'],
      [2, 'disable', 'other', 'e'],
      [4, 'enable', 'other', 'e'],
      [6, 'enable', 'lp', 'c'],
      [8, 'disable', 'lp', 'd'],
      [9, 'enable', 'lp', 'd'],
    ]);
  });

  it('at one instant, closing operations come before opening ones', () => {
    const plan = planToxics(
      [
        fault({ id: 'z-first', kind: 'latency', latencyMs: 10, jitterMs: 0, startMs: T0, endMs: T0 + min }),
        fault({ id: 'a-second', kind: 'latency', latencyMs: 20, jitterMs: 0, startMs: T0 + min, endMs: T0 + 2 * min }),
      ],
      { startMs: T0, speed: 1 },
    );
    expect(plan.operations.map((o) => `${o.action}:${o.faultId}`)).toEqual(['add:z-first', 'remove:z-first', 'add:a-second', 'remove:a-second']);
  });

  it('ignores via: msw faults and explains what it cannot map', () => {
    const plan = planToxics(
      [
        fault({ id: 'm', kind: 'latency', latencyMs: 5, jitterMs: 0, via: 'msw' }),
        fault({ id: 'p502', kind: 'partial', lostAs: '502' }),
        fault({ id: 'err', kind: 'error', status: 500 }),
        fault({ id: 'blink', kind: 'latency', latencyMs: 5, jitterMs: 0, startMs: T0 + min, endMs: T0 + min + 10 }),
      ],
      { startMs: T0, speed: 100 },
    );
    expect(plan.operations).toEqual([]);
    expect(plan.skipped.map((s) => s.faultId)).toEqual(['p502', 'err', 'blink']);
    expect(plan.skipped[0]!.reason).toContain('HTTP status');
    expect(plan.skipped[2]!.reason).toContain('less than 1 ms');
  });

  it('a fault that began before the run starts at wall time 0', () => {
    const plan = planToxics([fault({ id: 'early', kind: 'partial', lostAs: 'reset', startMs: T0 - min, endMs: T0 + min })], { startMs: T0, speed: 2 });
    expect(plan.operations.map((o) => [o.atMs, o.scenarioMs])).toEqual([
      [0, T0],
      [30_000, T0 + min],
    ]);
  });

  it('rejects a speed that is not a positive number', () => {
    expect(() => planToxics([], { startMs: T0, speed: 0 })).toThrow(RangeError);
    expect(() => planToxics([], { startMs: T0, speed: Number.NaN })).toThrow(RangeError);
  });
});
