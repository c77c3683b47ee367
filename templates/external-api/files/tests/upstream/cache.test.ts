/**
 * Exercise 06: the caching policy on its own, with a clock the test moves by hand (the `now`
 * argument) and an in-memory store: TTLs, brief misses, stale-if-error (RFC 5861), and a broken
 * store that costs nothing but the cache.
 */
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { ResponseCache } from '../../src/upstream/cache.js';
import type { CacheEntry, CacheStore } from '../../src/upstream/cache-store.js';
import { UpstreamError } from '../../src/upstream/upstream-error.js';

// The logger of an app without logging: the cache logs what it swallows, the test need not see it.
const silent = Fastify({ logger: false }).log;
const policy = { ttlSeconds: 60, staleIfErrorSeconds: 120 };

function setUp() {
  let now = 1_000_000;
  const entries = new Map<string, { entry: CacheEntry; keepForMs: number }>();
  const store: CacheStore = {
    get: async (key) => entries.get(key)?.entry,
    set: async (key, entry, keepForMs) => {
      entries.set(key, { entry, keepForMs });
    },
  };
  const cache = new ResponseCache(store, silent, () => now);
  let loads = 0;
  const load = async () => `answer ${++loads}`;
  const failing = async (): Promise<string> => {
    loads++;
    throw new UpstreamError('test', 'server-error', 'down');
  };
  return { cache, entries, load, failing, loads: () => loads, advance: (ms: number) => (now += ms) };
}

