/**
 * A global rate limit per client IP. Routes where abuse is cheap (login, checkout, routes that
 * call an upstream API) set a stricter `config.rateLimit` of their own.
 * With Redis the counters are shared, so the limit holds across several instances.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import { HttpProblem } from '../http/problem.js';

export const rateLimiting = fp(async (app: FastifyInstance, options: { perMinute: number; redis?: Redis }) => {
  await app.register(rateLimit, {
    max: options.perMinute,
    timeWindow: '1 minute',
    ...(options.redis ? { redis: options.redis, nameSpace: 'rate-limit:' } : {}),
    errorResponseBuilder: (_request, context) => tooManyRequests(context.ttl),
  });
});

/** The 429 answer, with `Retry-After` in seconds (RFC 9110 §10.2.3). */
export function tooManyRequests(ttlMs: number): HttpProblem {
  const seconds = Math.max(1, Math.ceil(ttlMs / 1000));
  return new HttpProblem(429, `Too many requests. Try again in ${seconds} s.`, {
    headers: { 'retry-after': String(seconds) },
  });
}
