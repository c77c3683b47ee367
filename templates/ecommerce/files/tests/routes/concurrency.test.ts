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
  it('50 buyers for 5 units: exactly 5 sold, stock 0, every other buyer a 409, nothing else taken', async () => {
    const scarce = await createProduct(first, admin, { name: 'Limited print', stock: 5, priceCents: 9900 });
    const plenty = await createProduct(first, admin, { name: 'Postcard', stock: 1000, priceCents: 150 });
    const buyers: TestUser[] = [];
    for (let i = 0; i < 50; i++) {
      const buyer = await registerAndLogin(first);
      // Half the carts got the products in one order, half in the other: checkout must lock
      // rows in one order regardless (by product id), or two checkouts could deadlock.
      const lines: [string, number][] = [
        [scarce.id, 1],
        [plenty.id, 2],
      ];
      for (const [productId, quantity] of i % 2 === 0 ? lines : lines.reverse()) {
        await putInCart(first, buyer, productId, quantity);
      }
      buyers.push(buyer);
    }

    const responses = await Promise.all(buyers.map((buyer, i) => checkOut(instance(i), buyer)));

    const sold = responses.filter((response) => response.statusCode === 201);
    const refused = responses.filter((response) => response.statusCode !== 201);
    expect(sold).toHaveLength(5);
    expect(refused.map((response) => response.statusCode)).toEqual(Array(45).fill(409));
    for (const response of refused) expect(response.json().detail).toContain('Limited print');
    expect(await stockOf(first, scarce.id)).toBe(0);

    // What left the shelves is exactly what the orders say was sold, for both products.
    const [lines] = await first.db.query<{ scarce: number; plenty: number }>(
      `SELECT coalesce(sum(quantity) FILTER (WHERE product_id = $1), 0)::integer AS scarce,
              coalesce(sum(quantity) FILTER (WHERE product_id = $2), 0)::integer AS plenty
       FROM order_lines`,
      [scarce.id, plenty.id],
    );
    expect(lines).toEqual({ scarce: 5, plenty: 10 });
    expect(await stockOf(first, plenty.id)).toBe(1000 - 10);
    for (const response of sold) expect(response.json<Order>().totalCents).toBe(9900 + 2 * 150);
  });

  it('concurrent cancels of one order restock once', async () => {
    const product = await createProduct(first, admin, { stock: 10 });
    const buyer = await registerAndLogin(first);
    await putInCart(first, buyer, product.id, 4);
    const order = (await checkOut(first, buyer)).json<Order>();
    expect(await stockOf(first, product.id)).toBe(6);

    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        instance(i).inject({ method: 'POST', url: `/v1/orders/${order.id}/cancel`, headers: buyer.headers }),
      ),
    );
    expect(responses.filter((response) => response.statusCode === 200)).toHaveLength(1);
    expect(responses.filter((response) => response.statusCode === 409)).toHaveLength(9);
    expect(await stockOf(first, product.id)).toBe(10);
  });

  it('one checkout sent concurrently with one Idempotency-Key to both instances creates one order', async () => {
    const product = await createProduct(first, admin, { stock: 10 });
    const buyer = await registerAndLogin(first);
    await putInCart(first, buyer, product.id, 3);

    const responses = await Promise.all(Array.from({ length: 8 }, (_, i) => checkOut(instance(i), buyer, 'one-key')));
    const orderIds = new Set(responses.filter((r) => r.statusCode === 201).map((r) => r.json<Order>().id));
    expect(orderIds.size).toBe(1);
    expect(responses.every((r) => r.statusCode === 201 || r.statusCode === 409)).toBe(true);
    const [count] = await first.db.query<{ orders: number }>(
      'SELECT count(*)::integer AS orders FROM orders WHERE user_id = $1',
      [buyer.userId],
    );
    expect(count?.orders).toBe(1);
    expect(await stockOf(first, product.id)).toBe(7);
  });

  it('a product added while the cart is checked out is bought or stays in the cart, never lost', async () => {
    const [a, b] = [
      await createProduct(first, admin, { stock: 100 }),
      await createProduct(first, admin, { stock: 100 }),
    ];
    for (let trial = 0; trial < 12; trial++) {
      const buyer = await registerAndLogin(first);
      await putInCart(first, buyer, a.id, 1);
      const [checkout, added] = await Promise.all([checkOut(first, buyer), putInCart(second, buyer, b.id, 1)]);
      expect(checkout.statusCode, checkout.body).toBe(201);
      expect(added.statusCode, added.body).toBe(200);

      const bought = checkout.json<Order>().items.map((line) => line.productId);
      const cart = (await first.inject({ method: 'GET', url: '/v1/cart', headers: buyer.headers })).json<{
        items: { productId: string }[];
      }>();
      const inCart = cart.items.map((item) => item.productId);
      expect(bought).toContain(a.id);
      // B was added before the checkout (then it was bought) or after it (then it is still there).
      expect(bought.includes(b.id) !== inCart.includes(b.id), `trial ${trial}: B lost or doubled`).toBe(true);
      expect(inCart).not.toContain(a.id);
    }
  });

  it('the 50-line cart limit holds when 60 different products are added at once', async () => {
    const products = [];
    for (let i = 0; i < 60; i++) products.push(await createProduct(first, admin, { stock: 10 }));
    const buyer = await registerAndLogin(first);

    const responses = await Promise.all(products.map((product, i) => putInCart(instance(i), buyer, product.id, 1)));

    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 200)).toHaveLength(50);
    expect(statuses.filter((status) => status === 409)).toHaveLength(10);
    const [row] = await first.db.query<{ lines: number }>(
      'SELECT count(*)::integer AS lines FROM cart_items WHERE user_id = $1',
      [buyer.userId],
    );
    expect(row?.lines).toBe(50);
  });

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
