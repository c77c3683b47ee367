/** Backoff with full jitter, and reading `Retry-After` (RFC 9110 §10.2.3). */
import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from '../../src/upstream/retry.js';

const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000, retryAfterMaxMs: 3000 };

describe('backoff with full jitter', () => {
  it('waits anywhere between 0 and base × 2^(attempt-1)', () => {
    expect(backoffDelay(policy, 1, () => 0)).toBe(0);
    expect(backoffDelay(policy, 1, () => 0.999)).toBe(99);
    expect(backoffDelay(policy, 3, () => 0.999)).toBe(399);
  });

  it('never waits longer than the maximum delay', () => {
    expect(backoffDelay(policy, 10, () => 0.999)).toBe(999);
  });

  it('spreads the waits of clients that failed together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(policy, 4)));
    expect(delays.size).toBeGreaterThan(10);
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2025-01-01T12:00:00Z');

  it('reads seconds', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP date as the time until then', () => {
    expect(parseRetryAfter('Wed, 01 Jan 2025 12:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 11:00:00 GMT', now)).toBe(0);
  });

  it('ignores a missing or unreadable value', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-1', now)).toBeUndefined();
  });
});
