/**
 * The main user flow against a live instance: `npm run smoke -- --base-url <url>`.
 * It registers a throwaway user, so it is safe to run against production after each deploy, and
 * as often as you like: every run makes its own user (a fixed email would fail at 'register' the
 * second time, because that user already exists).
 */
import { randomUUID } from 'node:crypto';
import { runSmoke } from './smoke-runner.js';

interface Tokens {
  accessToken: string;
  refreshToken: string;
}

await runSmoke(async (api) => {
  const email = `smoke-${randomUUID()}@example.com`;
  const password = `smoke-${randomUUID()}`;

  await api.step('register', () =>
    api.request('POST', '/v1/auth/register', { body: { email, password }, expect: 201 }),
  );
  const tokens = await api.step('log in', () =>
    api.request<Tokens>('POST', '/v1/auth/login', { body: { email, password } }),
  );
  const token = tokens.accessToken;
  await api.step('GET /v1/me', async () => {
    const me = await api.request<{ email: string }>('GET', '/v1/me', { token });
    if (me.email !== email) throw new Error(`/v1/me returned ${me.email}, expected ${email}`);
  });

  const task = await api.step('create a task', () =>
    api.request<{ id: string }>('POST', '/v1/tasks', {
      token,
      body: { title: 'Smoke test task', tags: ['smoke'], dueDate: '2030-01-01' },
      expect: 201,
    }),
  );
  await api.step('list tasks filtered by tag', async () => {
    const page = await api.request<{ items: { id: string }[] }>('GET', '/v1/tasks?tag=smoke&limit=10', { token });
    if (!page.items.some((item) => item.id === task.id)) throw new Error('the new task is not in the list');
  });
  // A 200 proves the request was accepted, not that anything changed: check the answer, then
  // read the task back, so an update that is answered but not stored fails here.
  await api.step('update the task', async () => {
    const path = `/v1/tasks/${task.id}`;
    const answered = await api.request<{ status: string }>('PATCH', path, { token, body: { status: 'done' } });
    if (answered.status !== 'done') throw new Error(`PATCH answered status "${answered.status}", expected "done"`);
    const stored = await api.request<{ status: string }>('GET', path, { token });
    if (stored.status !== 'done') {
      throw new Error(`the task reads back as "${stored.status}": the update was not stored`);
    }
  });
  await api.step('delete the task', () => api.request('DELETE', `/v1/tasks/${task.id}`, { token, expect: 204 }));
  await api.step('the deleted task is gone', () => api.request('GET', `/v1/tasks/${task.id}`, { token, expect: 404 }));

  const renewed = await api.step('refresh the tokens', () =>
    api.request<Tokens>('POST', '/v1/auth/refresh', { body: { refreshToken: tokens.refreshToken } }),
  );
  await api.step('a spent refresh token is refused', () =>
    api.request('POST', '/v1/auth/refresh', { body: { refreshToken: tokens.refreshToken }, expect: 401 }),
  );
  await api.step('log out', () =>
    api.request('POST', '/v1/auth/logout', { body: { refreshToken: renewed.refreshToken }, expect: 204 }),
  );
});
