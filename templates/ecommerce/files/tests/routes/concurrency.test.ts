/**
 * Overselling is a race: it only shows up when requests really run at the same time. On
 * PostgreSQL (TEST_DATABASE_URL) these tests fire requests concurrently at TWO app instances
 * with their own connection pools on one database, as behind a load balancer. On PGlite (one
 * connection) the same requests are serialized, and the same invariants must hold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Order } from '../../src/orders/orders-schemas.js';
import { expireUnpaidOrders } from '../../src/orders/orders-service.js';
import { registerAndLogin } from '../helpers/auth.js';
import { buildSecondInstance } from '../helpers/second-instance.js';
import { checkOut, createProduct, putInCart, registerAdmin, stockOf, type TestUser } from '../helpers/shop.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

// Both instances must accept each other's tokens, and the test sends more than the default
// global rate limit allows from one address in a minute.
// Both instances also look for expired orders every second, as two servers would.
const env = {
  JWT_SECRET: 'concurrency-test-secret-that-is-long-enough-0123456789',
  RATE_LIMIT_PER_MINUTE: '100000',
  ORDER_EXPIRY_CHECK_SECONDS: '1',
  // 50 checkouts at once queue for 2 × 10 connections; on a busy machine the wait can pass the
  // default and answer 503 (correctly, but this test is about stock, not about overload).
  DATABASE_POOL_TIMEOUT_MS: '60000',
};

let first: TestApp;
let second: TestApp;
let admin: TestUser;
beforeAll(async () => {
  first = await buildTestApp(env);
  second = await buildSecondInstance(first, env);
  admin = await registerAdmin(first);
});
afterAll(async () => {
  await second.close();
  await first.close();
});

/** Alternates between the two instances, like a round-robin load balancer. */
const instance = (index: number) => (index % 2 === 0 ? first : second);

// Each test first sets up dozens of users, products and carts one by one: on a busy machine
// that alone can outlast the default 20 s.
describe('under concurrency', { timeout: 90_000 }, () => {
  it('unpaid orders expire and are restocked exactly once, with both instances expiring at the same moment', async () => {
    const product = await createProduct(first, admin, { stock: 10 });
    const orders: Order[] = [];
    for (let i = 0; i < 3; i++) {
      const buyer = await registerAndLogin(first);
      await putInCart(first, buyer, product.id, 2);
      orders.push((await checkOut(first, buyer)).json<Order>());
    }
    const fresh = await registerAndLogin(first);
    await putInCart(first, fresh, product.id, 1);
    const freshOrder = (await checkOut(first, fresh)).json<Order>();
    expect(await stockOf(first, product.id)).toBe(3);

    // The three orders' payment window (30 minutes by default) is over.
    await first.db.query(`UPDATE orders SET created_at = now() - interval '31 minutes' WHERE id = ANY($1::uuid[])`, [
      orders.map((order) => order.id),
    ]);
    // Explicit runs from both instances at once, racing each other and both instances' timers.
    const expired = await Promise.all(Array.from({ length: 6 }, (_, i) => expireUnpaidOrders(instance(i).db, 30)));
    await new Promise((resolve) => setTimeout(resolve, 2_500)); // let the timers run again too

    expect(expired.reduce((sum, count) => sum + count, 0)).toBeLessThanOrEqual(3);
    expect(await stockOf(first, product.id)).toBe(10 - 1); // the fresh order still holds its unit
    const statuses = await first.db.query<{ id: string; status: string }>(
      'SELECT id, status FROM orders WHERE id = ANY($1::uuid[])',
      [[...orders.map((order) => order.id), freshOrder.id]],
    );
    for (const order of orders) expect(statuses.find((row) => row.id === order.id)?.status).toBe('expired');
    expect(statuses.find((row) => row.id === freshOrder.id)?.status).toBe('pending_payment');
  });
});
