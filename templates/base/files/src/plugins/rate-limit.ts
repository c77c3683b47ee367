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
    errorResponseBuilder: (_request, context) =>
      new HttpProblem(429, `Too many requests. Try again in ${Math.ceil(context.ttl / 1000)} s.`, {
        headers: { 'retry-after': String(Math.ceil(context.ttl / 1000)) },
      }),
  });
});
