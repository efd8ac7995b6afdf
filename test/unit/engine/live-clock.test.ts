import { describe, expect, test } from 'vitest';
import { LiveScheduler } from '../../../src/engine/live-clock.js';

// Speed 1000: one scenario second per wall ms, so these tests take a few wall ms each.
const SPEED = 1000;
const T0 = 1_700_000_000_000;

describe('LiveScheduler', () => {
  test('fires timers in (t, registration) order and never stamps a time before the timer', async () => {
    const s = new LiveScheduler(T0, SPEED);
    const fired: [string, number][] = [];
    s.at(T0 + 20_000, () => fired.push(['b', s.now()]));
    s.at(T0 + 10_000, () => fired.push(['a', s.now()]));
    s.at(T0 + 20_000, () => fired.push(['c', s.now()]));
    await s.run(T0 + 60_000);
    expect(fired.map(([name]) => name)).toEqual(['a', 'b', 'c']);
    expect(fired[0]![1]).toBeGreaterThanOrEqual(T0 + 10_000);
    expect(fired[1]![1]).toBeGreaterThanOrEqual(T0 + 20_000);
  });

  test('a hold at t keeps the timers at t and later until it is released; earlier timers fire', async () => {
    const s = new LiveScheduler(T0, SPEED);
    const fired: string[] = [];
    const release = s.holdAt(T0 + 10_000);
    s.at(T0 + 5_000, () => fired.push('before'));
    s.at(T0 + 10_000, () => fired.push(`at the hold (applied: ${applied})`));
    s.at(T0 + 12_000, () => fired.push('after'));
    let applied = false;
    // The outside work (a toxic being added) finishes well after the instant has passed.
    setTimeout(() => {
      fired.push('applied');
      applied = true;
      release();
    }, 40);
    await s.run(T0 + 60_000);
    expect(fired).toEqual(['before', 'applied', 'at the hold (applied: true)', 'after']);
  });

  test('stop() releases every hold, so a run never waits on work that will not come', async () => {
    const s = new LiveScheduler(T0, SPEED);
    s.holdAt(T0 + 1_000);
    let fired = false;
    s.at(T0 + 2_000, () => (fired = true));
    setTimeout(() => s.stop(), 20);
    await s.run(T0 + 60_000);
    expect(fired).toBe(false);
  });
});
