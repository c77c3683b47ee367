/**
 * Overselling is a race: it only shows up when requests really run at the same time. On
 * PostgreSQL (TEST_DATABASE_URL) these tests fire requests concurrently at TWO app instances
 * with their own connection pools on one database, as behind a load balancer. On PGlite (one
 * connection) the same requests are serialized, and the same invariants must hold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAndLogin } from '../helpers/auth.js';
import { createProduct, putInCart, startTwoInstances, type TestUser } from '../helpers/shop.js';
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
  'the cart across two instances on PostgreSQL',
  { timeout: 90_000 },
  () => {
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

    it('one product set from both instances at once: every PUT answers 200, one line holds one of the quantities', async () => {
      const product = await createProduct(first, admin, { stock: 50 });
      for (let trial = 0; trial < 5; trial++) {
        const buyer = await registerAndLogin(first);
        const quantities = Array.from({ length: 12 }, (_, i) => 1 + (i % 6));
        const responses = await Promise.all(
          quantities.map((quantity, i) => putInCart(instance(i), buyer, product.id, quantity)),
        );
        expect(
          responses.map((response) => response.statusCode),
          `trial ${trial}: ${responses.find((response) => response.statusCode !== 200)?.body}`,
        ).toEqual(quantities.map(() => 200));
        const rows = await first.db.query<{ quantity: number }>(
          'SELECT quantity FROM cart_items WHERE user_id = $1 AND product_id = $2',
          [buyer.userId, product.id],
        );
        expect(rows).toHaveLength(1);
        expect(quantities).toContain(rows[0]?.quantity);
      }
    });
  },
);
