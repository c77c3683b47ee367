/**
 * Exercise 02: the two time limits of an upstream call, on their own. A timeout per attempt
 * gives up on one slow answer; the deadline bounds everything one client request spends.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { Deadline } from '../../src/upstream/deadline.js';

describe('deadline', () => {
  it('is not expired at first, and counts down the time that remains', async () => {
    const started = performance.now();
    const deadline = new Deadline(5_000);
    expect(deadline.expired).toBe(false);
    const first = deadline.remainingMs();
    expect(first).toBeLessThanOrEqual(5_000);
    expect(first).toBeGreaterThanOrEqual(5_000 - (performance.now() - started) - 5);
    await sleep(120);
    const later = deadline.remainingMs();
    const elapsed = performance.now() - started;
    expect(later).toBeLessThanOrEqual(first - 100);
    // What remains is the deadline minus the time that passed (give or take the clock's rounding).
    expect(Math.abs(later - (5_000 - elapsed))).toBeLessThan(50);
  });

  it('expires when its time has passed: its signal aborts and nothing remains', async () => {
    const deadline = new Deadline(80);
    await sleep(200);
    expect(deadline.expired).toBe(true);
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.remainingMs()).toBe(0);
  });

  it('an attempt is abandoned after its own timeout, well before the deadline', async () => {
    const deadline = new Deadline(5_000);
    const attempt = deadline.attemptSignal(80);
    expect(attempt.aborted).toBe(false);
    await sleep(200);
    expect(attempt.aborted).toBe(true);
    // One slow attempt does not end the request: the next attempt has time again.
    expect(deadline.expired).toBe(false);
    expect(deadline.attemptSignal(80).aborted).toBe(false);
  });

  it('an attempt started near the deadline ends at the deadline, not after its full timeout', async () => {
    const deadline = new Deadline(150);
    const attempt = deadline.attemptSignal(5_000);
    await sleep(300);
    expect(attempt.aborted).toBe(true);
  });

  it('an attempt started after the deadline is aborted at once', async () => {
    const deadline = new Deadline(50);
    await sleep(150);
    expect(deadline.attemptSignal(5_000).aborted).toBe(true);
  });

  it('each attempt gets a timeout of its own', async () => {
    const deadline = new Deadline(10_000);
    const first = deadline.attemptSignal(100);
    await sleep(200);
    const second = deadline.attemptSignal(3_000);
    expect(first.aborted).toBe(true);
    expect(second.aborted).toBe(false);
  });
});
