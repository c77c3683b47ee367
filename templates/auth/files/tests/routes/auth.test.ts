import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AccountExtrasSchema } from '../../src/auth/account-extras.js';
import { registerAndLogin, uniqueEmail } from '../helpers/auth.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

/** What an account response holds: the auth layer's fields and the project's (src/auth/account-extras.ts). */
const ACCOUNT_FIELDS = ['createdAt', 'email', 'id', ...Object.keys(AccountExtrasSchema.properties)].sort();

let app: TestApp;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

const PASSWORD = 'correct horse battery staple';

const post = (url: string, payload: unknown) => app.inject({ method: 'POST', url, payload: payload as object });
const register = (email: string, password = PASSWORD) => post('/v1/auth/register', { email, password });
const login = (email: string, password = PASSWORD) => post('/v1/auth/login', { email, password });
const refresh = (refreshToken: string) => post('/v1/auth/refresh', { refreshToken });
const me = (authorization?: string) =>
  app.inject({ method: 'GET', url: '/v1/me', headers: authorization ? { authorization } : {} });

describe('login', () => {
  it('returns an access token and a refresh token', async () => {
    const email = uniqueEmail();
    await register(email);
    const response = await login(email);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: 900,
    });
    expect((await me(`Bearer ${response.json().accessToken}`)).json().email).toBe(email);
  });

  it('says that tokens must never be cached (login, refresh and the account itself)', async () => {
    const { refreshToken, headers } = await registerAndLogin(app);
    const refreshed = await refresh(refreshToken);
    expect(refreshed.statusCode).toBe(200);
    expect(refreshed.headers['cache-control']).toBe('no-store');
    const email = uniqueEmail();
    await register(email);
    expect((await login(email)).headers['cache-control']).toBe('no-store');
    expect((await app.inject({ method: 'GET', url: '/v1/me', headers })).headers['cache-control']).toBe('no-store');
  });

  it('accepts the email in any case and spacing', async () => {
    const email = uniqueEmail();
    await register(email);
    expect((await login(`  ${email.toUpperCase()}`)).statusCode).toBe(200);
  });

  it('answers a wrong password and an unknown email with the same 401', async () => {
    const email = uniqueEmail();
    await register(email);
    const wrongPassword = await login(email, 'not the right password');
    const unknownEmail = await login(uniqueEmail(), 'not the right password');
    expect(wrongPassword.statusCode).toBe(401);
    expect(unknownEmail.statusCode).toBe(401);
    expect(unknownEmail.json()).toEqual(wrongPassword.json());
    expect(unknownEmail.headers['content-type']).toBe(wrongPassword.headers['content-type']);
  });

  it('compares the whole password, never a truncated prefix', async () => {
    // bcrypt, for one, silently ignores everything after 72 bytes.
    const email = uniqueEmail();
    await register(email, `${'a'.repeat(100)}1`);
    expect((await login(email, `${'a'.repeat(100)}2`)).statusCode).toBe(401);
    expect((await login(email, `${'a'.repeat(100)}1`)).statusCode).toBe(200);
  });

  it('upgrades a hash made with other parameters at the next login', async () => {
    const { email, password, userId } = await registerAndLogin(app);
    const { hashPassword } = await import('../../src/auth/passwords.js');
    const oldHash = await hashPassword(password, { memoryCost: 2048, timeCost: 1, parallelism: 1 });
    await app.db.query('UPDATE users SET password_hash = $2 WHERE id = $1', [userId, oldHash]);

    expect((await login(email, password)).statusCode).toBe(200);
    const [row] = await app.db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [
      userId,
    ]);
    const { memoryCost, timeCost } = app.config.auth.password;
    expect(row?.password_hash).toContain(`m=${memoryCost},t=${timeCost},p=1`);
  });
});

describe('login keeps a current hash', () => {
  it('does not rehash a hash made with the current parameters', async () => {
    const { email, userId } = await registerAndLogin(app);
    const hashOf = async () =>
      (await app.db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [userId]))[0]
        ?.password_hash;
    const before = await hashOf();
    expect((await login(email)).statusCode).toBe(200);
    // A new salt would change the hash: the login must have left it alone.
    expect(await hashOf()).toBe(before);
  });
});

