/**
 * Overselling is a race: it only shows up when requests really run at the same time. On
 * PostgreSQL (TEST_DATABASE_URL) these tests fire requests concurrently at TWO app instances
 * with their own connection pools on one database, as behind a load balancer. On PGlite (one
 * connection) the same requests are serialized, and the same invariants must hold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Order } from '../../src/orders/orders-schemas.js';
import { registerAndLogin } from '../helpers/auth.js';
import { checkOut, createProduct, putInCart, startTwoInstances, stockOf, type TestUser } from '../helpers/shop.js';
import type { TestApp } from '../helpers/test-app.js';

let first: TestApp;
let second: TestApp;
let admin: TestUser;
beforeAll(async () => {
  ({ first, second, admin } = await startTwoInstances());
});
afterAll(async () => {
  await second.close();
  await first.close();
});

/** Alternates between the two instances, like a round-robin load balancer. */
const instance = (index: number) => (index % 2 === 0 ? first : second);

// Each test first sets up dozens of users, products and carts one by one: on a busy machine
// that alone can outlast the default 20 s.
describe.runIf(process.env.TEST_DATABASE_URL)(
  'idempotency keys across two instances on PostgreSQL',
  { timeout: 90_000 },
  () => {
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

    it('a retry that reaches the other instance returns the same order', async () => {
      const product = await createProduct(first, admin, { stock: 10 });
      const buyer = await registerAndLogin(first);
      await putInCart(first, buyer, product.id, 2);
      const firstTry = await checkOut(first, buyer, 'retry-elsewhere');
      const retry = await checkOut(second, buyer, 'retry-elsewhere');
      expect(firstTry.statusCode).toBe(201);
      expect(retry.statusCode, retry.body).toBe(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.json<Order>().id).toBe(firstTry.json<Order>().id);
      expect(await stockOf(first, product.id)).toBe(8);
    });
  },
);
