/** Bad input to the task routes: a 4xx problem+json naming the field, before any handler runs. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAndLogin } from '../helpers/auth.js';
import { expectProblem, request, type User } from '../helpers/tasks.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

describe('bad input is a 4xx problem naming the problem, never a 500', () => {
  let user: User;
  beforeAll(async () => {
    user = await registerAndLogin(app);
  });

  it.each([
    [{ title: '' }, '/title'],
    [{ title: 'x'.repeat(201) }, '/title'],
    [{}, '/title'],
    [{ title: 'ok', description: 'x'.repeat(5001) }, '/description'],
    [{ title: 'ok', status: 'blocked' }, '/status'],
    [{ title: 'ok', dueDate: 'tomorrow' }, '/dueDate'],
    [{ title: 'ok', dueDate: '2030-02-30' }, '/dueDate'],
    [{ title: 'ok', dueDate: '0000-01-01' }, '/dueDate'],
    [{ title: 'ok', tags: Array.from({ length: 21 }, (_, i) => `tag${i}`) }, '/tags'],
    [{ title: 'ok', tags: ['x'.repeat(31)] }, '/tags/0'],
    [{ title: 'ok', tags: ['   '] }, '/tags/0'],
    [{ title: 'ok', tags: 'home' }, '/tags'],
    [{ title: 'ok', ownerId: '9b2c1f4e-6a55-4f8e-8f0e-1c2d3e4f5a6b' }, '/ownerId'],
    [{ title: 'nul \u0000 byte' }, '/title'],
    // Every control character, not only NUL: a bell, a terminal escape, DEL, a C1 control.
    [{ title: 'bell \u0007' }, '/title'],
    [{ title: 'red \u001b[31m text' }, '/title'],
    [{ title: 'del \u007f' }, '/title'],
    [{ title: 'csi \u009b' }, '/title'],
    [{ title: 'ok', tags: ['esc\u001b'] }, '/tags/0'],
    [{ title: 'ok', tags: ['fine', 'bell\u0007'] }, '/tags/1'],
    [{ title: 'ok', description: 'nul \u0000 byte' }, '/description'],
    [{ title: 42 }, '/title'],
  ])('POST %j is a 400 naming %s', async (payload, field) => {
    await expectProblem(await request(app, user, 'POST', '/v1/tasks', payload), 400, field);
  });

  it.each([
    [{}, ''],
    [{ title: '' }, '/title'],
    [{ status: 'blocked' }, '/status'],
    [{ dueDate: '2030-02-30' }, '/dueDate'],
    [{ tags: ['   '] }, '/tags/0'],
    [{ title: 'esc \u001b' }, '/title'],
    [{ ownerId: '9b2c1f4e-6a55-4f8e-8f0e-1c2d3e4f5a6b' }, '/ownerId'],
  ])('PATCH %j is a 400 naming %s', async (payload, field) => {
    const url = '/v1/tasks/9b2c1f4e-6a55-4f8e-8f0e-1c2d3e4f5a6b';
    await expectProblem(await request(app, user, 'PATCH', url, payload), 400, field || undefined);
  });

  it('refuses no valid value: every status, date and sort gets past validation', async () => {
    // Whatever the route answers next (the task, or 501 until its exercise is done), it is not a 400.
    for (const status of ['todo', 'in_progress', 'done']) {
      const response = await request(app, user, 'POST', '/v1/tasks', { title: 'ok', status, dueDate: '2030-01-31' });
      expect(response.statusCode, `status ${status}: ${response.body}`).not.toBe(400);
    }
    // Duplicate tags are merged, not refused (the page says so).
    for (const tags of [
      ['home', 'home'],
      ['Home', 'home', ' HOME '],
    ]) {
      const response = await request(app, user, 'POST', '/v1/tasks', { title: 'ok', tags });
      expect(response.statusCode, `tags ${JSON.stringify(tags)} are merged, not refused: ${response.body}`).not.toBe(
        400,
      );
    }
    // Text a person writes: newlines and tabs in a description, any alphabet and emoji anywhere.
    const text = { title: 'Ünïcødé 漢字 🚀 O’Brien', description: 'Line one\n\tLine two', tags: ['été', '漢字'] };
    const created = await request(app, user, 'POST', '/v1/tasks', text);
    expect(created.statusCode, `${JSON.stringify(text)}: ${created.body}`).not.toBe(400);
    for (const sort of ['-createdAt', 'createdAt', 'dueDate', '-dueDate']) {
      const response = await request(app, user, 'GET', `/v1/tasks?sort=${sort}`);
      expect(response.statusCode, `sort=${sort}: ${response.body}`).not.toBe(400);
    }
  });

  it('an id that is not a UUID is a 400', async () => {
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      await expectProblem(
        await request(app, user, method, '/v1/tasks/42', method === 'PATCH' ? { title: 'x' } : undefined),
        400,
        '/id',
      );
    }
  });

  it.each([
    ['q=%00', '/q'],
    ['q=bike%00', '/q'],
    ['q=%21%21', '/q'],
    ['q=', '/q'],
    ['status=blocked', '/status'],
    ['sort=title', '/sort'],
    ['sort=createdAt%3B%20DROP%20TABLE%20tasks', '/sort'],
    ['limit=1000', '/limit'],
    ['limit=0', '/limit'],
    ['limit=ten', '/limit'],
    ['dueBefore=soon', '/dueBefore'],
    ['tag=%00', '/tag'],
    ['stauts=done', '/stauts'],
  ])('GET /v1/tasks?%s is a 400 naming %s', async (query, field) => {
    await expectProblem(await request(app, user, 'GET', `/v1/tasks?${query}`), 400, field);
  });

  it('malformed JSON is a 400, another content type a 415, an oversized body a 413', async () => {
    const post = (payload: string, contentType: string) =>
      app.inject({
        method: 'POST',
        url: '/v1/tasks',
        payload,
        headers: { ...user.headers, 'content-type': contentType },
      });
    await expectProblem(await post('{"title": ', 'application/json'), 400);
    await expectProblem(await post('title=x', 'application/x-www-form-urlencoded'), 415);
    await expectProblem(
      await post(JSON.stringify({ title: 'x', description: 'x'.repeat(200_000) }), 'application/json'),
      413,
    );
  });
});
