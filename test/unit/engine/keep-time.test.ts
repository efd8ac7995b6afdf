/**
 * The rule a live clock is held to (engine/keep-time.ts): the p99 event-loop lag × speed within a
 * quarter of the smallest timeout. Expected values are worked by hand from the rule's statement.
 */
import { describe, expect, test } from 'vitest';
import { AUTO_MARGIN, autoSpeed, keepsTime, lagBoundMs, speedThatKeepsTime } from '../../../src/engine/keep-time.js';

describe('keepsTime', () => {
  test.each([
    // lag (wall ms), speed, timeout (scenario ms), kept: lag × speed vs timeout / 4
    [8, 60, 2000, true], // 480 ≤ 500
    [8.5, 60, 2000, false], // 510 > 500
    [25, 20, 2000, true], // 500 ≤ 500: the bound itself holds
    [25.01, 20, 2000, false],
    [0.4, 60, 3000, true], // 24 ≤ 750
    [40, 120, 2000, false], // the ×120 msw run of issue 16: 4 800 ms of scenario lag
  ])('p99 %s ms at × %s, timeout %s ms → %s', (lag, speed, timeout, kept) => {
    expect(keepsTime(lag, speed, timeout)).toBe(kept);
  });

  test('the bound is a quarter of the timeout', () => {
    expect(lagBoundMs(2000)).toBe(500);
    expect(lagBoundMs(3000)).toBe(750);
  });
});

describe('speedThatKeepsTime', () => {
  test.each([
    // 500 / lag = the fastest speed allowed, then the ladder (1 2 3 5 10 15 20 30 45 60) below it
    [0.1, 2000, 60], // 5000 → capped at 60
    [8, 2000, 60], // 62.5 → 60
    [9, 2000, 45], // 55.6 → 45
    [17, 2000, 20], // 29.4 → 20
    [33.25, 2000, 15], // 15.04 → 15
    [100, 2000, 5], // 5 → 5 (the bound holds at equality)
    [499, 2000, 1], // 1.002 → 1
    [501, 2000, undefined], // 0.998: not even 1
  ])('p99 %s ms, timeout %s ms → %s', (lag, timeout, speed) => {
    expect(speedThatKeepsTime(lag, timeout)).toBe(speed);
  });

  test('never above the cap it is given', () => {
    expect(speedThatKeepsTime(0.1, 2000, 30)).toBe(30);
  });
});

describe('autoSpeed', () => {
  test('asks the calibrated lag to fit with the margin, and falls back to the slowest speed', () => {
    expect(AUTO_MARGIN).toBe(1.5);
    // 17.26 × 1.5 = 25.89; 500 / 25.89 = 19.3 → 15
    expect(autoSpeed(17.26, 2000)).toBe(15);
    // 1 × 1.5 = 1.5; 500 / 1.5 = 333 → 60 (the cap)
    expect(autoSpeed(1, 2000)).toBe(60);
    // 400 × 1.5 = 600 > 500: no speed keeps it; auto still runs, at 1, and the report says so
    expect(autoSpeed(400, 2000)).toBe(1);
  });
});
