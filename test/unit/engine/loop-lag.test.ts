/**
 * The loop-lag meter (engine/loop-lag.ts) sees a stall of the event loop. Only lower bounds are
 * asserted: a busy machine can only make the loop later, never earlier.
 */
import { describe, expect, test } from 'vitest';
import { calibrateLoopLag, LAG_SAMPLE_MS, LoopLagMeter } from '../../../src/engine/loop-lag.js';

function block(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // a synchronous stall, as a long GC pause or a descheduled process looks to the loop
  }
}

const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('LoopLagMeter', () => {
  test('a 60 ms synchronous stall shows as the longest lag and is counted over a 30 ms threshold', async () => {
    const meter = new LoopLagMeter(30);
    meter.start();
    await tick(20);
    block(60);
    await tick(20);
    const lag = meter.stop();
    expect(lag.samples).toBeGreaterThan(1);
    // The sample after the stall comes ≥ 60 ms after the one before it, which was ≤ 2 ms before the stall began.
    expect(lag.lagMaxMs).toBeGreaterThanOrEqual(60 - 2 * LAG_SAMPLE_MS);
    expect(lag.stallsOverTimeout).toBeGreaterThanOrEqual(1);
    expect(lag.lagP50Ms).toBeLessThanOrEqual(lag.lagP99Ms);
    expect(lag.lagP99Ms).toBeLessThanOrEqual(lag.lagMaxMs);
  });

  test('stops sampling when stopped; figures are kept to 0.01 ms', async () => {
    const meter = new LoopLagMeter();
    meter.start();
    await tick(10);
    const first = meter.stop();
    await tick(10);
    expect(meter.read().samples).toBe(first.samples);
    for (const v of [first.lagP50Ms, first.lagP99Ms, first.lagMaxMs]) expect(Math.round(v * 100) / 100).toBe(v);
  });
});

describe('calibrateLoopLag', () => {
  test('samples for about the time asked and returns a distribution', async () => {
    const started = performance.now();
    const lag = await calibrateLoopLag(100);
    expect(performance.now() - started).toBeGreaterThanOrEqual(99);
    expect(lag.samples).toBeGreaterThan(0);
    expect(lag.lagP99Ms).toBeLessThanOrEqual(lag.lagMaxMs);
  });
});
