/**
 * When PostgreSQL cannot keep up, clients get a 503 with `Retry-After`, never a 500 after a long
 * wait: a statement that runs past DATABASE_STATEMENT_TIMEOUT_MS is cancelled by the server, and
 * a request that finds every pooled connection busy waits DATABASE_POOL_TIMEOUT_MS at most.
 * Real concurrent requests against a real pool, so this needs TEST_DATABASE_URL (PGlite is one
 * in-process connection, without a pool or a statement timeout).
 */
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers/test-app.js';

describe.runIf(process.env.TEST_DATABASE_URL)('an overloaded database', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await buildTestApp(
      { DATABASE_POOL_SIZE: '2', DATABASE_POOL_TIMEOUT_MS: '200', DATABASE_STATEMENT_TIMEOUT_MS: '1000' },
      (app) => {
        // Documented like real routes: every response a test receives is checked against the document.
        const schema = { response: { 200: Type.Object({ done: Type.Boolean() }) } };
        const answerAfter = (sql: string) => async () => {
          await app.db.query(sql);
          return { done: true };
        };
        app.get('/busy', { schema }, answerAfter('SELECT pg_sleep(0.6)'));
        app.get('/runaway', { schema }, answerAfter('SELECT pg_sleep(30)'));
        app.get('/quick', { schema }, answerAfter('SELECT 1'));
      },
    );
  });
  afterAll(() => app?.close());

  it('a request that finds every connection busy gets a 503 with Retry-After, not a 500', async () => {
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) => app.inject({ method: 'GET', url: i % 2 ? '/busy' : '/quick' })),
    );
    const statuses = responses.map((response) => response.statusCode);
    expect(statuses).not.toContain(500);
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThanOrEqual(2);
    const unavailable = responses.filter((response) => response.statusCode === 503);
    expect(unavailable.length).toBeGreaterThan(0);
    for (const response of unavailable) {
      expect(response.headers['retry-after']).toBe('2');
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json()).toMatchObject({ status: 503, title: 'Service Unavailable' });
    }
    // Once the pool is free again, requests succeed.
    expect((await app.inject({ method: 'GET', url: '/quick' })).statusCode).toBe(200);
  });

  it('a statement past the statement timeout is cancelled by the server: 503, and the connection is freed', async () => {
    const startedAt = Date.now();
    const response = await app.inject({ method: 'GET', url: '/runaway' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('2');
    expect(Date.now() - startedAt).toBeLessThan(5_000);
    expect((await app.inject({ method: 'GET', url: '/quick' })).statusCode).toBe(200);
  });
});
