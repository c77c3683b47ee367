/**
 * Login's own rate limits. Guessing passwords is cheap for an attacker and expensive for us
 * (Argon2id), so login allows a few attempts per client IP and account, and keeps the global
 * per-address limit as well.
 */

import type { RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { tooManyRequests } from '../plugins/rate-limit.js';

export function loginRateLimit(app: FastifyInstance, config: Pick<Config['auth'], 'loginAttemptsPer15Minutes'>) {
  const perAddressLimit = app.createRateLimit();
  return {
    /** Per client IP and account. It runs as a preHandler, once the body is validated, so the key uses the normalized email. */
    rateLimit: {
      max: config.loginAttemptsPer15Minutes,
      timeWindow: '15 minutes',
      hook: 'preHandler',
      keyGenerator: (request: FastifyRequest) => `login:${request.ip}:${(request.body as { email: string }).email}`,
    } satisfies RateLimitOptions,
    /**
     * A route's own limit replaces the global one (one limiter runs per request), so the global
     * per-IP count is checked here as well: without it one IP could try a few passwords against
     * every account (password spraying).
     */
    onRequest: async (request: FastifyRequest) => {
      const limit = await perAddressLimit(request);
      if (!limit.isAllowed && limit.isExceeded) throw tooManyRequests(limit.ttl);
    },
  };
}
