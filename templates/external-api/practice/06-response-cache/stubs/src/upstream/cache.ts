/**
 * Exercise 06 "response-cache" — .practice/exercises/06-response-cache.md
 *
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
 *
 * For now nothing is cached: every request asks the upstream (the app says so in one warning line
 * when it starts). Keep the exported names, the constructor and `getOrLoad`'s signature.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { CacheStore } from './cache-store.js';

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
  constructor(
    private readonly store: CacheStore,
    private readonly log: FastifyBaseLogger,
    private readonly now: () => number = Date.now,
  ) {
    void this.store;
    void this.now;
    this.log.warn('Exercise 06 "response-cache" is not done yet: nothing is cached, every request asks the provider');
  }

  /** The cached answer for `key` under `policy`, or `load()`'s (stored for next time). */
  async getOrLoad<T>(_key: string, _policy: CachePolicy, load: () => Promise<T>): Promise<Cached<T>> {
    return { value: await load(), cached: false, stale: false };
  }
}
