import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Product } from '../../src/products/products-schemas.js';
import { registerAndLogin } from '../helpers/auth.js';
import { createProduct, registerAdmin, type TestUser } from '../helpers/shop.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let admin: TestUser;
beforeAll(async () => {
  app = await buildTestApp();
  admin = await registerAdmin(app);
});
afterAll(() => app.close());

const list = async (query: string) => {
  const response = await app.inject({ method: 'GET', url: `/v1/products?${query}` });
  expect(response.statusCode).toBe(200);
  return response.json<{ items: Product[]; nextCursor: string | null }>();
};

describe('the catalogue', () => {
  it('an admin creates a product, and anyone can read it without logging in', async () => {
    const product = await createProduct(app, admin, { name: 'Walnut cutting board', priceCents: 4500, stock: 3 });
    expect(product).toMatchObject({
      name: 'Walnut cutting board',
      priceCents: 4500,
      currency: 'EUR',
      stock: 3,
      active: true,
    });

    const response = await app.inject({ method: 'GET', url: `/v1/products/${product.id}` });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(product);
  });

  it('a duplicate SKU is a 409', async () => {
    await createProduct(app, admin, { sku: 'DUP-1' });
    const response = await app.inject({
      method: 'POST',
      url: '/v1/products',
      headers: admin.headers,
      payload: { sku: 'DUP-1', name: 'Again', category: 'kitchen', priceCents: 1, stock: 1 },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().detail).toContain('DUP-1');
  });

  it('rejects prices and stock that are not non-negative integers, and unknown fields such as currency', async () => {
    const base = { sku: 'BAD-1', name: 'Bad', category: 'kitchen', priceCents: 100, stock: 1 };
    for (const payload of [
      { ...base, priceCents: -1 },
      { ...base, priceCents: 12.5 },
      { ...base, priceCents: '100' },
      { ...base, stock: -1 },
      { ...base, stock: 1.5 },
      { ...base, currency: 'USD' },
      { ...base, category: 'Not A Slug' },
    ]) {
      const response = await app.inject({ method: 'POST', url: '/v1/products', headers: admin.headers, payload });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
    }
  });

  it('refuses a name that shows nothing or reads in another order than it is stored', async () => {
    const base = { sku: 'TEXT-1', category: 'kitchen', priceCents: 100, stock: 1 };
    for (const name of ['   ', '\u200b\u200b', 'Mug \u202Egub', '\ufeff']) {
      const response = await app.inject({
        method: 'POST',
        url: '/v1/products',
        headers: admin.headers,
        payload: { ...base, name },
      });
      expect(response.statusCode, JSON.stringify(name)).toBe(400);
      expect(response.json().errors).toEqual([expect.objectContaining({ field: '/name' })]);
    }
  });

  it('an admin changes only the fields sent', async () => {
    const product = await createProduct(app, admin, { name: 'Teapot', priceCents: 3000 });
    const response = await app.inject({
      method: 'PATCH',
      url: `/v1/products/${product.id}`,
      headers: admin.headers,
      payload: { priceCents: 2500 },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ name: 'Teapot', priceCents: 2500, sku: product.sku });
  });

  it('an empty PATCH is a 400 and an unknown product a 404', async () => {
    const product = await createProduct(app, admin);
    const empty = await app.inject({
      method: 'PATCH',
      url: `/v1/products/${product.id}`,
      headers: admin.headers,
      payload: {},
    });
    expect(empty.statusCode).toBe(400);
    const missing = await app.inject({
      method: 'PATCH',
      url: '/v1/products/00000000-0000-4000-8000-000000000000',
      headers: admin.headers,
      payload: { name: 'x' },
    });
    expect(missing.statusCode).toBe(404);
  });

  it('deleting archives: the product disappears from the shop but stays in the database', async () => {
    const product = await createProduct(app, admin, { name: 'Archived lamp' });
    const deleted = await app.inject({ method: 'DELETE', url: `/v1/products/${product.id}`, headers: admin.headers });
    expect(deleted.statusCode).toBe(204);

    expect((await app.inject({ method: 'GET', url: `/v1/products/${product.id}` })).statusCode).toBe(404);
    expect((await list('q=archived lamp')).items).toEqual([]);
    const [row] = await app.db.query<{ active: boolean }>('SELECT active FROM products WHERE id = $1', [product.id]);
    expect(row?.active).toBe(false);

    const restored = await app.inject({
      method: 'PATCH',
      url: `/v1/products/${product.id}`,
      headers: admin.headers,
      payload: { active: true },
    });
    expect(restored.json().active).toBe(true);
  });

  it('a customer cannot write the catalogue', async () => {
    const customer = await registerAndLogin(app);
    const response = await app.inject({
      method: 'POST',
      url: '/v1/products',
      headers: customer.headers,
      payload: { sku: 'NOPE', name: 'Nope', category: 'kitchen', priceCents: 1, stock: 1 },
    });
    expect(response.statusCode).toBe(403);
  });
});
