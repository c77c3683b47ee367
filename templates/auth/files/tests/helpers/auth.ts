/** A logged-in user in one call, for tests of routes that need one. */
import { randomUUID } from 'node:crypto';
import type { TestApp } from './test-app.js';

/** Every test user gets its own email, so tests in one file never collide. */
export function uniqueEmail(): string {
  return `user-${randomUUID()}@example.com`;
}

export async function registerAndLogin(app: TestApp, email = uniqueEmail()) {
  const password = 'correct horse battery staple';
  const registered = await app.inject({ method: 'POST', url: '/v1/auth/register', payload: { email, password } });
  if (registered.statusCode !== 201) throw new Error(`register failed: ${registered.statusCode} ${registered.body}`);
  const loggedIn = await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email, password } });
  if (loggedIn.statusCode !== 200) throw new Error(`login failed: ${loggedIn.statusCode} ${loggedIn.body}`);
  const { accessToken, refreshToken } = loggedIn.json<{ accessToken: string; refreshToken: string }>();
  return {
    userId: registered.json<{ id: string }>().id,
    email: registered.json<{ email: string }>().email,
    password,
    accessToken,
    refreshToken,
    headers: { authorization: `Bearer ${accessToken}` },
  };
}
