/**
 * Exercise 04: retries on their own. Backoff with full jitter, `Retry-After` (RFC 9110 §10.2.3)
 * honoured up to a cap, and only failures a retry can fix are retried. The waits are read through
 * `withRetries`' `onRetry` (called with each wait before it happens) and made short, so the tests
 * take milliseconds; `random` is the seam for the jitter.
 */
import { describe, expect, it } from 'vitest';
import { Deadline } from '../../src/upstream/deadline.js';
import { backoffDelay, parseRetryAfter, withRetries } from '../../src/upstream/retry.js';
import { UpstreamError } from '../../src/upstream/upstream-error.js';

const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000, retryAfterMaxMs: 3000 };

describe('backoff with full jitter', () => {
  it('waits anywhere between 0 and base × 2^(attempt-1)', () => {
    expect(backoffDelay(policy, 1, () => 0)).toBe(0);
    expect(backoffDelay(policy, 1, () => 0.5)).toBe(50);
    expect(backoffDelay(policy, 1, () => 0.999)).toBe(99);
    expect(backoffDelay(policy, 2, () => 0.999)).toBe(199);
    expect(backoffDelay(policy, 3, () => 0.999)).toBe(399);
    expect(backoffDelay(policy, 3, () => 0)).toBe(0);
  });

  it('never waits longer than the maximum delay', () => {
    expect(backoffDelay(policy, 10, () => 0.999)).toBe(999);
    expect(backoffDelay(policy, 60, () => 0.999)).toBe(999);
  });

  it('spreads the waits of clients that failed together over the whole range', () => {
    const delays = Array.from({ length: 200 }, () => backoffDelay(policy, 4));
    expect(new Set(delays).size).toBeGreaterThan(50);
    expect(Math.min(...delays)).toBeLessThan(200);
    expect(Math.max(...delays)).toBeGreaterThan(600);
    expect(Math.max(...delays)).toBeLessThan(800);
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2025-01-01T12:00:00Z');

  it('reads seconds', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP date as the time until then', () => {
    expect(parseRetryAfter('Wed, 01 Jan 2025 12:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 11:00:00 GMT', now)).toBe(0);
  });

  it('ignores a missing or unreadable value', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-1', now)).toBeUndefined();
    expect(parseRetryAfter('1.5', now)).toBeUndefined();
    expect(parseRetryAfter('2025', now)).toBe(2_025_000);
  });
});

describe('withRetries', () => {
  const fast = { maxAttempts: 4, baseDelayMs: 8, maxDelayMs: 40, retryAfterMaxMs: 500 };
  const failure = (kind: UpstreamError['failure'], retryAfterMs?: number) =>
    new UpstreamError('test', kind, 'a test failure', retryAfterMs);

  /** Runs withRetries over a scripted list of outcomes; returns what happened. */
  async function script(
    outcomes: (Error | 'ok')[],
    options: { deadlineMs?: number; random?: () => number; policy?: typeof fast } = {},
  ) {
    const waits: number[] = [];
    let attempts = 0;
    const started = performance.now();
    const result = await withRetries(
      options.policy ?? fast,
      new Deadline(options.deadlineMs ?? 5_000),
      async () => {
        const outcome = outcomes[attempts++] ?? 'ok';
        if (outcome === 'ok') return 'answer';
        throw outcome;
      },
      (_error, delayMs) => waits.push(delayMs),
      options.random ?? (() => 0.999),
    ).catch((error: unknown) => error);
    return { result, attempts, waits, ms: performance.now() - started };
  }

  it('retries transient failures with exponentially growing, jittered waits', async () => {
    const { result, attempts, waits } = await script([failure('server-error'), failure('timeout'), failure('network')]);
    expect(result).toBe('answer');
    expect(attempts).toBe(4);
    expect(waits).toEqual([7, 15, 31]);
  });

  it('takes the wait from the random source (full jitter), not a fixed schedule', async () => {
    const { waits } = await script([failure('server-error'), failure('server-error')], { random: () => 0 });
    expect(waits).toEqual([0, 0]);
  });

  it('gives up after maxAttempts, with the last failure', async () => {
    const last = failure('server-error');
    const { result, attempts } = await script([
      failure('server-error'),
      failure('server-error'),
      failure('server-error'),
      last,
    ]);
    expect(result).toBe(last);
    expect(attempts).toBe(4);
  });

  it('does not retry what a retry cannot fix: a refusal (4xx) or an answer we cannot use', async () => {
    for (const kind of ['rejected', 'invalid-response'] as const) {
      const error = failure(kind);
      const { result, attempts } = await script([error]);
      expect(result, kind).toBe(error);
      expect(attempts, kind).toBe(1);
    }
  });

  it('does not retry errors that are not upstream failures (a bug is not transient)', async () => {
    const bug = new TypeError('x is undefined');
    const { result, attempts } = await script([bug]);
    expect(result).toBe(bug);
    expect(attempts).toBe(1);
  });

  it('waits as long as Retry-After says instead of its own backoff', async () => {
    const { result, waits, ms } = await script([failure('rate-limited', 120)]);
    expect(result).toBe('answer');
    expect(waits).toEqual([120]);
    expect(ms).toBeGreaterThanOrEqual(110);
  });

  it('gives up at once when Retry-After is longer than retryAfterMaxMs', async () => {
    const tooLong = failure('rate-limited', 600);
    const { result, attempts, ms } = await script([tooLong]);
    expect(result).toBe(tooLong);
    expect(attempts).toBe(1);
    expect(ms).toBeLessThan(500);
  });

  it('gives up at once when the wait would outlast the deadline', async () => {
    const error = failure('rate-limited', 1_500);
    const patient = { ...fast, retryAfterMaxMs: 5_000 };
    const { result, attempts, ms } = await script([error], { deadlineMs: 1_000, policy: patient });
    expect(result).toBe(error);
    expect(attempts).toBe(1);
    // Waiting would have ended at the deadline, a second from now, with the same failure.
    expect(ms).toBeLessThan(500);
  });
});
