/**
 * Idempotent checkout (exercise "idempotent-checkout"): a retry with the same Idempotency-Key
 * returns the first order and reserves nothing twice. Across two app instances at once: see
 * idempotency.postgres.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Order } from '../../src/orders/orders-schemas.js';
import { registerAndLogin } from '../helpers/auth.js';
import {
  checkOut,
  countOrdersOf,
  createProduct,
  putInCart,
  registerAdmin,
  stockOf,
  type TestUser,
} from '../helpers/shop.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let admin: TestUser;
beforeAll(async () => {
  app = await buildTestApp();
  admin = await registerAdmin(app);
});
afterAll(() => app.close());

/** A customer with `quantity` of a fresh product (price 1250, stock `stock`) in their cart. */
async function customerWithCart(quantity = 2, stock = 10) {
  const customer = await registerAndLogin(app);
  const product = await createProduct(app, admin, { priceCents: 1250, stock });
  await putInCart(app, customer, product.id, quantity);
  return { customer, product };
}

describe('idempotent checkout', () => {
  it('a retry with the same key returns the same order and reserves nothing twice', async () => {
    const { customer, product } = await customerWithCart(2, 10);
    const key = randomUUID();
    const first = await checkOut(app, customer, key);
    const retry = await checkOut(app, customer, key);

    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    expect(await stockOf(app, product.id)).toBe(8);
    expect(await countOrdersOf(app, customer.userId)).toBe(1);
  });

  it('the same key for a different cart is a 422 and changes nothing', async () => {
    const { customer, product } = await customerWithCart(1, 10);
    const key = randomUUID();
    expect((await checkOut(app, customer, key)).statusCode).toBe(201);
    await putInCart(app, customer, product.id, 3);

    const reused = await checkOut(app, customer, key);
    expect(reused.statusCode).toBe(422);
    expect(await stockOf(app, product.id)).toBe(9);
    expect((await app.inject({ method: 'GET', url: '/v1/cart', headers: customer.headers })).json().items).toHaveLength(
      1,
    );
  });

  it('keys belong to their user: the same key from someone else is a separate checkout', async () => {
    const key = randomUUID();
    const alice = await customerWithCart(1);
    const bob = await customerWithCart(1);
    const aliceOrder = (await checkOut(app, alice.customer, key)).json<Order>();
    const bobOrder = (await checkOut(app, bob.customer, key)).json<Order>();
    expect(bobOrder.id).not.toBe(aliceOrder.id);
    expect(bobOrder.userId).toBe(bob.customer.userId);
  });

  it('concurrent duplicates create one order', async () => {
    const { customer, product } = await customerWithCart(2, 10);
    const key = randomUUID();
    const responses = await Promise.all(Array.from({ length: 5 }, () => checkOut(app, customer, key)));

    const orderIds = new Set(responses.filter((r) => r.statusCode === 201).map((r) => r.json<Order>().id));
    expect(orderIds.size).toBe(1);
    expect(responses.every((r) => r.statusCode === 201 || r.statusCode === 409)).toBe(true);
    expect(await countOrdersOf(app, customer.userId)).toBe(1);
    expect(await stockOf(app, product.id)).toBe(8);
  });

  it('rejects an empty or overlong key with 400', async () => {
    const { customer } = await customerWithCart(1);
    for (const key of ['', 'k'.repeat(256)]) {
      const response = await app.inject({
        method: 'POST',
        url: '/v1/orders',
        headers: { ...customer.headers, 'idempotency-key': key },
      });
      expect(response.statusCode).toBe(400);
    }
    expect(await countOrdersOf(app, customer.userId)).toBe(0);
  });
});
