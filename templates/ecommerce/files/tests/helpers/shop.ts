/** Shop fixtures for tests: admins, products, carts and checkouts in one call each. */
import { randomUUID } from 'node:crypto';
import { vi } from 'vitest';
import type { Product } from '../../src/products/products-schemas.js';
import { setRoleByEmail } from '../../src/users/roles-repository.js';
import { registerAndLogin } from './auth.js';
import { buildTestApp, type TestApp } from './test-app.js';

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

/**
 * Two app instances on one database, as behind a load balancer, with an admin to stock the shop.
 * Both accept each other's tokens, allow far more requests than the default rate limit, and look
 * for expired orders every second, as two servers would. The second is a separate copy of the
 * code, as in a second process: modules are loaded anew, so nothing kept in a module's memory is
 * shared. Only the database is.
 */
export async function startTwoInstances(): Promise<{ first: TestApp; second: TestApp; admin: TestUser }> {
  const env = {
    JWT_SECRET: 'concurrency-test-secret-that-is-long-enough-0123456789',
    RATE_LIMIT_PER_MINUTE: '100000',
    ORDER_EXPIRY_CHECK_SECONDS: '1',
    // 50 checkouts at once queue for 2 × 10 connections; on a busy machine the wait can pass the
    // default and answer 503 (correctly, but these tests are about stock, not about overload).
    DATABASE_POOL_TIMEOUT_MS: '60000',
  };
  const first = await buildTestApp(env);
  vi.resetModules();
  const { buildSecondInstance } = await import('./second-instance.js');
  const second = await buildSecondInstance(first, env);
  return { first, second, admin: await registerAdmin(first) };
}
