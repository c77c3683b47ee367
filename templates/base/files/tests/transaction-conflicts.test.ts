/**
 * PostgreSQL sometimes aborts one of two concurrent transactions so that the other can finish:
 * a deadlock (each waits for a row the other holds) or a serialization failure. The aborted
 * request did nothing wrong and left nothing behind, so it is a 503 with Retry-After (send it
 * again), never a 500. Two throwaway routes cause each case for real, with two requests held at
 * a barrier between their statements. PostgreSQL only: PGlite has one connection, so its
 * transactions never overlap.
 */
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BodyObject } from '../src/http/schemas.js';
import { buildTestApp, type TestApp } from './helpers/test-app.js';

/** Lets `parties` requests through only once all of them have arrived. */
function barrier(parties: number) {
  let arrived = 0;
  let release: () => void = () => {};
  const allThere = new Promise<void>((resolve) => {
    release = resolve;
  });
  return async () => {
    arrived += 1;
    if (arrived === parties) release();
    await allThere;
  };
}

describe.runIf(process.env.TEST_DATABASE_URL)('transactions PostgreSQL aborts for a concurrent one', () => {
  let app: TestApp;
  let meet = barrier(2);
  beforeAll(async () => {
    app = await buildTestApp({}, (routes) => {
      const Pair = BodyObject({ first: Type.Integer(), second: Type.Integer() });
      const Done = { 200: Type.Object({ done: Type.Boolean() }) };
      // Locks row `first`, waits for the other request, then wants row `second`.
      routes.post('/deadlock', { schema: { body: Pair, response: Done } }, async (request) =>
        routes.db.transaction(async (tx) => {
          await tx.query('UPDATE counters SET n = n + 1 WHERE id = $1', [request.body.first]);
          await meet();
          await tx.query('UPDATE counters SET n = n + 1 WHERE id = $1', [request.body.second]);
          return { done: true };
        }),
      );
      // Write skew: both read the total, then each changes a different row.
      routes.post('/write-skew', { schema: { body: Pair, response: Done } }, async (request) =>
        routes.db.transaction(async (tx) => {
          await tx.exec('SET TRANSACTION ISOLATION LEVEL SERIALIZABLE');
          await tx.query('SELECT sum(n) FROM counters');
          await meet();
          await tx.query('UPDATE counters SET n = n + 1 WHERE id = $1', [request.body.first]);
          return { done: true };
        }),
      );
    });
    await app.db.exec(
      'CREATE TABLE counters (id integer PRIMARY KEY, n integer NOT NULL); INSERT INTO counters VALUES (1, 0), (2, 0)',
    );
  });
  afterAll(() => app?.close());

  const both = (url: string) => {
    meet = barrier(2);
    return Promise.all([
      app.inject({ method: 'POST', url, payload: { first: 1, second: 2 } }),
      app.inject({ method: 'POST', url, payload: { first: 2, second: 1 } }),
    ]);
  };

  it.each(['/deadlock', '/write-skew'])('%s: one request succeeds, the other is a 503 to send again', async (url) => {
    const responses = await both(url);
    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 503]);
    const aborted = responses.find((response) => response.statusCode === 503);
    expect(aborted?.headers['retry-after']).toBe('1');
    expect(aborted?.json().detail).toMatch(/send it again/i);
  });
});
