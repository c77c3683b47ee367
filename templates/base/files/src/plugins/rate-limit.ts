/**
 * A global rate limit per client IP. Routes where abuse is cheap (login, checkout, routes that
 * call an upstream API) set a stricter `config.rateLimit` of their own, which replaces this one.
 * With Redis the counters are shared, so the limit holds across several instances; when Redis
 * is down, they are counted in memory (rate-limit-store.ts).
 *
 * Clients see the limit in the IETF httpapi draft's headers (draft-ietf-httpapi-ratelimit-headers):
 * `RateLimit-Policy: "default";q=100;w=60` (100 requests per 60 s) and
 * `RateLimit: "default";r=97;t=42` (97 left, the window resets in 42 s). A route with a limit of
 * its own names its policy `"route"`. The plugin's older `x-ratelimit-*` headers are not sent.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import { HttpProblem } from '../http/problem.js';
import { firstConnection, redisWithMemoryFallback } from './rate-limit-store.js';

export const rateLimiting = fp(async (app: FastifyInstance, options: { perMinute: number; redis?: Redis }) => {
  // Without this, the first requests after start-up would be counted in memory (Redis still
  // connecting), so two fresh instances would not share them.
  if (options.redis) await firstConnection(options.redis);
  await app.register(rateLimit, {
    // Not per route (the plugin's default): a per-route limiter runs after the hooks of the
    // route's scope, so a request that fails authentication (401) was never counted, and a URL
    // without a route (404) has no route to count it. The hook below counts those too.
    global: false,
    max: options.perMinute,
    timeWindow: ONE_MINUTE_MS,
    ...(options.redis ? { store: redisWithMemoryFallback(options.redis, app.log) } : {}),
    errorResponseBuilder: (_request, context) => tooManyRequests(context.ttl),
  });

  const perClient = app.rateLimit();

  // A hook of the root instance: it runs before the hooks of `/v1` (authentication) and before
  // the body is parsed, and also for URLs without a route (the 404 handler).
  app.addHook('onRequest', async (request, reply) => {
    // `false`: never throttled (health probes). An object: the route's own limit replaces this
    // one (login, checkout, the upstream-backed routes), as with the plugin's per-route limits.
    if (request.routeOptions.config.rateLimit !== undefined) return;
    return perClient.call(app, request, reply);
  });

  // The plugin counts and sets `x-ratelimit-*`; this rewrites them as the draft's two headers.
  app.addHook('onSend', async (request, reply) => {
    const quota = reply.getHeader('x-ratelimit-limit');
    if (quota === undefined) return;
    const remaining = reply.getHeader('x-ratelimit-remaining');
    const reset = reply.getHeader('x-ratelimit-reset');
    reply.removeHeader('x-ratelimit-limit').removeHeader('x-ratelimit-remaining').removeHeader('x-ratelimit-reset');
    const own = request.routeOptions.config.rateLimit;
    const policy = own ? 'route' : 'default';
    const window = own && typeof own.timeWindow !== 'function' ? (own.timeWindow ?? ONE_MINUTE_MS) : ONE_MINUTE_MS;
    reply.header('ratelimit-policy', `"${policy}";q=${quota};w=${Math.round(toMilliseconds(window) / 1000)}`);
    reply.header('ratelimit', `"${policy}";r=${remaining};t=${reset}`);
  });
});

const ONE_MINUTE_MS = 60_000;
const UNIT_MS: Record<string, number> = { second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** A window as @fastify/rate-limit takes it: milliseconds, or a phrase such as `15 minutes`. */
function toMilliseconds(window: number | string): number {
  if (typeof window === 'number') return window;
  const [, count, unit] = /^(\d+)\s*(second|minute|hour|day)s?$/.exec(window.trim()) ?? [];
  if (!count || !unit) throw new Error(`Unsupported rate-limit window "${window}": use ms or e.g. "15 minutes"`);
  return Number(count) * (UNIT_MS[unit] ?? 0);
}

/** @public The 429 answer, with `Retry-After` in seconds (RFC 9110 §10.2.3), for routes with limits of their own. */
export function tooManyRequests(ttlMs: number): HttpProblem {
  const seconds = Math.max(1, Math.ceil(ttlMs / 1000));
  return new HttpProblem(429, `Too many requests. Try again in ${seconds} s.`, {
    headers: { 'retry-after': String(seconds) },
  });
}
