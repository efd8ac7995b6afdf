/**
 * A per-provider circuit breaker: after `failureThreshold` consecutive failures it opens for
 * `cooldownMs`; then one trial call is let through (half-open) and its result closes or reopens it.
 */
export class CircuitBreaker {
  private consecutiveFailures = 0;
  private openUntil: number | undefined;
  /** A half-open trial call is in flight: everyone else waits for its result. */
  private trialInFlight = false;

  constructor(private readonly failureThreshold: number, private readonly cooldownMs: number) {}

  /** Can a call go through at `t`? (Pure check: does not claim the half-open trial.) */
  allows(t: number): boolean {
    return this.openUntil === undefined || (t >= this.openUntil && !this.trialInFlight);
  }

  /**
   * Claim the right to call at `t`: always when closed; when half-open, only the first caller gets
   * the single trial, and the breaker stays shut for everyone else until that trial's result.
   */
  tryAcquire(t: number): boolean {
    if (this.openUntil === undefined) return true;
    if (t < this.openUntil || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  isOpen(t: number): boolean {
    return !this.allows(t);
  }

  /** Record a success; returns true when this closed an open (or half-open) breaker. */
  recordSuccess(): boolean {
    const wasOpen = this.openUntil !== undefined;
    this.consecutiveFailures = 0;
    this.openUntil = undefined;
    this.trialInFlight = false;
    return wasOpen;
  }

  /** Record a failure at `t`; returns true when this opened (or, after a failed half-open trial, re-opened) the breaker. */
  recordFailure(t: number): boolean {
    this.consecutiveFailures += 1;
    const halfOpenTrial = this.openUntil !== undefined && t >= this.openUntil;
    this.trialInFlight = false;
    if (halfOpenTrial || (this.openUntil === undefined && this.consecutiveFailures >= this.failureThreshold)) {
      this.openUntil = t + this.cooldownMs;
      return true;
    }
    return false;
  }
}
