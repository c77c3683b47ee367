import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

describe('health', () => {
  it('/healthz answers 200 while the process runs, with the running version', async () => {
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', version: 'dev' });
  });

  it('/healthz reports APP_VERSION (the commit SHA an image was built from)', async () => {
    const versioned = await buildTestApp({ APP_VERSION: '0123abc' });
    try {
      const response = await versioned.inject({ method: 'GET', url: '/healthz' });
      expect(response.json()).toEqual({ status: 'ok', version: '0123abc' });
    } finally {
      await versioned.close();
    }
  });

  it('/readyz answers 200 when the database is reachable', async () => {
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', checks: { database: 'ok' } });
  });

  it('echoes a well-formed x-request-id and replaces a malformed one', async () => {
    const kept = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
    expect(kept.headers['x-request-id']).toBe('abc-123');
    const replaced = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'bad id\u0007' } });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    // Bounded: a well-formed but huge id would otherwise be copied into every log line.
    const tooLong = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'a'.repeat(129) } });
    expect(tooLong.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const longest = 'a'.repeat(128);
    expect(
      (await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': longest } })).headers[
        'x-request-id'
      ],
    ).toBe(longest);
  });

  it('sends security headers', async () => {
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
  });
});

describe('API documentation', () => {
  it('serves an OpenAPI 3.1 document', async () => {
    const response = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ openapi: '3.1.0', info: { version: '1.0.0' } });
  });

  it('serves the interactive docs page', async () => {
    const response = await app.inject({ method: 'GET', url: '/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
  });
});
