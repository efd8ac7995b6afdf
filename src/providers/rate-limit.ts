/**
 * A provider's rate limit as the provider enforces it: a fixed window per provider. Shared by the
 * sim transport and the MSW mocks, so a 429 arrives on the same call in both modes.
 */
import type { Provider } from '../scenario/model.js';

export class RateLimitWindows {
  private readonly windows = new Map<string, { windowStart: number; count: number }>();

  /** Counts the call and returns undefined, or returns the Retry-After in ms when the window is exhausted. */
  admit(provider: Provider, t: number): number | undefined {
    const rl = provider.rateLimit;
    if (rl === undefined) return undefined;
    const windowStart = Math.floor(t / rl.perMs) * rl.perMs;
    let w = this.windows.get(provider.id);
    if (w === undefined || w.windowStart !== windowStart) {
      w = { windowStart, count: 0 };
      this.windows.set(provider.id, w);
    }
    if (w.count >= rl.requests) return rl.retryAfterMs > 0 ? rl.retryAfterMs : windowStart + rl.perMs - t;
    w.count += 1;
    return undefined;
  }

  /** Calls counted in the provider's current window (e.g. Binance's X-MBX-USED-WEIGHT-1M). */
  used(providerId: string): number {
    return this.windows.get(providerId)?.count ?? 0;
  }
}
