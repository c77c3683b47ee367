/**
 * Where the rate limiter keeps its counters: in Redis when configured (shared by every
 * instance), in this process's memory otherwise.
 *
 * Redis is an OPTIONAL dependency here: it only makes the limits hold across instances. So
 * when Redis cannot answer, this counts in memory instead of failing the request: each instance
 * then enforces the limit on its own (looser, but still a limit), the log says so once, and the
 * counters go back to Redis as soon as it answers again. A limiter that turned every request
 * into a 500 would let an optional cache take the whole API down. (`/readyz` still reports
 * Redis as failing, so operators see it.)
 */
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';

type Counted = { current: number; ttl: number };
type Callback = (error: Error | null, result?: Counted) => void;

// One round trip, atomic: count the request, start the window on the first one, report what is left.
const COUNT_SCRIPT = `
local current = redis.call('INCR', KEYS[1])
if current == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {current, ttl}`;

/**
 * Waits while the connection made at start-up is still being set up, up to `timeoutMs`: an app
 * that is ready then counts in Redis from its first request. A Redis that is down at boot ends the
 * wait at its first error (or the timeout), and counting starts in memory, as when it goes away later.
 */
export async function firstConnection(redis: Redis, timeoutMs = 2_000): Promise<void> {
  if (redis.status !== 'connecting' && redis.status !== 'connect') return;
  await new Promise<void>((resolve) => {
    const settle = () => {
      clearTimeout(timer);
      redis.off('ready', settle).off('error', settle);
      resolve();
    };
    const timer = setTimeout(settle, timeoutMs);
    redis.once('ready', settle).once('error', settle);
  });
}

/** Counters kept in memory: a fixed window per key, bounded so that many client IPs cannot exhaust memory. */
class MemoryCounters {
  private readonly windows = new Map<string, { count: number; endsAt: number }>();
  constructor(private readonly maxKeys = 10_000) {}

  count(key: string, windowMs: number): Counted {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || window.endsAt <= now) {
      this.windows.delete(key); // re-inserted last: the Map's order is oldest first
      window = { count: 0, endsAt: now + windowMs };
      this.windows.set(key, window);
      this.evictOldest();
    }
    window.count += 1;
    return { current: window.count, ttl: window.endsAt - now };
  }

  private evictOldest() {
    for (const key of this.windows.keys()) {
      if (this.windows.size <= this.maxKeys) return;
      this.windows.delete(key);
    }
  }
}

/** Tells the log once when Redis stops answering, and once when it is back. */
class RedisHealth {
  private failing = false;
  constructor(private readonly log: FastifyBaseLogger) {}

  failed(error: unknown) {
    if (this.failing) return;
    this.failing = true;
    this.log.warn(
      { err: error },
      'Redis is unavailable: rate limits are counted in this instance’s memory until it is back',
    );
  }

  answered() {
    if (!this.failing) return;
    this.failing = false;
    this.log.info('Redis answers again: rate limits are shared between instances again');
  }
}

/**
 * The store class @fastify/rate-limit instantiates. `keyPrefix` separates the global limit from
 * each route's own (`child`). The Redis client puts the app's own prefix (REDIS_KEY_PREFIX) in
 * front of every key, so apps sharing one Redis never share counters.
 */
export function redisWithMemoryFallback(redis: Redis, log: FastifyBaseLogger): FastifyRateLimitStoreCtor {
  const health = new RedisHealth(log);
  const memory = new MemoryCounters();

  // @fastify/rate-limit calls `new Store(options)`; the options are its own, so they are ignored.
  return class Store implements FastifyRateLimitStore {
    private keyPrefix = 'rate-limit:';

    incr(key: string, callback: Callback, timeWindow: number) {
      this.count(this.keyPrefix + key, timeWindow).then(
        (counted) => callback(null, counted),
        (error: Error) => callback(error),
      );
    }

    /** The store of a route with a limit of its own: the same counters, under the route's key. */
    child(route: { method: string | string[]; url: string }): FastifyRateLimitStore {
      const child = new Store();
      child.keyPrefix = `${this.keyPrefix}${route.method}${route.url}-`;
      return child;
    }

    private async count(key: string, windowMs: number): Promise<Counted> {
      // Not connected (yet, or any more): do not wait for reconnection attempts, count here now.
      if (redis.status !== 'ready') {
        health.failed(new Error(`Redis connection is ${redis.status}`));
        return memory.count(key, windowMs);
      }
      try {
        const [current, ttl] = (await redis.eval(COUNT_SCRIPT, 1, key, windowMs)) as [number, number];
        health.answered();
        return { current, ttl };
      } catch (error) {
        health.failed(error);
        return memory.count(key, windowMs);
      }
    }
  };
}
