/**
 * Error responses are problem+json (RFC 9457) whatever went wrong. A throwaway route with a
 * strict body exercises the parts that every real route relies on.
 */
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BodyObject } from '../src/http/schemas.js';
import { buildTestApp, type TestApp } from './helpers/test-app.js';

let app: TestApp;

beforeAll(async () => {
  app = await buildTestApp({ BODY_LIMIT_BYTES: '2048' }, (app) => {
    // Documented like a real route: every response a test receives is checked against the document.
    const Echo = BodyObject({ count: Type.Integer({ minimum: 0 }), note: Type.Optional(Type.String()) });
    app.post('/echo', { schema: { body: Echo, response: { 200: Echo } } }, async (request) => request.body);
    app.get('/boom', async () => {
      throw new Error('connection string postgres://secret@db leaked');
    });
    // Values a schema let through but a column refuses: a CHECK constraint, an integer's range.
    const Value = BodyObject({ n: Type.Integer() });
    app.post('/check-violation', { schema: { body: Value } }, async (request) =>
      app.db.transaction(async (tx) => {
        await tx.exec('CREATE TEMP TABLE checked (n integer CHECK (n > 0)) ON COMMIT DROP');
        await tx.query('INSERT INTO checked (n) VALUES ($1)', [request.body.n]);
      }),
    );
    app.post('/out-of-range', { schema: { body: Value } }, async (request) =>
      app.db.query('SELECT $1::integer AS n', [request.body.n]),
    );
    app.post('/date', { schema: { body: BodyObject({ day: Type.String() }) } }, async (request) =>
      app.db.query('SELECT $1::date AS day', [request.body.day]),
    );
    app.get(
      '/latitude',
      {
        schema: {
          querystring: Type.Object({ lat: Type.Number({ minimum: -90, maximum: 90 }) }),
          response: { 200: Type.Object({ lat: Type.Number() }) },
        },
      },
      async (request) => ({ lat: request.query.lat }),
    );
    app.get(
      '/sum',
      {
        schema: {
          querystring: Type.Object({ a: Type.Integer(), b: Type.Integer() }),
          response: { 200: Type.Object({ sum: Type.Integer() }) },
        },
      },
      async (request) => ({
        sum: request.query.a + request.query.b,
      }),
    );
  });
});
afterAll(() => app.close());

const post = (payload: string, contentType = 'application/json') =>
  app.inject({ method: 'POST', url: '/echo', payload, headers: { 'content-type': contentType } });

describe('error responses', () => {
  it('a validation error is a 400 problem naming the field', async () => {
    const response = await post(JSON.stringify({ count: -1 }));
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ type: 'about:blank', status: 400, errors: [{ field: '/count' }] });
  });

  it('does not coerce body types: "2" is not 2 and null is not 0', async () => {
    expect((await post(JSON.stringify({ count: '2' }))).statusCode).toBe(400);
    expect((await post(JSON.stringify({ count: null }))).statusCode).toBe(400);
    expect((await post(JSON.stringify({ count: 2 }))).json()).toEqual({ count: 2 });
  });

  it('rejects unknown body fields instead of dropping them', async () => {
    const response = await post(JSON.stringify({ count: 1, role: 'admin' }));
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([{ field: '/role', message: expect.any(String) }]);
  });

  it('a missing field is reported at its own path', async () => {
    expect((await post(JSON.stringify({}))).json().errors[0].field).toBe('/count');
  });

  it('malformed JSON is a 400', async () => {
    const response = await post('{"count": 1');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ status: 400, title: 'Bad Request' });
  });

  it('a body that is not JSON is a 415', async () => {
    expect((await post('count=1', 'text/plain')).statusCode).toBe(415);
    expect((await post('count=1', 'application/x-www-form-urlencoded')).statusCode).toBe(415);
  });

  it('a body over the limit is a 413', async () => {
    const response = await post(JSON.stringify({ count: 1, note: 'x'.repeat(4096) }));
    expect(response.statusCode).toBe(413);
    expect(response.json().status).toBe(413);
  });

  it('an unknown route is a 404 problem', async () => {
    const response = await app.inject({ method: 'GET', url: '/nope' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('a value the database refuses (CHECK constraint, out of range) is a 400, not a 500', async () => {
    for (const [url, n] of [
      ['/check-violation', -1],
      ['/out-of-range', 99_999_999_999],
    ] as const) {
      const response = await app.inject({ method: 'POST', url, payload: { n } });
      expect(response.statusCode, url).toBe(400);
      expect(response.json()).toMatchObject({ status: 400, detail: expect.stringMatching(/too long or out of range/) });
    }
  });

  it('a date the calendar does not have is a 400, not a 500', async () => {
    for (const day of ['2030-02-30', '0000-01-01']) {
      const response = await app.inject({ method: 'POST', url: '/date', payload: { day } });
      expect(response.statusCode, day).toBe(400);
      expect(response.json()).toMatchObject({ status: 400, detail: expect.stringMatching(/does not exist/) });
    }
  });

  it('a known path with a method it does not have is a 405 naming the ones it has', async () => {
    const response = await app.inject({ method: 'DELETE', url: '/sum?a=1' });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD');
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status: 405, detail: expect.stringContaining('GET') });
  });

  it('an unexpected error is a 500 without internals', async () => {
    const response = await app.inject({ method: 'GET', url: '/boom' });
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('postgres://');
    expect(response.body).not.toContain('at ');
    expect(response.json()).toMatchObject({ status: 500, title: 'Internal Server Error' });
  });

  it('parses query strings into their declared types', async () => {
    expect((await app.inject({ method: 'GET', url: '/sum?a=2&b=3' })).json()).toEqual({ sum: 5 });
    expect((await app.inject({ method: 'GET', url: '/sum?a=two&b=3' })).statusCode).toBe(400);
  });

  it.each(['Infinity', '-Infinity', '1e400', 'NaN'])(
    'a number parameter of %s is a 400, whatever its bounds',
    async (value) => {
      for (const url of [`/sum?a=${value}&b=1`, `/latitude?lat=${value}`]) {
        const response = await app.inject({ method: 'GET', url });
        expect(response.statusCode, url).toBe(400);
        expect(response.json().errors?.[0]?.field).toMatch(/^\/(a|lat)$/);
      }
      expect((await app.inject({ method: 'GET', url: '/latitude?lat=-90' })).json()).toEqual({ lat: -90 });
    },
  );

  it('a number in a JSON body that overflows to Infinity (1e400) is a 400', async () => {
    const response = await post('{"count": 1e400}');
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([{ field: '/count', message: expect.any(String) }]);
  });
});
