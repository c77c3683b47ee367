/**
 * Where cached upstream answers live: in this process's memory by default, in Redis when
 * `REDIS_URL` is set (shared by every instance, and surviving a restart of the app). Both sit
 * behind one small interface, so the caching policy (cache.ts) does not know which one it has.
 *
 * An entry remembers when it was stored; whether it is fresh or stale is the policy's business.
 * The store only has to keep it for `keepForMs` (the TTL plus the stale-if-error window).
 */
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';

export interface CacheEntry<T = unknown> {
  value: T;
  /** epoch milliseconds */
  storedAt: number;
}

export interface CacheStore {
  get(key: string): Promise<CacheEntry | undefined>;
  set(key: string, entry: CacheEntry, keepForMs: number): Promise<void>;
}

/**
 * A bounded LRU: memory stays flat however many cities people ask for, and the least recently
 * used entries go first. `lru-cache` is the library npm itself uses (well kept, no
 * dependencies, per-entry TTLs); writing a correct LRU with expiry by hand is not the lesson here.
 */
export class MemoryCacheStore implements CacheStore {
  private readonly entries: LRUCache<string, CacheEntry>;

  constructor(maxEntries: number) {
    this.entries = new LRUCache({ max: maxEntries });
  }

  async get(key: string) {
    return this.entries.get(key);
  }

  async set(key: string, entry: CacheEntry, keepForMs: number) {
    this.entries.set(key, entry, { ttl: keepForMs });
  }
}

/**
 * Entries as JSON strings with an expiry (`SET … PX`), so Redis drops them by itself. Redis
 * bounds its own memory with `maxmemory` and an eviction policy (e.g. `allkeys-lru`).
 */
export class RedisCacheStore implements CacheStore {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix = 'weather-cache:',
  ) {}

  async get(key: string) {
    this.mustBeConnected();
    const json = await this.redis.get(this.keyPrefix + key);
    return json === null ? undefined : (JSON.parse(json) as CacheEntry);
  }

  async set(key: string, entry: CacheEntry, keepForMs: number) {
    this.mustBeConnected();
    await this.redis.set(this.keyPrefix + key, JSON.stringify(entry), 'PX', Math.max(1, Math.ceil(keepForMs)));
  }

  /**
   * While Redis is down, fail at once (the cache treats it as a miss) instead of queueing the
   * command until ioredis gives up reconnecting, which would hold every request for seconds.
   */
  private mustBeConnected() {
    if (this.redis.status !== 'ready') throw new Error(`Redis connection is ${this.redis.status}`);
  }
}