describe('access tokens', () => {
  let user: Awaited<ReturnType<typeof registerAndLogin>>;
  beforeAll(async () => {
    user = await registerAndLogin(app);
  });

  const signed = (claims: Record<string, unknown>, options: { alg?: string; secret?: string } = {}) => {
    const { jwtSecret, issuer, audience } = app.config.auth;
    const now = Math.floor(Date.now() / 1000);
    const defaults = { sub: user.userId, email: user.email, iss: issuer, aud: audience, iat: now, exp: now + 60 };
    return new SignJWT({ ...defaults, ...claims })
      .setProtectedHeader({ alg: options.alg ?? 'HS256' })
      .sign(new TextEncoder().encode(options.secret ?? jwtSecret));
  };

  const expectRejected = async (token: string) => {
    const response = await me(`Bearer ${token}`);
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.headers['content-type']).toContain('application/problem+json');
    return response;
  };
  /** Rejected as not valid: only an expired token says it expired (a refresh would not help these). */
  const expectNotValid = async (token: string) => {
    const { detail } = (await expectRejected(token)).json();
    expect(detail).toMatch(/not valid|invalid/i);
    expect(detail).not.toMatch(/expire/i);
  };

  it('login’s access token says who, for which API, and until when', async () => {
    const [header, payload] = user.accessToken
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    const { issuer, audience, accessTokenTtlSeconds } = app.config.auth;
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toEqual({
      sub: user.userId,
      email: user.email,
      iss: issuer,
      aud: audience,
      iat: expect.any(Number),
      exp: expect.any(Number),
    });
    expect(payload.exp - payload.iat).toBe(accessTokenTtlSeconds);
    expect(Math.abs(payload.iat - Date.now() / 1000)).toBeLessThan(60);
  });

  it('a protected route without a token is a 401', async () => {
    await expectRejected('');
    const response = await me();
    expect(response.statusCode).toBe(401);
    expect(response.json().detail).toContain('Authorization: Bearer');
  });

  it('requests with a missing or bad token count against the rate limit', async () => {
    const strict = await buildTestApp({ RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const tokens = [undefined, 'Bearer not-a-jwt', 'Basic abc'];
      for (const authorization of tokens) {
        const response = await strict.inject({
          method: 'GET',
          url: '/v1/me',
          headers: authorization ? { authorization } : {},
        });
        expect(response.statusCode).toBe(401);
      }
      const limited = await strict.inject({ method: 'GET', url: '/v1/me' });
      expect(limited.statusCode).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await strict.close();
    }
  });

  it('accepts only the Bearer scheme', async () => {
    expect((await me(`Basic ${user.accessToken}`)).statusCode).toBe(401);
    expect((await me(`bearer ${user.accessToken}`)).statusCode).toBe(200);
  });

  it('accepts exactly `Bearer <token>`, nothing around it', async () => {
    expect((await me(`Bearer ${user.accessToken}`)).statusCode).toBe(200);
    for (const header of [
      `Bearer ${user.accessToken} extra`,
      `Bearer  ${user.accessToken}`,
      `Bearer`,
      `${user.accessToken}`,
    ]) {
      expect({ header, status: (await me(header)).statusCode }).toEqual({ header, status: 401 });
    }
  });

  it('rejects an expired token', async () => {
    const past = Math.floor(Date.now() / 1000) - 3600;
    await expectRejected(await signed({ iat: past, exp: past + 60 }));
    expect((await me(`Bearer ${await signed({ iat: past, exp: past + 60 })}`)).json().detail).toContain('expired');
  });

  it('stops accepting a token when it expires, even one it accepted before', async () => {
    // Each request checks `exp` again: a token that worked a minute ago is refused once it expired.
    const token = await signed({ exp: Math.floor(Date.now() / 1000) + 60 });
    expect((await me(`Bearer ${token}`)).statusCode).toBe(200);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 61_000 });
    try {
      const response = await me(`Bearer ${token}`);
      expect(response.statusCode).toBe(401);
      expect(response.json().detail).toContain('expired');
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects a tampered token', async () => {
    const other = await registerAndLogin(app);
    const [header, payload, signature] = user.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: other.userId })).toString('base64url');
    await expectNotValid(`${header}.${forged}.${signature}`);
  });

  it('rejects `alg: none` and every algorithm but HS256', async () => {
    const payload = user.accessToken.split('.')[1];
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    await expectNotValid(`${none}.${payload}.`);
    await expectNotValid(await signed({}, { alg: 'HS512' }));
  });

  it('rejects a token signed with another secret', async () => {
    await expectNotValid(await signed({}, { secret: 'x'.repeat(32) }));
  });

  it('rejects a token for another audience or from another issuer', async () => {
    await expectNotValid(await signed({ aud: 'some-other-api' }));
    await expectNotValid(await signed({ iss: 'someone-else' }));
  });

  it('rejects a token missing a required claim', async () => {
    await expectNotValid(await signed({ exp: undefined }));
    await expectNotValid(await signed({ iat: undefined }));
    await expectNotValid(await signed({ sub: undefined }));
    await expectNotValid(await signed({ iss: undefined }));
    await expectNotValid(await signed({ aud: undefined }));
  });

  it('rejects a validly signed token without the claims the app relies on', async () => {
    await expectNotValid(await signed({ email: undefined }));
    await expectNotValid(await signed({ email: 42 }));
    await expectNotValid(await signed({ sub: 42 }));
  });

  it('accepts a token with every claim right, so the rejections above are for the reason named', async () => {
    expect((await me(`Bearer ${await signed({})}`)).statusCode).toBe(200);
  });
});

