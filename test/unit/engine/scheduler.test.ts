import { describe, expect, test } from 'vitest';
import { VirtualScheduler } from '../../../src/engine/scheduler.js';
import { watchStalls } from '../../helpers/stalls.js';

const T0 = 1_000_000;

describe('VirtualScheduler', () => {
  test('timers fire in time order; timers at the same instant fire in registration order (FIFO)', async () => {
    const s = new VirtualScheduler(T0);
    const log: string[] = [];
    s.at(T0 + 20, () => log.push('c@20'));
    s.at(T0 + 10, () => log.push('a@10'));
    s.at(T0 + 20, () => log.push('d@20'));
    s.at(T0 + 10, () => log.push('b@10'));
    for (let i = 0; i < 50; i++) s.at(T0 + 30, () => log.push(`x${i}`));
    await s.run(T0 + 100);
    expect(log.slice(0, 4)).toEqual(['a@10', 'b@10', 'c@20', 'd@20']);
    expect(log.slice(4)).toEqual(Array.from({ length: 50 }, (_, i) => `x${i}`));
  });

  test('atEach: items fire as if registered one by one with at (same seqs, same interleaving)', async () => {
    const order = async (useAtEach: boolean): Promise<string[]> => {
      const s = new VirtualScheduler(T0, { microtaskYield: true });
      const log: string[] = [];
      s.at(T0 + 10, () => log.push('before@10'));
      const items = [{ t: T0 - 5, id: 'early' }, { t: T0 + 10, id: 'i1' }, { t: T0 + 10, id: 'i2' }, { t: T0 + 20, id: 'i3' }, { t: T0 + 30, id: 'i4' }];
      const fire = (x: { t: number; id: string }): Promise<void> | void => {
        log.push(`${x.id}@${s.now() - T0}`);
        if (x.id === 'i1') s.at(s.now(), () => log.push('same-instant-from-i1'));
        if (x.id === 'i3') {
          return (async () => {
            await s.sleep(10);
            log.push(`i3-woke@${s.now() - T0}`);
          })();
        }
      };
      if (useAtEach) s.atEach(items, (x) => x.t, fire);
      else for (const x of items) s.at(x.t, () => void fire(x));
      s.at(T0 + 10, () => log.push('after@10'));
      s.at(T0 + 30, () => log.push('after@30'));
      await s.run(T0 + 100);
      return log;
    };
    const expected = await order(false);
    expect(expected[0]).toBe('early@0');
    expect(await order(true)).toEqual(expected);
  });

  test('atEach: a process item that throws stops the run', async () => {
    const s = new VirtualScheduler(T0);
    s.atEach([T0 + 1, T0 + 2], (t) => t, (t) => (t === T0 + 2 ? Promise.reject(new Error('boom')) : undefined));
    await expect(s.run(T0 + 10)).rejects.toThrow('boom');
  });

  test('the clock reads the timer instant while it fires', async () => {
    const s = new VirtualScheduler(T0);
    const seen: number[] = [];
    for (const d of [5, 1, 3]) s.at(T0 + d, () => seen.push(s.now() - T0));
    await s.run(T0 + 10);
    expect(seen).toEqual([1, 3, 5]);
  });

  test('sleep advances scenario time exactly, without wall-clock waiting', async () => {
    const s = new VirtualScheduler(T0);
    const seen: number[] = [];
    s.spawn(T0, async () => {
      seen.push(s.now());
      await s.sleep(3_600_000);
      seen.push(s.now());
      await s.sleep(0);
      seen.push(s.now());
      await s.sleep(-50); // negative sleeps are zero, never back in time
      seen.push(s.now());
    });
    // Two scenario hours in well under a wall second: the clock never waits on the wall clock. Less
    // whatever the loop was measured to be stalled meanwhile (a busy machine; helpers/stalls.ts).
    const stalls = watchStalls();
    const wall = performance.now();
    await s.run(T0 + 7_200_000);
    expect(performance.now() - wall - stalls.ms()).toBeLessThan(1000);
    stalls.stop();
    expect(seen).toEqual([T0, T0 + 3_600_000, T0 + 3_600_000, T0 + 3_600_000]);
  });

  test('spawned processes interleave deterministically: same wake instant ⇒ spawn order', async () => {
    const s = new VirtualScheduler(T0);
    const log: string[] = [];
    const proc = (name: string, delays: number[]) => async () => {
      for (const d of delays) {
        log.push(`${name}@${s.now() - T0}`);
        await s.sleep(d);
      }
      log.push(`${name}@${s.now() - T0} done`);
    };
    s.spawn(T0, proc('A', [10, 10]));
    s.spawn(T0, proc('B', [10, 5, 5]));
    s.spawn(T0 + 5, proc('C', [5]));
    await s.run(T0 + 100);
    expect(log).toEqual([
      'A@0', 'B@0', 'C@5',
      // At t=10 A and B wake (registered at t=0, A first), then C (registered at t=5).
      'A@10', 'B@10', 'C@10 done',
      'B@15',
      'A@20 done', 'B@20 done',
    ]);
  });

  test('a timer registered in the past fires at the current instant, after those already due', async () => {
    const s = new VirtualScheduler(T0);
    const log: string[] = [];
    s.at(T0 + 10, () => {
      log.push('first');
      s.at(T0, () => log.push(`past@${s.now() - T0}`));
    });
    s.at(T0 + 10, () => log.push('second'));
    await s.run(T0 + 20);
    expect(log).toEqual(['first', 'second', 'past@10']);
  });

  test('a failing process stops the run and its error is rethrown; later timers do not fire', async () => {
    const s = new VirtualScheduler(T0);
    const late: number[] = [];
    const boom = new Error('boom');
    s.spawn(T0 + 5, async () => {
      await s.sleep(1);
      throw boom;
    });
    s.spawn(T0 + 7, async () => {
      throw new Error('second failure');
    });
    s.at(T0 + 50, () => late.push(s.now()));
    await expect(s.run(T0 + 100)).rejects.toBe(boom);
    expect(late).toEqual([]);
    expect(s.now()).toBeLessThan(T0 + 50);
  });

  test('stop() ends the loop at the next step; timers after it never fire', async () => {
    const s = new VirtualScheduler(T0);
    const log: number[] = [];
    s.at(T0 + 10, () => {
      log.push(10);
      s.stop();
    });
    s.at(T0 + 20, () => log.push(20));
    await s.run(T0 + 100);
    expect(log).toEqual([10]);
    expect(s.now()).toBe(T0 + 10);
  });

  test('run(until) leaves later timers pending, ends at `until`, and a second run continues', async () => {
    const s = new VirtualScheduler(T0);
    const log: number[] = [];
    s.at(T0 + 10, () => log.push(10));
    s.at(T0 + 200, () => log.push(200));
    await s.run(T0 + 100);
    expect(log).toEqual([10]);
    expect(s.now()).toBe(T0 + 100);
    await s.run(T0 + 300);
    expect(log).toEqual([10, 200]);
    expect(s.now()).toBe(T0 + 300);
  });

  test('a timer exactly at `until` fires', async () => {
    const s = new VirtualScheduler(T0);
    let fired = false;
    s.at(T0 + 100, () => {
      fired = true;
    });
    await s.run(T0 + 100);
    expect(fired).toBe(true);
  });
  test('microtask yields (sim mode) give the same interleaving as macrotask yields, deep await chains included', async () => {
    const trace = async (microtaskYield: boolean): Promise<string[]> => {
      const s = new VirtualScheduler(T0, { microtaskYield });
      const log: string[] = [];
      // A call that awaits through several async layers before its next sleep, like transport → gateway.
      const deep = async (depth: number): Promise<void> => {
        if (depth === 0) return s.sleep(0);
        await Promise.resolve();
        return deep(depth - 1);
      };
      for (let p = 0; p < 20; p++) {
        s.spawn(T0 + (p % 3), async () => {
          for (let k = 0; k < 30; k++) {
            log.push(`${p}.${k}@${s.now() - T0}`);
            await deep((p * 7 + k) % 5);
            await s.sleep((p + k) % 4);
          }
        });
      }
      await s.run(T0 + 10_000);
      return log;
    };
    const macro = await trace(false);
    expect(macro).toHaveLength(600);
    expect(await trace(true)).toEqual(macro);
  });

  test('synchronous timers (at … sync, atEach isSync) give the same interleaving as undeclared ones, macrotask yields included', async () => {
    const trace = async (declare: boolean, microtaskYield: boolean): Promise<string[]> => {
      const s = new VirtualScheduler(T0, { microtaskYield });
      const log: string[] = [];
      const deep = async (depth: number): Promise<void> => {
        if (depth === 0) return s.sleep(0);
        await Promise.resolve();
        return deep(depth - 1);
      };
      // Processes that register synchronous timers (executions) for later instants as they go,
      // workload items of both kinds, and enough instants to cross the macrotask every 256.
      for (let p = 0; p < 12; p++) {
        s.spawn(T0 + (p % 3), async () => {
          for (let k = 0; k < 40; k++) {
            log.push(`${p}.${k}@${s.now() - T0}`);
            s.at(s.now() + ((p + k) % 5), () => log.push(`x${p}.${k}@${s.now() - T0}`), declare);
            await deep((p * 7 + k) % 4);
            await s.sleep((p + 2 * k) % 6);
          }
        });
      }
      const items = Array.from({ length: 400 }, (_, i) => ({ t: T0 + Math.floor(i * 1.7), i }));
      s.atEach(items, (x) => x.t, (x) => {
        log.push(`item${x.i}@${s.now() - T0}`);
        if (x.i % 3 !== 0) return undefined;
        return (async () => {
          await s.sleep(x.i % 4);
          log.push(`item${x.i}-woke@${s.now() - T0}`);
        })();
      }, declare ? (x) => x.i % 3 !== 0 : undefined);
      for (let t = 0; t < 700; t += 50) s.at(T0 + t, () => log.push(`mark@${t}`), declare);
      await s.run(T0 + 10_000);
      return log;
    };
    const reference = await trace(false, false);
    expect(reference.length).toBeGreaterThan(1000);
    expect(await trace(false, true)).toEqual(reference);
    expect(await trace(true, true)).toEqual(reference);
    expect(await trace(true, false)).toEqual(reference);
  });
});
