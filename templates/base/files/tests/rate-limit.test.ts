import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers/test-app.js';

describe('global rate limit', () => {
  let app: TestApp;
  afterAll(() => app?.close());

  it('answers 429 problem+json with Retry-After once a client exceeds the limit', async () => {
    app = await buildTestApp({ RATE_LIMIT_PER_MINUTE: '2' });
    for (let i = 0; i < 2; i++) {
      expect((await app.inject({ method: 'GET', url: '/openapi.json' })).statusCode).toBe(200);
    }

    const limited = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json()).toMatchObject({
      status: 429,
      title: expect.any(String),
      detail: expect.stringMatching(/try again/i),
    });
  });

  it('counts requests for URLs without a route (404s) like any other', async () => {
    const limited = await buildTestApp({ RATE_LIMIT_PER_MINUTE: '2' });
    try {
      for (let i = 0; i < 2; i++) {
        expect((await limited.inject({ method: 'GET', url: `/no-such-page-${i}` })).statusCode).toBe(404);
      }
      const response = await limited.inject({ method: 'GET', url: '/no-such-page' });
      expect(response.statusCode).toBe(429);
      expect(response.headers['retry-after']).toBeDefined();
    } finally {
      await limited.close();
    }
  });

  it('tells clients the limit with the IETF draft headers RateLimit and RateLimit-Policy', async () => {
    const fresh = await buildTestApp({ RATE_LIMIT_PER_MINUTE: '5' });
    try {
      const response = await fresh.inject({ method: 'GET', url: '/openapi.json' });
      expect(response.headers['ratelimit-policy']).toBe('"default";q=5;w=60');
      expect(response.headers.ratelimit).toMatch(/^"default";r=4;t=\d+$/);
      expect(response.headers['x-ratelimit-limit']).toBeUndefined();
    } finally {
      await fresh.close();
    }
  });

  it('never throttles the health probes, even for a client over the limit', async () => {
    for (const url of ['/healthz', '/readyz', '/healthz', '/readyz']) {
      expect((await app.inject({ method: 'GET', url })).statusCode).toBe(200);
    }
  });
});

// Needs a Redis server, so it runs only when REDIS_URL is set (CI sets it where the template
// uses Redis; locally: `REDIS_URL=redis://localhost:6379 npm test`).
describe.runIf(process.env.REDIS_URL)('rate limit with Redis', () => {
  const apps: TestApp[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  it('two app instances share one counter, so the limit holds across instances', async () => {
    const env = { REDIS_URL: process.env.REDIS_URL ?? '', RATE_LIMIT_PER_MINUTE: '2' };
    const [first, second] = [await buildTestApp(env), await buildTestApp(env)];
    apps.push(first, second);

    expect((await first.inject({ method: 'GET', url: '/openapi.json' })).statusCode).toBe(200);
    expect((await second.inject({ method: 'GET', url: '/openapi.json' })).statusCode).toBe(200);
    const limited = await first.inject({ method: 'GET', url: '/openapi.json' });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
  });

  it('apps sharing one Redis keep their own counters (REDIS_KEY_PREFIX, the app’s name by default)', async () => {
    const shared = { REDIS_URL: process.env.REDIS_URL ?? '', RATE_LIMIT_PER_MINUTE: '2' };
    const [one, other] = [
      await buildTestApp({ ...shared, REDIS_KEY_PREFIX: 'one-app:' }),
      await buildTestApp({ ...shared, REDIS_KEY_PREFIX: 'another-app:' }),
    ];
    apps.push(one, other);

    for (let i = 0; i < 2; i++)
      expect((await one.inject({ method: 'GET', url: '/openapi.json' })).statusCode).toBe(200);
    expect((await one.inject({ method: 'GET', url: '/openapi.json' })).statusCode).toBe(429);
    // Same client address, same Redis, another app: its first request is its first.
    expect((await other.inject({ method: 'GET', url: '/openapi.json' })).statusCode).toBe(200);
  });
});
