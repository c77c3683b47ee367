/**
 * Text as people see it: every request string is stored in one Unicode form (NFC), a lone
 * surrogate is refused rather than silently replaced, and a `TextLine` (titles, names, tags)
 * must show something and cannot reorder its neighbours with bidirectional controls.
 */
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BodyObject, TextLine } from '../src/http/schemas.js';
import { buildTestApp, type TestApp } from './helpers/test-app.js';

let app: TestApp;
beforeAll(async () => {
  app = await buildTestApp({}, (routes) => {
    const Named = BodyObject({
      name: TextLine({ maxLength: 20 }),
      note: Type.Optional(Type.String({ maxLength: 100 })),
    });
    routes.post('/named', { schema: { body: Named, response: { 200: Named } } }, async (request) => request.body);
    routes.get(
      '/search',
      {
        schema: {
          querystring: Type.Object({ q: Type.String() }),
          response: { 200: Type.Object({ q: Type.String() }) },
        },
      },
      async (request) => ({ q: request.query.q }),
    );
  });
});
afterAll(() => app.close());

/** The body as raw JSON text, so that escapes such as `\ud800` reach the server exactly as written. */
const named = (json: string) =>
  app.inject({ method: 'POST', url: '/named', headers: { 'content-type': 'application/json' }, payload: json });

describe('every string', () => {
  it('is normalized to NFC: a decomposed "é" arrives as the precomposed one', async () => {
    const response = await named('{"name": "Cafe\\u0301", "note": "re\\u0301sume\\u0301"}');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ name: 'Caf\u00e9', note: 'r\u00e9sum\u00e9' });
  });

  it('in the query string too', async () => {
    const response = await app.inject({ method: 'GET', url: `/search?q=${encodeURIComponent('Cafe\u0301')}` });
    expect(response.json()).toEqual({ q: 'Caf\u00e9' });
  });

  it('with a lone surrogate is a 400 naming the field, not a silently replaced character', async () => {
    for (const json of ['{"name": "ok", "note": "\\ud800"}', '{"name": "ok", "note": "x\\udfff"}']) {
      const response = await named(json);
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([{ field: '/note', message: expect.stringMatching(/surrogate/) }]);
    }
  });

  it('keeps characters outside the BMP (a surrogate PAIR) and right-to-left scripts', async () => {
    const response = await named('{"name": "\\ud83d\\udc4d \u05e9\u05dc\u05d5\u05dd"}');
    expect(response.statusCode).toBe(200);
    expect(response.json().name).toBe('\u{1F44D} \u05e9\u05dc\u05d5\u05dd');
  });
});

describe('a TextLine', () => {
  it.each([
    ['spaces only', '   '],
    ['zero-width spaces only', '\u200b\u200b'],
    ['a no-break space and a zero-width joiner', '\u00a0\u200d'],
    ['a byte-order mark', '\ufeff'],
    ['a Hangul filler', '\u3164'],
    ['a combining accent alone', '\u0301'],
  ])('refuses %s: nothing would show', async (_name, name) => {
    expect((await named(JSON.stringify({ name }))).statusCode).toBe(400);
  });

  it.each([
    ['a right-to-left override', 'invoice\u202Efdp.exe'],
    ['a left-to-right embedding', '\u202Aabc'],
    ['a first-strong isolate', 'a\u2068b\u2069'],
    ['a newline', 'two\nlines'],
  ])('refuses %s', async (_name, name) => {
    expect((await named(JSON.stringify({ name }))).statusCode).toBe(400);
  });

  it('accepts ordinary text in any script, with its spaces', async () => {
    for (const name of ['Buy milk', ' Ölfarbe ', '東京', 'مرحبا', 'x']) {
      expect((await named(JSON.stringify({ name }))).statusCode, name).toBe(200);
    }
  });
});
