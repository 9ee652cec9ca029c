/** Exponential backoff with full jitter (AWS Architecture Blog's "full jitter"), capped. */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 8_000 };

/** The longest wait a Retry-After gets: a service asking for more is asked again after this long. */
const MAX_RETRY_AFTER_MS = 60_000;

/**
 * The delay before retry number `attempt` (1-based). A server's Retry-After is a floor, not a hint,
 * so it is not capped by the policy; jitter keeps clients that were refused together from returning
 * together.
 */
export function backoffDelayMs(policy: RetryPolicy, attempt: number, random: () => number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return Math.min(MAX_RETRY_AFTER_MS, retryAfterMs) + Math.floor(random() * policy.baseDelayMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfterMs(header: string | undefined, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
