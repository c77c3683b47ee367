/**
 * What a client meets first: products can be sent back with their currency, `/v1/me` says who
 * is an admin, and admins see the archived part of the catalogue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Product } from '../../src/products/products-schemas.js';
import { registerAndLogin } from '../helpers/auth.js';
import { createProduct, registerAdmin, type TestUser } from '../helpers/shop.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let admin: TestUser;
let customer: TestUser;
beforeAll(async () => {
  app = await buildTestApp();
  admin = await registerAdmin(app);
  customer = await registerAndLogin(app);
});
afterAll(() => app.close());

const newProduct = (extra: Record<string, unknown> = {}) => ({
  sku: `CUR-${Math.random().toString(36).slice(2, 10)}`,
  name: 'Currency mug',
  category: 'kitchen',
  priceCents: 1500,
  stock: 3,
  ...extra,
});

describe('currency in a product body', () => {
  it("the shop's currency is accepted, on create and on change", async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/v1/products',
      headers: admin.headers,
      payload: newProduct({ currency: 'EUR' }),
    });
    expect(created.statusCode).toBe(201);
    const product = created.json<Product>();
    expect(product.currency).toBe('EUR');
    // A client sends back what it got: the whole product minus what the server owns.
    const { id, createdAt, updatedAt, ...editable } = product;
    const changed = await app.inject({
      method: 'PATCH',
      url: `/v1/products/${id}`,
      headers: admin.headers,
      payload: editable,
    });
    expect(changed.statusCode).toBe(200);
    const onlyCurrency = await app.inject({
      method: 'PATCH',
      url: `/v1/products/${id}`,
      headers: admin.headers,
      payload: { currency: 'EUR' },
    });
    expect(onlyCurrency.statusCode).toBe(200);
  });

  it('another currency is a 400 that names it, and nothing is written', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/v1/products',
      headers: admin.headers,
      payload: newProduct({ currency: 'USD' }),
    });
    expect(created.statusCode).toBe(400);
    expect(created.json().detail).toContain('"USD" is not accepted');
    expect(created.json().detail).toContain('EUR');

    const product = await createProduct(app, admin, {});
    const changed = await app.inject({
      method: 'PATCH',
      url: `/v1/products/${product.id}`,
      headers: admin.headers,
      payload: { currency: 'GBP', priceCents: 1 },
    });
    expect(changed.statusCode).toBe(400);
    expect(changed.json().detail).toContain('"GBP"');
    const after = await app.inject({ method: 'GET', url: `/v1/products/${product.id}` });
    expect(after.json<Product>().priceCents).toBe(product.priceCents);
  });
});

describe('GET /v1/me', () => {
  it('returns the role, so a frontend knows an admin', async () => {
    const me = (user: TestUser) => app.inject({ method: 'GET', url: '/v1/me', headers: user.headers });
    expect((await me(admin)).json()).toMatchObject({ role: 'admin' });
    expect((await me(customer)).json()).toMatchObject({ role: 'customer' });
  });

  it('registration answers with the role too', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/auth/register',
      payload: { email: `role-${Date.now()}@example.com`, password: 'correct horse battery staple' },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ role: 'customer' });
  });
});

describe('GET /v1/admin/products', () => {
  it('lists archived products for admins (the public catalogue does not), and refuses customers', async () => {
    const kept = await createProduct(app, admin, {});
    const archived = await createProduct(app, admin, {});
    expect(
      (await app.inject({ method: 'DELETE', url: `/v1/products/${archived.id}`, headers: admin.headers })).statusCode,
    ).toBe(204);

    const ids = async (url: string, user?: TestUser) => {
      const response = await app.inject({ method: 'GET', url, ...(user ? { headers: user.headers } : {}) });
      expect(response.statusCode, url).toBe(200);
      return response.json<{ items: Product[] }>().items.map((product) => product.id);
    };
    expect(await ids('/v1/admin/products?status=archived&limit=100', admin)).toContain(archived.id);
    expect(await ids('/v1/admin/products?status=archived&limit=100', admin)).not.toContain(kept.id);
    expect(await ids('/v1/admin/products?limit=100', admin)).toEqual(expect.arrayContaining([kept.id, archived.id]));
    expect(await ids('/v1/admin/products?status=active&limit=100', admin)).not.toContain(archived.id);
    expect(await ids('/v1/products?limit=100')).not.toContain(archived.id);
    expect((await app.inject({ method: 'GET', url: '/v1/admin/products', headers: customer.headers })).statusCode).toBe(
      403,
    );
  });
});
