/**
 * Text that looks like something else: titles nobody can see, titles that display in another
 * order than they read: refused by the schemas, before any route runs. Part of exercise 07 (the
 * schemas use `TextLine` from src/http/schemas.ts); what is stored is task-text-stored.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAndLogin } from '../helpers/auth.js';
import { createTaskRaw, request, type User } from '../helpers/tasks.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let user: User;
beforeAll(async () => {
  app = await buildTestApp();
  user = await registerAndLogin(app);
});
afterAll(() => app.close());

describe('a task title', () => {
  it.each([
    ['only spaces', '     '],
    ['only zero-width spaces', '\u200b\u200b\u200b'],
    ['a right-to-left override', 'Pay \u202Eeciovni'],
    ['a directional isolate', '\u2067Pay\u2069'],
  ])('with %s is a 400', async (_name, title) => {
    const response = await request(app, user, 'POST', '/v1/tasks', { title });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([expect.objectContaining({ field: '/title' })]);
  });

  it('with a lone surrogate is a 400, not stored with a replacement character', async () => {
    const response = await createTaskRaw(app, user, '{"title": "Half \\ud83d of an emoji"}');
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([expect.objectContaining({ field: '/title' })]);
  });
});

describe('a tag', () => {
  it('of only invisible characters is a 400', async () => {
    const response = await request(app, user, 'POST', '/v1/tasks', { title: 'Tagged', tags: ['\u200b'] });
    expect(response.statusCode).toBe(400);
  });
});
