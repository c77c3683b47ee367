import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Order } from '../../src/orders/orders-schemas.js';
import { setRoleByEmail } from '../../src/users/roles-repository.js';
import { registerAndLogin } from '../helpers/auth.js';
import { checkOut, createProduct, putInCart, registerAdmin, type TestUser } from '../helpers/shop.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let admin: TestUser;
let customer: TestUser;
/** Every operation the OpenAPI document tags `admin`: read from the live route table. */
let adminOperations: { method: string; url: string }[];

beforeAll(async () => {
  app = await buildTestApp();
  admin = await registerAdmin(app);
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

  it('the role cannot be set through the API', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/auth/register',
      payload: { email: 'sneaky@example.com', password: 'correct horse battery staple', role: 'admin' },
    });
    expect(response.statusCode).toBe(400);
  });
});

describe('order management', () => {
  it('an admin lists everyone’s orders and filters them by status', async () => {
    const product = await createProduct(app, admin, { stock: 10 });
    const buyers = [await registerAndLogin(app), await registerAndLogin(app)];
    const orders: Order[] = [];
    for (const buyer of buyers) {
      await putInCart(app, buyer, product.id, 1);
      orders.push((await checkOut(app, buyer)).json<Order>());
    }
    await app.inject({
      method: 'POST',
      url: `/v1/orders/${orders[0]?.id}/pay`,
      headers: buyers[0]?.headers,
      payload: { paymentMethod: 'test_success' },
    });

    const all = await app.inject({ method: 'GET', url: '/v1/admin/orders', headers: admin.headers });
    expect(all.json<{ items: Order[] }>().items.map((order) => order.userId)).toEqual(
      expect.arrayContaining(buyers.map((buyer) => buyer.userId)),
    );
    const paid = await app.inject({ method: 'GET', url: '/v1/admin/orders?status=paid', headers: admin.headers });
    expect(paid.json<{ items: Order[] }>().items.map((order) => order.id)).toEqual([orders[0]?.id]);
  });

  it('an admin ships and delivers a paid order', async () => {
    const product = await createProduct(app, admin, { stock: 10 });
    const buyer = await registerAndLogin(app);
    await putInCart(app, buyer, product.id, 1);
    const order = (await checkOut(app, buyer)).json<Order>();
    await app.inject({
      method: 'POST',
      url: `/v1/orders/${order.id}/pay`,
      headers: buyer.headers,
      payload: { paymentMethod: 'test_success' },
    });
    for (const status of ['shipped', 'delivered']) {
      const response = await app.inject({
        method: 'PATCH',
        url: `/v1/admin/orders/${order.id}`,
        headers: admin.headers,
        payload: { status },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json().status).toBe(status);
    }
  });

  it('an unknown order is a 404', async () => {
    const response = await app.inject({
      method: 'PATCH',
      url: '/v1/admin/orders/00000000-0000-4000-8000-000000000000',
      headers: admin.headers,
      payload: { status: 'shipped' },
    });
    expect(response.statusCode).toBe(404);
  });
});
