/**
 * Login's limit across instances. Two copies of the API behind a load balancer share one Redis:
 * an attacker whose attempts alternate between them must meet one limit, not one per copy. Runs
 * with a PostgreSQL server and Redis (TEST_DATABASE_URL and REDIS_URL, as in CI).
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { uniqueEmail } from '../helpers/auth.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

const REDIS_URL = process.env.REDIS_URL ?? '';

describe.runIf(process.env.TEST_DATABASE_URL && REDIS_URL)(
  'login limits across two instances (PostgreSQL and Redis)',
  () => {
    let first: TestApp;
    let second: Awaited<ReturnType<typeof import('../../src/app.js').buildApp>>;
    beforeAll(async () => {
      first = await buildTestApp({ REDIS_URL });
      // The second instance is a separate copy of the code, as in a second process: modules are
      // loaded anew, so nothing kept in a module's memory is shared. Only the database and Redis are.
      vi.resetModules();
      const { buildApp } = await import('../../src/app.js');
      const { loadConfig } = await import('../../src/config.js');
      const keyPrefix = first.redis?.options.keyPrefix;
      second = await buildApp({
        config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', REDIS_URL }),
        db: first.db,
        redis: new Redis(REDIS_URL, { keyPrefix, maxRetriesPerRequest: 1 }),
      });
      second.addHook('onClose', async () => {
        await second.redis?.quit();
      });
      await second.ready();
    });
    afterAll(async () => {
      await second?.close();
      await first?.close();
    });

    it('attempts alternating between two instances meet one limit', async () => {
      const email = uniqueEmail();
      const password = 'correct horse battery staple';
      expect(
        (await first.inject({ method: 'POST', url: '/v1/auth/register', payload: { email, password } })).statusCode,
      ).toBe(201);
      const limit = first.config.auth.loginAttemptsPer15Minutes;
      const statuses: number[] = [];
      for (let attempt = 0; attempt <= limit; attempt++) {
        const instance = attempt % 2 === 0 ? first : second;
        const response = await instance.inject({
          method: 'POST',
          url: '/v1/auth/login',
          payload: { email, password: 'a guess' },
        });
        statuses.push(response.statusCode);
      }
      expect(
        statuses.at(-1),
        `attempt ${limit + 1}, alternating between two instances, must be refused (statuses: ${statuses.join(' ')}): keep the counters in the shared store (@fastify/rate-limit uses Redis when configured), not in one process's memory`,
      ).toBe(429);
    });
  },
);
