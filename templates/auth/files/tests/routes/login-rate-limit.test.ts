/** Login's own rate limits: per client and account, and the global one per address. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueEmail } from '../helpers/auth.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

const PASSWORD = 'correct horse battery staple';

const post = (url: string, payload: unknown) => app.inject({ method: 'POST', url, payload: payload as object });
const register = (email: string, password = PASSWORD) => post('/v1/auth/register', { email, password });
const login = (email: string, password = PASSWORD) => post('/v1/auth/login', { email, password });

describe('login rate limits', () => {
  it('limits attempts per client and email, answering 429 with Retry-After', async () => {
    const email = uniqueEmail();
    await register(email);
    const limit = app.config.auth.loginAttemptsPer15Minutes;
    for (let attempt = 0; attempt < limit; attempt++) {
      expect((await login(email, 'wrong password')).statusCode).toBe(401);
    }
    // Even the right password waits now: the limit is on attempts, not on failures.
    const limited = await login(` ${email.toUpperCase()}`);
    expect(
      limited.statusCode,
      `attempt ${limit + 1} in 15 minutes from one client on one account must be refused`,
    ).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    // The window is 15 minutes from the first attempt, a few seconds ago.
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(10 * 60);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    expect(limited.json()).toMatchObject({ status: 429 });

    // Another account from the same address is not locked out by someone guessing this one.
    const other = uniqueEmail();
    await register(other);
    expect((await login(other)).statusCode).toBe(200);
  });

  it('counts by the connection’s address: a made-up X-Forwarded-For header does not reset the count', async () => {
    // Without TRUST_PROXY_HOPS no proxy is trusted, so the header is just text the client wrote.
    const email = uniqueEmail();
    await register(email);
    const limit = app.config.auth.loginAttemptsPer15Minutes;
    const attempt = (n: number) =>
      app.inject({
        method: 'POST',
        url: '/v1/auth/login',
        payload: { email, password: 'wrong password' },
        headers: { 'x-forwarded-for': `198.51.100.${n}` },
      });
    for (let n = 0; n < limit; n++) expect((await attempt(n)).statusCode).toBe(401);
    expect(
      (await attempt(limit)).statusCode,
      `attempt ${limit + 1}, each with another X-Forwarded-For, must be refused: key the limit on request.ip, which Fastify takes from a proxy's header only when one is trusted`,
    ).toBe(429);
  });

  it('someone guessing your password from another address does not lock you out', async () => {
    const email = uniqueEmail();
    await register(email);
    const limit = app.config.auth.loginAttemptsPer15Minutes;
    const from = (remoteAddress: string, password: string) =>
      app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email, password }, remoteAddress });
    for (let attempt = 0; attempt <= limit; attempt++) await from('203.0.113.66', 'a guess');
    expect((await from('203.0.113.66', 'another guess')).statusCode, 'the guesser is limited').toBe(429);
    expect(
      (await from('192.0.2.10', PASSWORD)).statusCode,
      'the account’s owner, from their own address, must still log in: a limit keyed on the email alone lets anyone lock any account',
    ).toBe(200);
  });

  it('also limits one address trying many accounts (password spraying)', async () => {
    const strict = await buildTestApp({ RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const attempt = () =>
        strict.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: uniqueEmail(), password: PASSWORD } });
      for (let i = 0; i < 3; i++) expect((await attempt()).statusCode).toBe(401);
      const limited = await attempt();
      expect(limited.statusCode, 'attempt 4 from one address, over the global limit of 3, must be refused').toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await strict.close();
    }
  });
});
