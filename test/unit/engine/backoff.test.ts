import { describe, expect, test } from 'vitest';
import { computeBackoff } from '../../../src/integration/backoff.js';
import type { RetryModel } from '../../../src/scenario/model.js';

const policy = (o: Partial<RetryModel> = {}): RetryModel => ({
  max: 5, backoff: 'exponential', baseDelayMs: 250, maxDelayMs: 4000, jitter: 'none', respectRetryAfter: true, ...o,
});

describe('computeBackoff', () => {
  test.each([
    // backoff, jitter, retry, draw, expected ms
    ['fixed', 'none', 1, 0.5, 250],
    ['fixed', 'none', 4, 0.5, 250],
    ['exponential', 'none', 1, 0.5, 250],
    ['exponential', 'none', 2, 0.5, 500],
    ['exponential', 'none', 3, 0.5, 1000],
    ['exponential', 'none', 4, 0.5, 2000],
    ['exponential', 'none', 5, 0.5, 4000],
    ['exponential', 'none', 6, 0.5, 4000], // capped at max_delay
    ['exponential', 'none', 30, 0.5, 4000],
    // full jitter: uniform in [0, capped)
    ['exponential', 'full', 3, 0, 0],
    ['exponential', 'full', 3, 0.5, 500],
    ['exponential', 'full', 3, 0.999, 999],
    ['exponential', 'full', 9, 0.25, 1000], // 0.25 × cap
    ['fixed', 'full', 2, 0.5, 125],
    // equal jitter: capped/2 + uniform in [0, capped/2)
    ['exponential', 'equal', 3, 0, 500],
    ['exponential', 'equal', 3, 0.5, 750],
    ['exponential', 'equal', 3, 0.999, 1000], // 999.5 rounds to 1000
    ['exponential', 'equal', 9, 0, 2000],
    ['fixed', 'equal', 1, 0.5, 188], // 125 + 62.5 = 187.5 → 188
  ] as const)('%s backoff, %s jitter, retry %i, draw %f → %i ms', (backoff, jitter, retry, draw, expected) => {
    expect(computeBackoff(policy({ backoff, jitter }), retry, draw)).toBe(expected);
  });

  test('full and equal jitter stay inside their ranges for any draw', () => {
    for (let retry = 1; retry <= 8; retry++) {
      const cap = Math.min(4000, 250 * 2 ** (retry - 1));
      for (let i = 0; i < 100; i++) {
        const draw = i / 100;
        const full = computeBackoff(policy({ jitter: 'full' }), retry, draw);
        const equal = computeBackoff(policy({ jitter: 'equal' }), retry, draw);
        expect(full).toBeGreaterThanOrEqual(0);
        expect(full).toBeLessThanOrEqual(cap);
        expect(equal).toBeGreaterThanOrEqual(cap / 2);
        expect(equal).toBeLessThanOrEqual(cap);
      }
    }
  });

  describe('Retry-After', () => {
    test('wins over a shorter own delay', () => {
      expect(computeBackoff(policy({ maxDelayMs: 8000 }), 1, 0.5, 20_000)).toBe(20_000);
    });
    test('is capped at 4 × max_delay', () => {
      expect(computeBackoff(policy({ maxDelayMs: 8000 }), 1, 0.5, 60_000)).toBe(32_000);
      expect(computeBackoff(policy({ maxDelayMs: 8000 }), 1, 0.5, 32_001)).toBe(32_000);
    });
    test('never shortens our own delay', () => {
      expect(computeBackoff(policy(), 5, 0.5, 100)).toBe(4000);
    });
    test('applies after jitter (a full-jitter draw of 0 still waits Retry-After)', () => {
      expect(computeBackoff(policy({ jitter: 'full' }), 1, 0, 3000)).toBe(3000);
    });
    test('is ignored when respect_retry_after is off', () => {
      expect(computeBackoff(policy({ respectRetryAfter: false }), 1, 0.5, 20_000)).toBe(250);
    });
  });
});
