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
  'order status changes across two instances on PostgreSQL',
  { timeout: 90_000 },
  () => {
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

    it('a cancel racing a shipment: exactly one wins, and the units go back only if the cancel won', async () => {
      const product = await createProduct(first, admin, { stock: 10 });
      for (let trial = 0; trial < 5; trial++) {
        const buyer = await registerAndLogin(first);
        await putInCart(first, buyer, product.id, 2);
        const order = (await checkOut(first, buyer)).json<Order>();
        const paid = await first.inject({
          method: 'POST',
          url: `/v1/orders/${order.id}/pay`,
          headers: buyer.headers,
          payload: { paymentMethod: 'test_success' },
        });
        expect(paid.statusCode).toBe(200);
        const before = await stockOf(first, product.id);
        const [cancelled, shipped] = await Promise.all([
          first.inject({ method: 'POST', url: `/v1/orders/${order.id}/cancel`, headers: buyer.headers }),
          second.inject({
            method: 'PATCH',
            url: `/v1/admin/orders/${order.id}`,
            headers: admin.headers,
            payload: { status: 'shipped' },
          }),
        ]);
        expect([cancelled.statusCode, shipped.statusCode].sort(), `trial ${trial}`).toEqual([200, 409]);
        const [row] = await first.db.query<{ status: string }>('SELECT status FROM orders WHERE id = $1', [order.id]);
        expect(row?.status).toBe(cancelled.statusCode === 200 ? 'cancelled' : 'shipped');
        expect(await stockOf(first, product.id)).toBe(cancelled.statusCode === 200 ? before + 2 : before);
      }
    });
  },
);
