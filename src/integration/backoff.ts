/** Retry delays: fixed or exponential, capped, with none/full/equal jitter (AWS architecture blog terms). */
import type { RetryModel } from '../scenario/model.js';

/** Delay before retry number `retry` (1-based). `jitter` is a uniform [0,1) draw. */
export function computeBackoff(policy: RetryModel, retry: number, jitter: number, retryAfterMs?: number): number {
  const exp = policy.backoff === 'fixed' ? policy.baseDelayMs : policy.baseDelayMs * 2 ** (retry - 1);
  const capped = Math.min(policy.maxDelayMs, exp);
  let delay: number;
  switch (policy.jitter) {
    case 'none':
      delay = capped;
      break;
    case 'full':
      delay = capped * jitter;
      break;
    case 'equal':
      delay = capped / 2 + (capped / 2) * jitter;
      break;
  }
  if (policy.respectRetryAfter && retryAfterMs !== undefined) {
    // A server's Retry-After wins over our own schedule, within reason (4× our cap).
    delay = Math.max(delay, Math.min(retryAfterMs, policy.maxDelayMs * 4));
  }
  return Math.round(delay);
}
