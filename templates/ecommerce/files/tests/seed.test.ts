import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_ACCOUNTS, seed } from '../src/seed.js';
import { findRoleOfUser } from '../src/users/roles-repository.js';
import { buildTestApp, type TestApp } from './helpers/test-app.js';

let app: TestApp;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

const count = async (table: string) =>
  (await app.db.query<{ rows: number }>(`SELECT count(*)::integer AS rows FROM ${table}`))[0]?.rows;

describe('the seed', () => {
  it('creates an admin, a customer and a catalogue, and running it again changes nothing', async () => {
    await seed(app.db, app.config.auth.password);
    const counts = { users: await count('users'), products: await count('products') };
    expect(counts.products).toBeGreaterThan(5);

    await seed(app.db, app.config.auth.password);
    expect({ users: await count('users'), products: await count('products') }).toEqual(counts);
  });

  it('gives the seeded accounts their roles and working passwords', async () => {
    for (const account of SEED_ACCOUNTS) {
      const login = await app.inject({
        method: 'POST',
        url: '/v1/auth/login',
        payload: { email: account.email, password: account.password },
      });
      expect(login.statusCode).toBe(200);
      const me = await app.inject({
        method: 'GET',
        url: '/v1/me',
        headers: { authorization: `Bearer ${login.json().accessToken}` },
      });
      expect(await findRoleOfUser(app.db, me.json().id)).toBe(account.role);
    }
  });
});
