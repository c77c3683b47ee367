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
  'checkout across two instances on PostgreSQL',
  { timeout: 90_000 },
  () => {
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

    // Before the unit limits: one fresh account's one checkout of 5 × 99 units emptied the shelves.
    it('one account cannot reserve the shop: the units it holds unpaid are bounded per product and in total', async () => {
      const products = await Promise.all(
        Array.from({ length: 5 }, (_, i) => createProduct(first, admin, { name: `Shelf ${i}`, stock: 200 })),
      );
      const [mug] = products;
      if (!mug) throw new Error('no product');
      const hoarder = await registerAndLogin(first);
      for (const product of products) await putInCart(first, hoarder, product.id, 99);
      const greedy = await checkOut(second, hoarder);
      expect(greedy.statusCode).toBe(409);
      expect(greedy.json().detail).toMatch(/at most 10 units of one product/);
      for (const product of products) expect(await stockOf(first, product.id)).toBe(200);
      for (const product of products) await putInCart(first, hoarder, product.id, 0);

      // One cart checked out on both instances at once: one order, not two.
      await putInCart(first, hoarder, mug.id, 6);
      const both = await Promise.all([checkOut(first, hoarder), checkOut(second, hoarder)]);
      expect(both.map((response) => response.statusCode).sort()).toEqual([201, 409]);
      // 6 held + 6 more > 10, on either instance; 6 + 4 is exactly the limit.
      await putInCart(first, hoarder, mug.id, 6);
      expect((await checkOut(second, hoarder)).json().detail).toMatch(/you would hold 12 of "Shelf 0"/);
      await putInCart(second, hoarder, mug.id, 4);
      expect((await checkOut(second, hoarder)).statusCode).toBe(201);
      expect(await stockOf(first, mug.id)).toBe(190);

      // In total: 10 held, and 3 × 8 more would make 34 > 30.
      for (const product of products.slice(1, 4)) await putInCart(first, hoarder, product.id, 8);
      const tooMuch = await checkOut(first, hoarder);
      expect(tooMuch.statusCode).toBe(409);
      expect(tooMuch.json().detail).toMatch(/at most 30 units unpaid in all; with this cart you would hold 34/);
    });
  },
);
