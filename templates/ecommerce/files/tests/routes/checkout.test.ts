/**
 * Checkout (exercise "checkout"): the cart becomes an order in one transaction, stock taken with
 * a conditional update, prices from the catalogue. The race itself (many buyers, two instances)
 * is judged on PostgreSQL in checkout.postgres.test.ts.
 */
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

describe('checkout', () => {
  it('an account holds at most 3 unpaid orders; one that is paid makes room again', async () => {
    const { customer, product } = await customerWithCart(1, 50);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      if (i > 0) await putInCart(app, customer, product.id, 1);
      const response = await checkOut(app, customer);
      expect(response.statusCode, response.body).toBe(201);
      ids.push(response.json<Order>().id);
    }
    await putInCart(app, customer, product.id, 1);
    const fourth = await checkOut(app, customer);
    expect(fourth.statusCode).toBe(409);
    expect(fourth.json().detail).toContain('3 unpaid orders');
    expect(await stockOf(app, product.id)).toBe(47); // the refused checkout reserved nothing

    // Paid (as exercise 06's payment would mark it): no longer unpaid.
    await app.db.query(`UPDATE orders SET status = 'paid', paid_at = now() WHERE id = $1`, [ids[0]]);
    expect((await checkOut(app, customer)).statusCode).toBe(201);
  });

  it('turns the cart into an order: stock reserved, prices snapshotted, cart emptied', async () => {
    const { customer, product } = await customerWithCart(2, 10);
    const response = await checkOut(app, customer);

    expect(response.statusCode).toBe(201);
    const order = response.json<Order>();
    expect(response.headers.location).toBe(`/v1/orders/${order.id}`);
    expect(order).toMatchObject({
      status: 'pending_payment',
      userId: customer.userId,
      totalCents: 2500,
      currency: 'EUR',
      items: [{ productId: product.id, name: product.name, unitPriceCents: 1250, quantity: 2, lineTotalCents: 2500 }],
    });
    expect(await stockOf(app, product.id)).toBe(8);
    expect((await app.inject({ method: 'GET', url: '/v1/cart', headers: customer.headers })).json().items).toEqual([]);
  });

  it('an order keeps its name and price after the catalogue changes', async () => {
    const { customer, product } = await customerWithCart(1);
    const order = (await checkOut(app, customer)).json<Order>();
    await app.inject({
      method: 'PATCH',
      url: `/v1/products/${product.id}`,
      headers: admin.headers,
      payload: { name: 'Renamed', priceCents: 99_999 },
    });
    const again = await app.inject({ method: 'GET', url: `/v1/orders/${order.id}`, headers: customer.headers });
    expect(again.json()).toMatchObject({ totalCents: 1250, items: [{ name: product.name, unitPriceCents: 1250 }] });
  });

  it('an empty cart cannot be checked out', async () => {
    const customer = await registerAndLogin(app);
    const response = await checkOut(app, customer);
    expect(response.statusCode).toBe(409);
    expect(response.json().detail).toContain('cart is empty');
  });

  it('a short item is a 409 naming it, and nothing of the order is kept', async () => {
    const customer = await registerAndLogin(app);
    const plenty = await createProduct(app, admin, { name: 'Plenty', stock: 50 });
    const scarce = await createProduct(app, admin, { name: 'Scarce teapot', stock: 3 });
    await putInCart(app, customer, plenty.id, 5);
    await putInCart(app, customer, scarce.id, 3);
    // Someone else buys 2 of the 3 teapots meanwhile.
    const other = await registerAndLogin(app);
    await putInCart(app, other, scarce.id, 2);
    expect((await checkOut(app, other)).statusCode).toBe(201);

    const response = await checkOut(app, customer);
    expect(response.statusCode).toBe(409);
    expect(response.json().detail).toContain('Scarce teapot');
    expect(await stockOf(app, plenty.id)).toBe(50);
    expect(await stockOf(app, scarce.id)).toBe(1);
    expect(await countOrdersOf(app, customer.userId)).toBe(0);
    expect((await app.inject({ method: 'GET', url: '/v1/cart', headers: customer.headers })).json().items).toHaveLength(
      2,
    );
  });

  it('an archived product in the cart cannot be bought', async () => {
    const { customer, product } = await customerWithCart(1, 5);
    await app.inject({ method: 'DELETE', url: `/v1/products/${product.id}`, headers: admin.headers });
    const response = await checkOut(app, customer);
    expect(response.statusCode).toBe(409);
    expect(response.json().detail).toContain('no longer for sale');
    expect(await stockOf(app, product.id)).toBe(5);
    expect(await countOrdersOf(app, customer.userId)).toBe(0);
  });

  it('rejects client-sent price, total, status or role fields, and charges the catalogue price', async () => {
    const { customer, product } = await customerWithCart(1, 5);
    for (const payload of [{ totalCents: 1 }, { priceCents: 1 }, { price: 0 }, { status: 'paid' }, { role: 'admin' }]) {
      const response = await app.inject({ method: 'POST', url: '/v1/orders', headers: customer.headers, payload });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
    }
    expect(await stockOf(app, product.id)).toBe(5);
    expect(await countOrdersOf(app, customer.userId)).toBe(0);

    const order = (await checkOut(app, customer)).json<Order>();
    expect(order.totalCents).toBe(1250);
    const payment = await app.inject({
      method: 'POST',
      url: `/v1/orders/${order.id}/pay`,
      headers: customer.headers,
      payload: { paymentMethod: 'test_success', amountCents: 1 },
    });
    expect(payment.statusCode).toBe(400);
  });

  it('has a stricter rate limit per user', async () => {
    const customer = await registerAndLogin(app);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 11; attempt++) statuses.push((await checkOut(app, customer)).statusCode);
    expect(statuses.slice(0, 10).every((status) => status === 409)).toBe(true); // empty cart
    expect(statuses[10]).toBe(429);
  });
});
