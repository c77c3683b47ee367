/** POST /v1/auth/register: accounts, stored with an Argon2id hash of the password only. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountExtrasSchema } from '../../src/auth/account-extras.js';
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

describe('registration', () => {
  it('creates an account and never returns the password', async () => {
    const email = uniqueEmail();
    const response = await register(email);
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ id: expect.any(String), email, createdAt: expect.any(String) });
    // Nothing else (no password hash): the auth layer's fields and the project's (src/auth/account-extras.ts).
    expect(Object.keys(response.json()).sort()).toEqual(
      ['createdAt', 'email', 'id', ...Object.keys(AccountExtrasSchema.properties)].sort(),
    );
    expect(response.body).not.toContain(PASSWORD);
  });

  it('stores the password as an Argon2id hash only', async () => {
    const email = uniqueEmail();
    await register(email);
    const [row] = await app.db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE email = $1', [
      email,
    ]);
    expect(row?.password_hash).toMatch(/^\$argon2id\$/);
    expect(row?.password_hash).not.toContain(PASSWORD);
  });

  it('trims and lowercases the email before validating it', async () => {
    const email = uniqueEmail();
    const response = await register(`  ${email.toUpperCase()} `);
    expect(response.statusCode).toBe(201);
    expect(response.json().email).toBe(email);
  });

  it('a taken email is a 409, whatever its case and spacing', async () => {
    const email = uniqueEmail();
    await register(email);
    for (const variant of [email, ` ${email.toUpperCase()}  `]) {
      const response = await register(variant, 'another long password');
      expect(response.statusCode).toBe(409);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('rejects an invalid email with a 400 naming the field', async () => {
    const response = await register('not-an-email');
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([{ field: '/email', message: expect.any(String) }]);
  });

  it('requires passwords of 12 to 128 characters', async () => {
    for (const password of ['short', 'x'.repeat(11), 'x'.repeat(129)]) {
      const response = await register(uniqueEmail(), password);
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].field).toBe('/password');
    }
    expect((await register(uniqueEmail(), 'x'.repeat(128))).statusCode).toBe(201);
  });

  it('rejects unknown fields such as a role', async () => {
    const response = await post('/v1/auth/register', { email: uniqueEmail(), password: PASSWORD, role: 'admin' });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].field).toBe('/role');
  });

  it('rejects a body that is not JSON with a 415', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/auth/register',
      payload: `email=${uniqueEmail()}&password=${PASSWORD}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.statusCode).toBe(415);
  });
});
