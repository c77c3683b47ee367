import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setRoleByEmail } from '../../src/users/roles-repository.js';
import { registerAndLogin } from '../helpers/auth.js';
import { registerAdmin, type TestUser } from '../helpers/shop.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let customer: TestUser;
/** Every operation the OpenAPI document tags `admin`: read from the live route table. */
let adminOperations: { method: string; url: string }[];

beforeAll(async () => {
  app = await buildTestApp();
  customer = await registerAndLogin(app);
  const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<{
    paths: Record<string, Record<string, { tags?: string[] }>>;
  }>();
  const anId = '00000000-0000-4000-8000-000000000000';
  adminOperations = Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations)
      .filter(([, operation]) => operation.tags?.includes('admin'))
      .map(([method, _]) => ({ method: method.toUpperCase(), url: path.replace(/\{[^}]+\}/g, anId) })),
  );
});
afterAll(() => app.close());

describe('admin routes', () => {
  it('are all found in the route table (so the checks below cover them)', () => {
    expect(adminOperations.map(({ method, url }) => `${method} ${url.replace(/[0-9a-f-]{36}/, ':id')}`).sort()).toEqual(
      [
        'DELETE /v1/products/:id',
        'GET /v1/admin/orders',
        'GET /v1/admin/products',
        'PATCH /v1/admin/orders/:id',
        'PATCH /v1/products/:id',
        'POST /v1/products',
      ],
    );
  });

  it('every /v1/admin route is tagged admin', async () => {
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<{
      paths: Record<string, Record<string, { tags?: string[] }>>;
    }>();
    for (const [path, operations] of Object.entries(document.paths).filter(([path]) => path.startsWith('/v1/admin'))) {
      for (const operation of Object.values(operations)) expect(operation.tags, path).toContain('admin');
    }
  });

  it('answer 403 to a customer, before looking at the body', async () => {
    for (const { method, url } of adminOperations) {
      const response = await app.inject({
        method: method as 'GET',
        url,
        headers: customer.headers,
        ...(method === 'GET' || method === 'DELETE' ? {} : { payload: { sku: 'x', status: 'shipped' } }),
      });
      expect(response.statusCode, `${method} ${url}`).toBe(403);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('answer 401 without a token', async () => {
    for (const { method, url } of adminOperations) {
      expect((await app.inject({ method: method as 'GET', url })).statusCode, `${method} ${url}`).toBe(401);
    }
  });

  it('a demoted admin loses access at once, with the same token', async () => {
    const formerAdmin = await registerAdmin(app);
    expect(
      (await app.inject({ method: 'GET', url: '/v1/admin/orders', headers: formerAdmin.headers })).statusCode,
    ).toBe(200);
    await setRoleByEmail(app.db, formerAdmin.email, 'customer');
    expect(
      (await app.inject({ method: 'GET', url: '/v1/admin/orders', headers: formerAdmin.headers })).statusCode,
    ).toBe(403);
  });

  it('reads the role on every request: an admin promoted after logging in gets in with the same token', async () => {
    const later = await registerAndLogin(app);
    const url = '/v1/admin/orders';
    expect((await app.inject({ method: 'GET', url, headers: later.headers })).statusCode).toBe(403);
    await setRoleByEmail(app.db, later.email, 'admin');
    expect((await app.inject({ method: 'GET', url, headers: later.headers })).statusCode).toBe(200);
  });

  it('allows admins only: a token whose account no longer exists is a 403, not an admin', async () => {
    // Access tokens stay valid until they expire; the account behind this one is gone.
    const gone = await registerAdmin(app);
    await app.db.query('DELETE FROM users WHERE id = $1', [gone.userId]);
    const response = await app.inject({ method: 'GET', url: '/v1/admin/orders', headers: gone.headers });
    expect(response.statusCode, 'an account without the admin role must get 403').toBe(403);
  });

  it('the role cannot be set through the API', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/auth/register',
      payload: { email: 'sneaky@example.com', password: 'correct horse battery staple', role: 'admin' },
    });
    expect(response.statusCode).toBe(400);
  });
});