describe('response cache', () => {
  it('a miss loads and stores; a fresh hit does not load', async () => {
    const { cache, load, loads } = setUp();
    expect(await cache.getOrLoad('key', policy, load)).toEqual({ value: 'answer 1', cached: false, stale: false });
    expect(await cache.getOrLoad('key', policy, load)).toEqual({ value: 'answer 1', cached: true, stale: false });
    expect(loads()).toBe(1);
  });

  it('keys are separate', async () => {
    const { cache, load } = setUp();
    await cache.getOrLoad('a', policy, load);
    expect(await cache.getOrLoad('b', policy, load)).toEqual({ value: 'answer 2', cached: false, stale: false });
  });

  it('expires entries after their TTL', async () => {
    const { cache, load, advance } = setUp();
    await cache.getOrLoad('key', policy, load);
    advance(59_000);
    expect(await cache.getOrLoad('key', policy, load)).toEqual({ value: 'answer 1', cached: true, stale: false });
    advance(2_000);
    expect(await cache.getOrLoad('key', policy, load)).toEqual({ value: 'answer 2', cached: false, stale: false });
  });

  it('each policy has its own TTL', async () => {
    const { cache, load, advance } = setUp();
    const short = { ttlSeconds: 5, staleIfErrorSeconds: 0 };
    const long = { ttlSeconds: 3600, staleIfErrorSeconds: 0 };
    await cache.getOrLoad('short', short, load);
    await cache.getOrLoad('long', long, load);
    advance(10_000);
    expect((await cache.getOrLoad('short', short, load)).cached).toBe(false);
    expect((await cache.getOrLoad('long', long, load)).cached).toBe(true);
  });

  it('a TTL of 0 stores the answer for stale-if-error, but never serves it fresh', async () => {
    const { cache, load } = setUp();
    const revalidate = { ttlSeconds: 0, staleIfErrorSeconds: 60 };
    await cache.getOrLoad('key', revalidate, load);
    expect(await cache.getOrLoad('key', revalidate, load)).toEqual({ value: 'answer 2', cached: false, stale: false });
  });

  it('asks the store to keep an entry for its TTL plus the stale window, not forever', async () => {
    const { cache, entries, load } = setUp();
    await cache.getOrLoad('key', policy, load);
    expect(entries.get('key')?.keepForMs).toBe((60 + 120) * 1000);
  });

  describe('stale-if-error', () => {
    it('serves the expired answer, marked stale, when loading fails within the stale window', async () => {
      const { cache, load, failing, advance } = setUp();
      await cache.getOrLoad('key', policy, load);
      advance(61_000);
      expect(await cache.getOrLoad('key', policy, failing)).toEqual({ value: 'answer 1', cached: true, stale: true });
      advance(100_000); // 161 s old: still inside 60 + 120
      expect(await cache.getOrLoad('key', policy, failing)).toEqual({ value: 'answer 1', cached: true, stale: true });
    });

    it('passes the error on beyond the stale window', async () => {
      const { cache, load, failing, advance } = setUp();
      await cache.getOrLoad('key', policy, load);
      advance(181_000);
      await expect(cache.getOrLoad('key', policy, failing)).rejects.toBeInstanceOf(UpstreamError);
    });

    it('passes the error on when there is nothing to serve', async () => {
      const { cache, failing } = setUp();
      await expect(cache.getOrLoad('key', policy, failing)).rejects.toBeInstanceOf(UpstreamError);
    });

    it('only covers the upstream failing: a bug in the loader is not hidden behind old data', async () => {
      const { cache, load, advance } = setUp();
      await cache.getOrLoad('key', policy, load);
      advance(61_000);
      const bug = new TypeError('x is undefined');
      await expect(
        cache.getOrLoad('key', policy, async () => {
          throw bug;
        }),
      ).rejects.toBe(bug);
    });

    it('a fresh answer after a stale one replaces it', async () => {
      const { cache, load, failing, advance } = setUp();
      await cache.getOrLoad('key', policy, load);
      advance(61_000);
      await cache.getOrLoad('key', policy, failing);
      expect(await cache.getOrLoad('key', policy, load)).toEqual({ value: 'answer 3', cached: false, stale: false });
      expect(await cache.getOrLoad('key', policy, load)).toEqual({ value: 'answer 3', cached: true, stale: false });
    });
  });

  describe('"nothing found" answers (null) under a policy with missTtlSeconds', () => {
    const places = { ttlSeconds: 3600, staleIfErrorSeconds: 3600, missTtlSeconds: 10 };

    it('are kept for missTtlSeconds, not for the TTL of a found answer', async () => {
      const { cache, entries, advance } = setUp();
      let loads = 0;
      const nothing = async () => {
        loads++;
        return null;
      };
      await cache.getOrLoad('miss', places, nothing);
      expect(await cache.getOrLoad('miss', places, nothing)).toEqual({ value: null, cached: true, stale: false });
      expect(loads).toBe(1);
      expect(entries.get('miss')?.keepForMs).toBe(10_000);
      advance(11_000);
      await cache.getOrLoad('miss', places, nothing);
      expect(loads).toBe(2);
    });

    it('are never served stale', async () => {
      const { cache, failing, advance } = setUp();
      await cache.getOrLoad('miss', places, async () => null);
      advance(11_000);
      await expect(cache.getOrLoad('miss', places, failing)).rejects.toBeInstanceOf(UpstreamError);
    });

    it('without missTtlSeconds, null is an answer like any other', async () => {
      const { cache } = setUp();
      await cache.getOrLoad('key', policy, async () => null);
      expect(await cache.getOrLoad('key', policy, async () => 'other')).toEqual({
        value: null,
        cached: true,
        stale: false,
      });
    });
  });

  describe('a broken store (Redis down) costs the cache, not the answer', () => {
    const broken: CacheStore = {
      get: async () => {
        throw new Error('ECONNREFUSED');
      },
      set: async () => {
        throw new Error('ECONNREFUSED');
      },
    };

    it('is treated as a miss, and the answer is still served', async () => {
      const cache = new ResponseCache(broken, silent);
      await expect(cache.getOrLoad('key', policy, async () => 42)).resolves.toEqual({
        value: 42,
        cached: false,
        stale: false,
      });
    });

    it('an upstream failure with a broken store is the upstream failure, not the store’s', async () => {
      const cache = new ResponseCache(broken, silent);
      await expect(
        cache.getOrLoad('key', policy, async () => {
          throw new UpstreamError('test', 'timeout', 'slow');
        }),
      ).rejects.toMatchObject({ failure: 'timeout' });
    });
  });
});