describe('refresh tokens', () => {
  it('a refresh returns a new pair and spends the old refresh token', async () => {
    const { refreshToken } = await registerAndLogin(app);
    const first = await refresh(refreshToken);
    expect(first.statusCode).toBe(200);
    const pair = first.json();
    expect(pair.refreshToken).not.toBe(refreshToken);
    expect((await me(`Bearer ${pair.accessToken}`)).statusCode).toBe(200);
    expect((await refresh(refreshToken)).statusCode).toBe(401);
  });

  it('stores only a hash of each refresh token', async () => {
    const { refreshToken, userId } = await registerAndLogin(app);
    const rows = await app.db.query<{ token_hash: string }>(
      'SELECT token_hash FROM refresh_tokens WHERE user_id = $1',
      [userId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]?.token_hash).not.toContain(refreshToken);
  });

  it('a refresh token reused after rotation revokes its whole family', async () => {
    const { refreshToken: stolen } = await registerAndLogin(app);
    const rotated = (await refresh(stolen)).json().refreshToken;

    expect((await refresh(stolen)).statusCode).toBe(401);
    // The legitimate holder's newer token is gone too: we cannot tell thief from user.
    expect((await refresh(rotated)).statusCode).toBe(401);
  });

  it('revoking one family leaves the user’s other logins alone', async () => {
    const user = await registerAndLogin(app);
    const otherDevice = (await login(user.email)).json().refreshToken;
    await refresh(user.refreshToken);
    await refresh(user.refreshToken); // reuse: revokes the first login's family
    expect((await refresh(otherDevice)).statusCode).toBe(200);
  });

  it('an expired refresh token is a 401', async () => {
    const { refreshToken, userId } = await registerAndLogin(app);
    await app.db.query("UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1", [
      userId,
    ]);
    expect((await refresh(refreshToken)).statusCode).toBe(401);
  });

  it('a login’s refresh token expires refreshTokenTtlDays from now', async () => {
    const loggedInAt = Date.now();
    const { userId } = await registerAndLogin(app);
    const [row] = await app.db.query<{ expires_at: Date }>('SELECT expires_at FROM refresh_tokens WHERE user_id = $1', [
      userId,
    ]);
    const expected = loggedInAt + app.config.auth.refreshTokenTtlDays * 24 * 60 * 60 * 1000;
    expect(Math.abs((row?.expires_at.getTime() ?? 0) - expected)).toBeLessThan(60_000);
  });

  it('a rotated token keeps the expiry of its login', async () => {
    const { refreshToken, userId } = await registerAndLogin(app);
    await refresh(refreshToken);
    const rows = await app.db.query<{ expires_at: Date }>('SELECT expires_at FROM refresh_tokens WHERE user_id = $1', [
      userId,
    ]);
    expect(rows).toHaveLength(2);
    expect(rows[0]?.expires_at.getTime()).toBe(rows[1]?.expires_at.getTime());
  });

  it('an unknown refresh token is a 401', async () => {
    expect((await refresh('not-a-token-we-issued')).statusCode).toBe(401);
  });
});

describe('logout', () => {
  it('ends the session: its refresh tokens stop working', async () => {
    const { refreshToken } = await registerAndLogin(app);
    const rotated = (await refresh(refreshToken)).json().refreshToken;
    const response = await post('/v1/auth/logout', { refreshToken: rotated });
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expect((await refresh(rotated)).statusCode).toBe(401);
  });

  it('ends only that session: the same user’s other logins keep working', async () => {
    const user = await registerAndLogin(app);
    const otherDevice = (await login(user.email)).json().refreshToken;
    expect((await post('/v1/auth/logout', { refreshToken: user.refreshToken })).statusCode).toBe(204);
    expect((await refresh(user.refreshToken)).statusCode).toBe(401);
    expect((await refresh(otherDevice)).statusCode).toBe(200);
  });

  it('answers 204 for a token it does not know, revealing nothing', async () => {
    expect((await post('/v1/auth/logout', { refreshToken: 'unknown' })).statusCode).toBe(204);
  });
});

describe('GET /v1/me', () => {
  it('returns the caller', async () => {
    const user = await registerAndLogin(app);
    const response = await me(user.headers.authorization);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: user.userId, email: user.email, createdAt: expect.any(String) });
    expect(Object.keys(response.json()).sort()).toEqual(ACCOUNT_FIELDS);
  });
});
