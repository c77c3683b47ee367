/**
 * Exercise 07: single-flight on its own. Concurrent calls for one key share one piece of work;
 * other keys do not wait for it; once it settles (either way), the next call starts afresh.
 */
import { describe, expect, it } from 'vitest';
import { SingleFlight } from '../../src/upstream/single-flight.js';

/** Work the test finishes by hand, counting how often it was started. */
function manualWork<T>() {
  let started = 0;
  const pending: { resolve: (value: T) => void; reject: (error: Error) => void }[] = [];
  const work = () => {
    started++;
    return new Promise<T>((resolve, reject) => pending.push({ resolve, reject }));
  };
  return { work, started: () => started, pending };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('single-flight', () => {
  it('concurrent calls for one key start the work once and all get its result', async () => {
    const flights = new SingleFlight();
    const { work, started, pending } = manualWork<string>();
    const calls = Array.from({ length: 50 }, () => flights.run('berlin', work));
    expect(started()).toBe(1);
    pending[0]?.resolve('sunny');
    expect(await Promise.all(calls)).toEqual(Array(50).fill('sunny'));
  });

  it('concurrent calls for one key all get its error, from one attempt', async () => {
    const flights = new SingleFlight();
    const { work, started, pending } = manualWork<string>();
    const calls = Array.from({ length: 5 }, () => flights.run('berlin', work).catch((error: Error) => error.message));
    // Checked before waiting: work started five times would leave four calls that never settle.
    expect(started()).toBe(1);
    pending[0]?.reject(new Error('provider down'));
    expect(await Promise.all(calls)).toEqual(Array(5).fill('provider down'));
    expect(started()).toBe(1);
  });

  it('different keys do not share: each runs its own work at the same time', async () => {
    const flights = new SingleFlight();
    const { work, started, pending } = manualWork<string>();
    const berlin = flights.run('berlin', work);
    const tokyo = flights.run('tokyo', work);
    expect(started()).toBe(2);
    pending[1]?.resolve('tokyo weather');
    pending[0]?.resolve('berlin weather');
    expect(await Promise.all([berlin, tokyo])).toEqual(['berlin weather', 'tokyo weather']);
  });

  it('once the work has succeeded, the next call for the key starts new work (it is no cache)', async () => {
    const flights = new SingleFlight();
    const { work, started, pending } = manualWork<string>();
    const first = flights.run('berlin', work);
    pending[0]?.resolve('old');
    await first;
    await settle();
    const second = flights.run('berlin', work);
    expect(started()).toBe(2);
    pending[1]?.resolve('new');
    expect(await second).toBe('new');
  });

  it('once the work has failed, the next call for the key tries again', async () => {
    const flights = new SingleFlight();
    const { work, started, pending } = manualWork<string>();
    const first = flights.run('berlin', work).catch(() => 'failed');
    pending[0]?.reject(new Error('provider down'));
    expect(await first).toBe('failed');
    await settle();
    const second = flights.run('berlin', work);
    expect(started()).toBe(2);
    pending[1]?.resolve('recovered');
    expect(await second).toBe('recovered');
  });

  it('a call arriving while the work runs joins it; one arriving after it settled does not', async () => {
    const flights = new SingleFlight();
    const { work, started, pending } = manualWork<number>();
    const a = flights.run('k', work);
    await settle();
    const b = flights.run('k', work); // joins: the work is still running
    expect(started()).toBe(1);
    pending[0]?.resolve(1);
    expect(await Promise.all([a, b])).toEqual([1, 1]);
    await settle();
    const c = flights.run('k', work);
    expect(started()).toBe(2);
    pending[1]?.resolve(2);
    expect(await c).toBe(2);
  });
});
