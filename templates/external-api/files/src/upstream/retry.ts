/**
 * Retries with exponential backoff and full jitter (AWS Architecture Blog, "Exponential Backoff
 * and Jitter"): wait a random time between 0 and `base * 2^attempt` (capped), so clients that
 * failed together do not retry together and hit a recovering upstream in synchronized waves.
 * When the upstream says how long to wait (`Retry-After`, RFC 9110 §10.2.3), that wins, up to a
 * cap: we never keep our own client waiting longer than that, nor past the deadline.
 *
 * Only the caller knows whether a call is safe to repeat: use this for idempotent requests (GET).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Deadline } from './deadline.js';
import { UpstreamError } from './upstream-error.js';

export interface RetryPolicy {
  /** attempts in total, the first one included */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** the longest `Retry-After` we honour; a longer one ends the retries at once */
  retryAfterMaxMs: number;
}

export async function withRetries<T>(
  policy: RetryPolicy,
  deadline: Deadline,
  attempt: (attemptNumber: number) => Promise<T>,
  onRetry: (error: UpstreamError, delayMs: number, attemptNumber: number) => void = () => {},
  random: () => number = Math.random,
): Promise<T> {
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      if (!(error instanceof UpstreamError) || !error.isTransient || deadline.expired) throw error;
      if (attemptNumber >= policy.maxAttempts) throw error;
      if (error.retryAfterMs !== undefined && error.retryAfterMs > policy.retryAfterMaxMs) throw error;

      const delayMs = error.retryAfterMs ?? backoffDelay(policy, attemptNumber, random);
      // Waiting past the deadline would only turn this error into a timeout.
      if (delayMs >= deadline.remainingMs()) throw error;
      onRetry(error, delayMs, attemptNumber);
      await sleep(delayMs, undefined, { signal: deadline.signal }).catch(() => {
        throw error;
      });
    }
  }
}

/** Full jitter: uniformly random in [0, min(maxDelay, base * 2^(attempt - 1))). */
export function backoffDelay(policy: RetryPolicy, attemptNumber: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attemptNumber - 1));
  return Math.floor(random() * ceiling);
}

/**
 * `Retry-After` is either a number of seconds or an HTTP date (RFC 9110 §10.2.3). Anything else,
 * or a date in the past, means "no instruction": undefined, and the backoff decides.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // HTTP dates name the day and month ("Wed, 21 Oct 2015 07:28:00 GMT"); `Date.parse` alone
  // would also accept "-1" as a year.
  const date = /[a-z]/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
