/** Shop fixtures for tests: admins, products, carts and checkouts in one call each. */
import { randomUUID } from 'node:crypto';
import type { Product } from '../../src/products/products-schemas.js';
import { setRoleByEmail } from '../../src/users/roles-repository.js';
import { registerAndLogin } from './auth.js';
import type { TestApp } from './test-app.js';

export type TestUser = Awaited<ReturnType<typeof registerAndLogin>>;

/** Admins are made the way the CLI makes them (there is no API for it). */
export async function registerAdmin(app: TestApp): Promise<TestUser> {
  const user = await registerAndLogin(app);
  await setRoleByEmail(app.db, user.email, 'admin');
  return user;
}

export async function createProduct(
  app: TestApp,
  admin: TestUser,
  fields: Partial<{
    sku: string;
    name: string;
    description: string;
    category: string;
    priceCents: number;
    stock: number;
  }> = {},
): Promise<Product> {
  const response = await app.inject({
    method: 'POST',
    url: '/v1/products',
    headers: admin.headers,
    payload: {
      sku: `SKU-${randomUUID()}`,
      name: 'Enamel mug',
      description: 'Holds 350 ml of coffee.',
      category: 'kitchen',
      priceCents: 1250,
      stock: 10,
      ...fields,
    },
  });
  if (response.statusCode !== 201) throw new Error(`create product failed: ${response.statusCode} ${response.body}`);
  return response.json<Product>();
}

export function putInCart(app: TestApp, user: TestUser, productId: string, quantity: number) {
  return app.inject({
    method: 'PUT',
    url: `/v1/cart/items/${productId}`,
    headers: user.headers,
    payload: { quantity },
  });
}

export function checkOut(app: TestApp, user: TestUser, idempotencyKey?: string) {
  return app.inject({
    method: 'POST',
    url: '/v1/orders',
    headers: { ...user.headers, ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
  });
}

export async function stockOf(app: TestApp, productId: string): Promise<number> {
  const [row] = await app.db.query<{ stock: number }>('SELECT stock FROM products WHERE id = $1', [productId]);
  if (!row) throw new Error(`no product ${productId}`);
  return row.stock;
}

export async function countOrdersOf(app: TestApp, userId: string): Promise<number> {
  const [row] = await app.db.query<{ orders: number }>(
    'SELECT count(*)::integer AS orders FROM orders WHERE user_id = $1',
    [userId],
  );
  return row?.orders ?? 0;
}
