/**
 * Exercise 07 "single-flight" — .practice/exercises/07-single-flight.md
 *
 * Single-flight: while a call for a key is in progress, callers asking for the same key wait for
 * that call instead of starting their own, so a popular city whose cache entry just expired costs
 * one upstream call, not one per concurrent request.
 *
 * For now every caller runs its own work. Keep the exported class and `run`'s signature: the
 * response cache uses it.
 */
export class SingleFlight {
  run<T>(_key: string, work: () => Promise<T>): Promise<T> {
    return work();
  }
}
