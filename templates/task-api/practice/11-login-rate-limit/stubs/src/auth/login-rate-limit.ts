/**
 * Exercise 11 "login-rate-limit" — .practice/exercises/11-login-rate-limit.md
 *
 * Login's own rate limits: a few attempts per client IP and account in 15 minutes, plus the
 * global per-address limit, which a route's own limit would otherwise replace. auth-routes.ts
 * puts `rateLimit` in the login route's config and `onRequest` on the route.
 *
 * Until this is written, login has no limit of its own: only the app-wide per-minute limit
 * applies, and a password can be guessed ten thousand times a day from one address. A limit
 * cannot answer 501 without stopping login itself (every earlier exercise logs in), so instead
 * the app says it at start-up, in one warning line, and the exercise's test fails where the
 * 429 should come.
 */
import type { RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';

export function loginRateLimit(app: FastifyInstance, _config: Pick<Config['auth'], 'loginAttemptsPer15Minutes'>) {
  app.log.warn(
    'Exercise 11 "login-rate-limit" is not done yet: login has no rate limit of its own (src/auth/login-rate-limit.ts)',
  );
  return {
    /** `undefined`: the route has no limit of its own, so the global one applies. */
    rateLimit: undefined as RateLimitOptions | undefined,
    onRequest: async (_request: FastifyRequest) => {},
  };
}
