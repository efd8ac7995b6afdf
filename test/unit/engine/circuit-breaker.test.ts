import { describe, expect, test } from 'vitest';
import { CircuitBreaker } from '../../../src/integration/circuit-breaker.js';

const T = 1_000_000;

describe('CircuitBreaker', () => {
  test('closed: failures below the threshold keep it closed', () => {
    const b = new CircuitBreaker(3, 30_000);
    expect(b.recordFailure(T)).toBe(false);
    expect(b.recordFailure(T + 1)).toBe(false);
    expect(b.allows(T + 2)).toBe(true);
    expect(b.isOpen(T + 2)).toBe(false);
  });

  test('closed → open on the Nth consecutive failure, for exactly the cooldown', () => {
    const b = new CircuitBreaker(3, 30_000);
    b.recordFailure(T);
    b.recordFailure(T + 1);
    expect(b.recordFailure(T + 2)).toBe(true); // this one opened it
    expect(b.allows(T + 2)).toBe(false);
    expect(b.isOpen(T + 30_001)).toBe(true);
    expect(b.allows(T + 30_002)).toBe(true); // cooldown over: half-open
  });

  test('a success resets the consecutive count', () => {
    const b = new CircuitBreaker(3, 30_000);
    b.recordFailure(T);
    b.recordFailure(T);
    expect(b.recordSuccess()).toBe(false); // it was not open
    b.recordFailure(T);
    expect(b.recordFailure(T)).toBe(false);
    expect(b.allows(T)).toBe(true);
  });

  test('half-open trial succeeds → closed (recordSuccess reports the close)', () => {
    const b = new CircuitBreaker(2, 1000);
    b.recordFailure(T);
    b.recordFailure(T);
    expect(b.allows(T + 1000)).toBe(true);
    expect(b.recordSuccess()).toBe(true);
    expect(b.allows(T + 1000)).toBe(true);
    // Fully closed again: it takes the full threshold to reopen.
    expect(b.recordFailure(T + 1001)).toBe(false);
    expect(b.allows(T + 1001)).toBe(true);
  });

  test('half-open trial fails → reopens (reported) for another cooldown from the trial', () => {
    const b = new CircuitBreaker(2, 1000);
    b.recordFailure(T);
    expect(b.recordFailure(T)).toBe(true);
    const trial = T + 1500;
    expect(b.allows(trial)).toBe(true);
    expect(b.recordFailure(trial)).toBe(true);
    expect(b.allows(trial)).toBe(false);
    expect(b.allows(trial + 999)).toBe(false);
    expect(b.allows(trial + 1000)).toBe(true);
  });

  test('a late failure while open (an in-flight call) neither reports nor extends the opening', () => {
    const b = new CircuitBreaker(2, 1000);
    b.recordFailure(T);
    expect(b.recordFailure(T)).toBe(true);
    expect(b.recordFailure(T + 10)).toBe(false);
    expect(b.isOpen(T + 999)).toBe(true);
    expect(b.allows(T + 1000)).toBe(true);
  });
});
