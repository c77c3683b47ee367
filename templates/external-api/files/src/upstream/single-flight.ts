/**
 * Single-flight (the name comes from Go's `golang.org/x/sync/singleflight`): while a call for a
 * key is in progress, callers asking for the same key wait for that call instead of starting
 * their own. A popular city whose cache entry just expired costs one upstream call, not one per
 * concurrent request (a "cache stampede" or "thundering herd").
 *
 * In-process only: with several instances, each makes at most one call per key at a time. A
 * distributed lock in Redis would bring that to one overall, at the price of a lock to get right.
 */
export class SingleFlight {
  private readonly inFlight = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const existing = this.inFlight.get(key);
    if (existing) return existing as Promise<T>;
    const call = work().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, call);
    return call;
  }
}
