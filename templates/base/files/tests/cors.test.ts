import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers/test-app.js';

const allowed = 'http://localhost:5173';

let app: TestApp;
beforeAll(async () => {
  app = await buildTestApp({ CORS_ORIGINS: `${allowed}, https://app.example.com` });
});
afterAll(() => app.close());

describe('CORS allow-list', () => {
  it('lets an allowed origin read responses', async () => {
    const response = await app.inject({ method: 'GET', url: '/healthz', headers: { origin: allowed } });
    expect(response.headers['access-control-allow-origin']).toBe(allowed);
  });

  it('lets a page read the headers it needs: Location, x-request-id, the rate limit, Retry-After', async () => {
    const response = await app.inject({ method: 'GET', url: '/openapi.json', headers: { origin: allowed } });
    const exposed = String(response.headers['access-control-expose-headers']).split(/,\s*/);
    expect(exposed).toEqual(
      expect.arrayContaining(['location', 'x-request-id', 'ratelimit', 'ratelimit-policy', 'retry-after']),
    );
  });

  it('answers an allowed origin’s preflight with the methods it may use', async () => {
    const response = await app.inject({
      method: 'OPTIONS',
      url: '/healthz',
      headers: { origin: allowed, 'access-control-request-method': 'PATCH' },
    });
    expect(response.statusCode).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe(allowed);
    expect(response.headers['access-control-allow-methods']).toContain('PATCH');
  });

  it('gives any other origin no CORS headers, so browsers block it', async () => {
    const response = await app.inject({ method: 'GET', url: '/healthz', headers: { origin: 'https://evil.example' } });
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });
});
