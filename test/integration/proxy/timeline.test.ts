// Playing a toxic plan on the wall clock against the server under test: every fault is on while
// its window is open and off after it; failures are reported, not swallowed; abort stops it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fault } from '../../../src/scenario/model.js';
import { planToxics } from '../../../src/transports/toxic-plan.js';
import { startToxiproxyController } from '../../../src/transports/toxiproxy-controller.js';
import { runToxicTimeline } from '../../../src/transports/toxiproxy-timeline.js';
import { api, getVia, runId, serverState, startTarget, startUpstream, tempRoot, type Target, type Upstream } from './helpers.js';

let target: Target;
let upstream: Upstream;
let root: { dir: string; remove(): Promise<void> };

beforeAll(async () => {
  [target, upstream, root] = await Promise.all([startTarget(), startUpstream(), tempRoot()]);
});
afterAll(async () => {
  await Promise.all([target.close(), upstream.close(), root.remove()]);
});

const T0 = Date.UTC(2026, 0, 5, 9);
const f = (x: Record<string, unknown>): Fault => ({ probability: 1, via: 'toxiproxy', ...x }) as unknown as Fault;

describe('runToxicTimeline', () => {
  it('applies each operation in order at --speed, and the server is back to clean proxies at the end', async () => {
    const c = await startToxiproxyController({ url: target.url, runId: runId('timeline'), root: root.dir });
    const lp = await c.createProxy('lp', upstream.upstream);
    await c.createProxy('gw', upstream.upstream);
    // 1 scenario minute = 20 wall ms at speed 3000.
    const plan = planToxics(
      [
        f({ id: 'lat', kind: 'latency', target: 'lp', latencyMs: 60_000, jitterMs: 0, startMs: T0 + 60_000, endMs: T0 + 180_000 }),
        f({ id: 'down', kind: 'outage', target: 'lp', startMs: T0 + 120_000, endMs: T0 + 240_000 }),
        f({ id: 'rst', kind: 'partial', lostAs: 'reset', target: 'gw', startMs: T0, endMs: T0 + 120_000 }),
      ],
      { startMs: T0, speed: 3000 },
    );
    const seen: string[] = [];
    const outcome = await runToxicTimeline({
      controller: c,
      plan,
      onOperation: (op, error) => void seen.push(`${op.atMs}:${op.action}:${op.faultId}${error === undefined ? '' : ' FAILED'}`),
    });
    expect(outcome.failed).toEqual([]);
    expect(seen).toEqual(['0:add:rst', '20:add:lat', '40:remove:rst', '40:disable:down', '60:remove:lat', '80:enable:down']);
    const prefix = `faultline-${c.runId}`;
    expect(await serverState(target.url, prefix)).toEqual({ proxies: [`${prefix}-gw`, `${prefix}-lp`], toxics: [] });
    expect(await getVia(lp.listen, '/after')).toBe('ok /after');
    await c.close();
  });

  it('reports an operation the server refused and goes on; abort stops early', async () => {
    const c = await startToxiproxyController({ url: target.url, runId: runId('timeline-fail'), root: root.dir });
    await c.createProxy('lp', upstream.upstream);
    // 'ghost' has no proxy: its operations fail with the server's 404.
    const plan = planToxics(
      [
        f({ id: 'a', kind: 'latency', target: 'ghost', latencyMs: 1, jitterMs: 0, startMs: T0, endMs: T0 + 1000 }),
        f({ id: 'b', kind: 'latency', target: 'lp', latencyMs: 1, jitterMs: 0, startMs: T0, endMs: T0 + 60_000 }),
      ],
      { startMs: T0, speed: 1 },
    );
    const abort = new AbortController();
    const outcome = await runToxicTimeline({ controller: c, plan, signal: abort.signal, onOperation: () => setTimeout(() => abort.abort(), 30) });
    expect(outcome.failed.map((x) => [x.op.faultId, x.op.action])).toEqual([['a', 'add']]);
    expect(String(outcome.failed[0]!.error)).toContain('404 proxy not found');
    expect(outcome.applied.map((o) => `${o.action}:${o.faultId}`)).toEqual(['add:b']);
    expect(outcome.aborted).toBe(true);
    expect((await api(target.url, 'GET', `/proxies/${c.proxyName('lp')}/toxics`)).json).toHaveLength(1);
    await c.close();
    expect(await serverState(target.url, `faultline-${c.runId}`)).toEqual({ proxies: [], toxics: [] });
  });
});
