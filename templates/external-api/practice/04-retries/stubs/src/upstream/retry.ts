/**
 * Exercise 04 "retries" — .practice/exercises/04-retries.md
 *
 * Retries with exponential backoff and full jitter, honouring `Retry-After` (RFC 9110 §10.2.3)
 * up to a cap, never past the deadline, and only for failures a retry can fix.
 *
 * For now `withRetries` makes one attempt and never retries, and `parseRetryAfter` reads nothing
 * (a 429's own wait is not passed on to our client). Keep the exported names and signatures: the
 * upstream client calls them.
 */
import { HttpProblem } from '../http/problem.js';
import type { Deadline } from './deadline.js';
import type { UpstreamError } from './upstream-error.js';

export interface RetryPolicy {
  /** attempts in total, the first one included */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** the longest `Retry-After` we honour; a longer one ends the retries at once */
  retryAfterMaxMs: number;
}

const notDone = () =>
  new HttpProblem(501, 'Exercise 04 "retries" is not done yet: open src/upstream/retry.ts', {
    title: 'Not Implemented',
  });

/**
 * Runs `attempt` (numbered from 1) until it succeeds, or retrying is pointless, allowed no more,
 * or past the deadline; calls `onRetry` with each failure and the wait before the next attempt.
 */
export async function withRetries<T>(
  _policy: RetryPolicy,
  _deadline: Deadline,
  attempt: (attemptNumber: number) => Promise<T>,
  _onRetry: (error: UpstreamError, delayMs: number, attemptNumber: number) => void = () => {},
  _random: () => number = Math.random,
): Promise<T> {
  return attempt(1);
}

/** Full jitter: uniformly random in [0, min(maxDelay, base * 2^(attempt - 1))). */
export function backoffDelay(
  _policy: RetryPolicy,
  _attemptNumber: number,
  _random: () => number = Math.random,
): number {
  throw notDone();
}

/**
 * `Retry-After` is either a number of seconds or an HTTP date (RFC 9110 §10.2.3). Anything else,
 * or a date in the past, means "no instruction": undefined, and the backoff decides.
 */
export function parseRetryAfter(_value: string | null, _now: number = Date.now()): number | undefined {
  return undefined;
}
