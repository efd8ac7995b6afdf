import { describe, expect, test } from 'vitest';
import type { RunEventBody } from '../../../src/engine/events.js';
import { Monitor } from '../../../src/engine/monitor.js';
import { VirtualScheduler } from '../../../src/engine/scheduler.js';
import type { MonitoringModel } from '../../../src/scenario/model.js';

const T0 = 1_700_000_000_000;
const SEC = 1000;
const MIN = 60 * SEC;

function harness(overrides: Partial<MonitoringModel> = {}) {
  const config: MonitoringModel = { probeIntervalMs: 30 * SEC, failuresToAlert: 3, timeToAcknowledgeMs: 5 * MIN, manualFailoverAfterMs: 10 * MIN, timeToResolveMs: 4 * 60 * MIN, ...overrides };
  const s = new VirtualScheduler(T0);
  const log: { t: number; what: string }[] = [];
  const monitor = new Monitor(
    config, s,
    (e: RunEventBody) => log.push({ t: s.now() - T0, what: `${e.type}${'provider' in e ? ` ${e.provider}` : ''}${'source' in e ? ` ${e.source}` : ''}` }),
    (p) => log.push({ t: s.now() - T0, what: `manual-failover ${p}` }),
    (p) => log.push({ t: s.now() - T0, what: `recovered ${p}` }),
  );
  /** Feed signals: [offset ms, ok?, source] at scenario times, then run. */
  const signals = async (list: [number, boolean, 'probe' | 'validation' | 'errors'][], until = 60 * MIN) => {
    for (const [dt, ok, source] of list) s.at(T0 + dt, () => (ok ? monitor.reportSuccess('feed', source) : monitor.reportFailure('feed', source)));
    await s.run(T0 + until);
    return log;
  };
  return { monitor, signals, log };
}

const every = (n: number, step: number, ok: boolean, source: 'probe' | 'validation' | 'errors', from = 0): [number, boolean, typeof source][] =>
  Array.from({ length: n }, (_, i) => [from + i * step, ok, source]);

describe('Monitor', () => {
  test('alerts on the k-th consecutive failure, acknowledges after the delay, fails over by hand after that', async () => {
    const { signals } = harness();
    const log = await signals(every(40, 30 * SEC, false, 'probe'));
    expect(log).toEqual([
      { t: 60 * SEC, what: 'alert.fired feed probe' },
      { t: 60 * SEC + 5 * MIN, what: 'alert.acknowledged feed probe' },
      { t: 60 * SEC + 15 * MIN, what: 'manual-failover feed' },
    ]);
  });

  test('k−1 failures between successes never alert', async () => {
    const { signals } = harness();
    const list: [number, boolean, 'probe'][] = [];
    for (let i = 0; i < 30; i++) list.push([i * 30 * SEC, i % 3 === 2, 'probe']);
    expect(await signals(list)).toEqual([]);
  });

  test('no manual failover without manual_failover_after; none when the alert resolved before acknowledgement', async () => {
    const noManual = harness({ manualFailoverAfterMs: undefined });
    expect((await noManual.signals(every(40, 30 * SEC, false, 'probe'))).map((e) => e.what)).toEqual(['alert.fired feed probe', 'alert.acknowledged feed probe']);
    const quick = harness();
    const log = await quick.signals([...every(3, 30 * SEC, false, 'probe'), ...every(10, 30 * SEC, true, 'probe', 90 * SEC)]);
    expect(log.map((e) => e.what)).toEqual(['alert.fired feed probe', 'alert.resolved feed probe', 'recovered feed']);
    expect(log[1]!.t).toBeLessThan(5 * MIN + 60 * SEC);
  });

  test('resolution needs k healthy signals and k probe intervals without a failure', async () => {
    const { signals } = harness({ manualFailoverAfterMs: undefined, timeToAcknowledgeMs: 60 * MIN });
    // Fail at 0, 30, 60 s (alert at 60 s); healthy every 10 s from 70 s.
    const log = await signals([...every(3, 30 * SEC, false, 'probe'), ...every(30, 10 * SEC, true, 'probe', 70 * SEC)]);
    const resolved = log.find((e) => e.what.startsWith('alert.resolved'))!;
    // Three healthy signals arrive by 90 s, but the last failure (60 s) must be 90 s in the past.
    expect(resolved.t).toBe(150 * SEC);
  });

  test('a validation alert is not cleared by healthy probes (a stale feed still answers its probe)', async () => {
    const { signals } = harness({ manualFailoverAfterMs: undefined });
    const log = await signals([...every(3, 5 * SEC, false, 'validation'), ...every(20, 30 * SEC, true, 'probe', 20 * SEC)]);
    expect(log.map((e) => e.what)).toEqual(['alert.fired feed validation', 'alert.acknowledged feed validation']);
    const cleared = harness({ manualFailoverAfterMs: undefined });
    const log2 = await cleared.signals([...every(3, 5 * SEC, false, 'validation'), ...every(20, 30 * SEC, true, 'validation', 20 * SEC)]);
    expect(log2.map((e) => e.what)).toContain('alert.resolved feed validation');
  });

  test('one alert per incident: failures while it is open do not fire another', async () => {
    const { signals } = harness();
    const log = await signals([...every(20, 30 * SEC, false, 'probe'), ...every(20, 5 * SEC, false, 'errors')]);
    expect(log.filter((e) => e.what.startsWith('alert.fired'))).toHaveLength(1);
  });
});
