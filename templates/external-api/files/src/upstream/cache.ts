/**
 * The caching policy in front of the upstream, per kind of answer:
 * - **fresh** (younger than its TTL): served from the cache, no upstream call;
 * - **expired**: loaded again, with concurrent misses for one key coalesced into one call
 *   (single-flight);
 * - **stale-if-error** (RFC 5861): when loading fails and the entry is expired by less than the
 *   stale window, the old answer is served, marked `stale`, instead of an error. Weather from
 *   twenty minutes ago beats a 503 for most clients; the flag lets the others decide.
 *
 * A cache that fails (Redis down) must not take the service down with it: its errors are
 * logged and treated as a miss.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { CacheStore } from './cache-store.js';
import { SingleFlight } from './single-flight.js';
import { UpstreamError } from './upstream-error.js';

export interface CachePolicy {
  ttlSeconds: number;
  staleIfErrorSeconds: number;
  /**
   * For answers that say "nothing found" (`null`): kept this long instead, and never served
   * stale. A miss can be the provider's bad moment, or a name it learns tomorrow; remembering
   * it for as long as a found place would keep answering 404 long after the provider recovered.
   */
  missTtlSeconds?: number;
}

export interface Cached<T> {
  value: T;
  /** answered from the cache, without an upstream call */
  cached: boolean;
  /** the upstream failed and this is an expired answer (see `CACHE_STALE_IF_ERROR_SECONDS`) */
  stale: boolean;
}

export class ResponseCache {
  private readonly flights = new SingleFlight();

  constructor(
    private readonly store: CacheStore,
    private readonly log: FastifyBaseLogger,
    private readonly now: () => number = Date.now,
  ) {}

  async getOrLoad<T>(key: string, policy: CachePolicy, load: () => Promise<T>): Promise<Cached<T>> {
    const entry = await this.read<T>(key);
    if (entry && this.isFresh(entry, policy)) return { value: entry.value, cached: true, stale: false };

    try {
      return await this.flights.run(key, async () => {
        // Another request may have stored the answer while this one was reading the cache.
        const latest = await this.read<T>(key);
        if (latest && this.isFresh(latest, policy)) {
          return { value: latest.value, cached: true, stale: false };
        }
        const value = await load();
        await this.write(key, value, policy);
        return { value, cached: false, stale: false };
      });
    } catch (error) {
      const usableUntil = (policy.ttlSeconds + policy.staleIfErrorSeconds) * 1000;
      if (error instanceof UpstreamError && entry && !isMiss(entry.value, policy) && this.ageMs(entry) < usableUntil) {
        this.log.warn({ key, failure: error.failure }, 'upstream failed: serving a stale cache entry');
        return { value: entry.value, cached: true, stale: true };
      }
      throw error;
    }
  }

  private ageMs(entry: { storedAt: number }) {
    return this.now() - entry.storedAt;
  }

  private isFresh(entry: { value: unknown; storedAt: number }, policy: CachePolicy) {
    const ttlSeconds = isMiss(entry.value, policy) ? (policy.missTtlSeconds ?? 0) : policy.ttlSeconds;
    return this.ageMs(entry) < ttlSeconds * 1000;
  }

  private async read<T>(key: string) {
    try {
      return (await this.store.get(key)) as { value: T; storedAt: number } | undefined;
    } catch (error) {
      this.log.error({ err: error, key }, 'cache read failed: treating it as a miss');
      return undefined;
    }
  }

  private async write(key: string, value: unknown, policy: CachePolicy) {
    const keepForMs = isMiss(value, policy)
      ? (policy.missTtlSeconds ?? 0) * 1000
      : (policy.ttlSeconds + policy.staleIfErrorSeconds) * 1000;
    if (keepForMs <= 0) return;
    try {
      await this.store.set(key, { value, storedAt: this.now() }, keepForMs);
    } catch (error) {
      this.log.error({ err: error, key }, 'cache write failed: the answer is served but not cached');
    }
  }
}

/** A "nothing found" answer, under a policy that keeps those briefly. */
const isMiss = (value: unknown, policy: CachePolicy) => value === null && policy.missTtlSeconds !== undefined;
