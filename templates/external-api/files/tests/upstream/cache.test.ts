/** The caching policy on its own: what a broken cache store does to requests (nothing bad). */
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { ResponseCache } from '../../src/upstream/cache.js';
import type { CacheStore } from '../../src/upstream/cache-store.js';

// The logger of an app without logging: the cache logs what it swallows, the test need not see it.
const silent = Fastify({ logger: false }).log;
const policy = { ttlSeconds: 60, staleIfErrorSeconds: 60 };

describe('response cache', () => {
  it('treats a failing store (Redis down) as a miss and still answers', async () => {
    const broken: CacheStore = {
      get: async () => {
        throw new Error('ECONNREFUSED');
      },
      set: async () => {
        throw new Error('ECONNREFUSED');
      },
    };
    const cache = new ResponseCache(broken, silent);
    await expect(cache.getOrLoad('key', policy, async () => 42)).resolves.toEqual({
      value: 42,
      cached: false,
      stale: false,
    });
  });

  it('expires entries after their TTL', async () => {
    let now = 0;
    const entries = new Map<string, { value: unknown; storedAt: number }>();
    const store: CacheStore = {
      get: async (key) => entries.get(key),
      set: async (key, entry) => {
        entries.set(key, entry);
      },
    };
    const cache = new ResponseCache(store, silent, () => now);
    let loads = 0;
    const load = async () => ++loads;
    await cache.getOrLoad('key', policy, load);
    now += 59_000;
    expect(await cache.getOrLoad('key', policy, load)).toEqual({ value: 1, cached: true, stale: false });
    now += 2_000;
    expect(await cache.getOrLoad('key', policy, load)).toEqual({ value: 2, cached: false, stale: false });
  });
});
