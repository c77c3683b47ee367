/**
 * Rotation, reuse detection and logout racing each other for one login. Two requests about one
 * login can arrive at two instances at the same moment (a client retrying, a thief replaying a
 * stolen token); whatever their order, once a reuse is detected or a logout answered, no token
 * of that login may work again. Races need real concurrency, so these run on PostgreSQL
 * (TEST_DATABASE_URL) with two app instances, each with its own connection pool; on PGlite (one
 * connection) requests would run one after another and prove nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAndLogin } from '../helpers/auth.js';
import { buildSecondInstance } from '../helpers/second-instance.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

const env = {
  JWT_SECRET: 'refresh-races-test-secret-that-is-long-enough-0123456789',
  RATE_LIMIT_PER_MINUTE: '100000',
  LOGIN_RATE_LIMIT_PER_15_MINUTES: '100000',
};
// Enough rounds to catch each race before the family lock (measured on PostgreSQL 16, two
// instances): about 2 in 3 reuse races and 1 in 50–100 logout races left a working token.
const REUSE_ROUNDS = 30;
const LOGOUT_ROUNDS = 200;

describe.runIf(process.env.TEST_DATABASE_URL)('refresh-token races, two instances', { timeout: 60_000 }, () => {
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    first = await buildTestApp(env);
    second = await buildSecondInstance(first, env);
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  const refresh = (app: TestApp, refreshToken: string) =>
    app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken } });
  const logout = (app: TestApp, refreshToken: string) =>
    app.inject({ method: 'POST', url: '/v1/auth/logout', payload: { refreshToken } });
  const login = (app: TestApp, user: { email: string; password: string }) =>
    app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: user.email, password: user.password } });

  it('a spent token replayed while its successor rotates ends the whole login', async () => {
    const user = await registerAndLogin(first);
    const survivors: number[] = [];
    for (let round = 0; round < REUSE_ROUNDS; round++) {
      const spent = (await login(first, user)).json().refreshToken;
      const current = (await refresh(first, spent)).json().refreshToken;
      // The replay of the spent token and the rotation of the current one, at the same moment.
      const [replay, rotation] = await Promise.all([refresh(first, spent), refresh(second, current)]);
      expect(replay.statusCode).toBe(401);
      expect([200, 401]).toContain(rotation.statusCode);
      if (rotation.statusCode === 200) {
        // The rotation won the race; the replay that followed must have revoked its new token too.
        const next = await refresh(first, rotation.json().refreshToken);
        if (next.statusCode !== 401) survivors.push(round);
      }
    }
    expect(survivors, 'rounds whose login survived a detected reuse').toEqual([]);
  });

  it('a logout answered 204 while a refresh races it leaves no working token', async () => {
    const user = await registerAndLogin(first);
    const survivors: number[] = [];
    for (let round = 0; round < LOGOUT_ROUNDS; round++) {
      const token = (await login(first, user)).json().refreshToken;
      // The refresh starts a moment earlier, so the logout often arrives while it holds the token.
      const [rotation, loggedOut] = await Promise.all([refresh(second, token), logout(first, token)]);
      expect(loggedOut.statusCode).toBe(204);
      expect([200, 401]).toContain(rotation.statusCode);
      if (rotation.statusCode === 200) {
        const next = await refresh(first, rotation.json().refreshToken);
        if (next.statusCode !== 401) survivors.push(round);
      }
    }
    expect(survivors, 'rounds with a working token after logout').toEqual([]);
  });
});
