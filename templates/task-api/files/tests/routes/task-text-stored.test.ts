/**
 * Text that looks alike is stored alike: every request string is normalised to NFC before
 * validation (src/http/validation.ts), so "é" precomposed and decomposed are one title and one
 * tag. Part of exercise 08: it needs the routes that store a task.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAndLogin } from '../helpers/auth.js';
import { createTaskRaw, type Task, type User } from '../helpers/tasks.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let user: User;
beforeAll(async () => {
  app = await buildTestApp();
  user = await registerAndLogin(app);
});
afterAll(() => app.close());

describe('a task title', () => {
  it('is stored in NFC: the decomposed and precomposed "é" are one title', async () => {
    const response = await createTaskRaw(app, user, '{"title": "Cafe\\u0301 order"}');
    expect(response.statusCode).toBe(201);
    expect(response.json<Task>().title).toBe('Caf\u00e9 order');
  });
});

describe('tags that look the same', () => {
  it('are one tag: "é" precomposed and decomposed are merged', async () => {
    const response = await createTaskRaw(
      app,
      user,
      '{"title": "Tagged", "tags": ["caf\\u00e9", "cafe\\u0301", "CAF\\u00c9"]}',
    );
    expect(response.statusCode).toBe(201);
    expect(response.json<Task>().tags).toEqual(['caf\u00e9']);
  });
});
