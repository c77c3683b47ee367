import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Order } from '../../src/orders/orders-schemas.js';
import { refundDueOrders } from '../../src/orders/orders-service.js';
import { FakePaymentProvider } from '../../src/payments/fake-payment-provider.js';
import { registerAndLogin } from '../helpers/auth.js';
import { checkOut, createProduct, putInCart, registerAdmin, stockOf, type TestUser } from '../helpers/shop.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let admin: TestUser;
beforeAll(async () => {
  app = await buildTestApp();
  admin = await registerAdmin(app);
});
afterAll(() => app.close());
afterEach(() => {
  vi.restoreAllMocks();
});

// Spies on the fake provider's methods see every call, whichever instance the app made.
const refunds = () => vi.spyOn(FakePaymentProvider.prototype, 'refund');

/** A customer with `quantity` of a fresh product (price 1250, stock `stock`) in their cart. */
async function customerWithCart(quantity = 2, stock = 10) {
  const customer = await registerAndLogin(app);
  const product = await createProduct(app, admin, { priceCents: 1250, stock });
  await putInCart(app, customer, product.id, quantity);
  return { customer, product };
}

const pay = (user: TestUser, orderId: string, paymentMethod = 'test_success') =>
  app.inject({ method: 'POST', url: `/v1/orders/${orderId}/pay`, headers: user.headers, payload: { paymentMethod } });
const cancel = (user: TestUser, orderId: string) =>
  app.inject({ method: 'POST', url: `/v1/orders/${orderId}/cancel`, headers: user.headers });
const setStatus = (orderId: string, status: string) =>
  app.inject({ method: 'PATCH', url: `/v1/admin/orders/${orderId}`, headers: admin.headers, payload: { status } });
const orderStatus = async (orderId: string) =>
  (await app.db.query<{ status: string }>('SELECT status FROM orders WHERE id = $1', [orderId]))[0]?.status;

describe('reading orders', () => {
  it('lists your own orders newest first, with a cursor', async () => {
    const customer = await registerAndLogin(app);
    const product = await createProduct(app, admin, { stock: 10 });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      await putInCart(app, customer, product.id, 1);
      ids.push((await checkOut(app, customer)).json<Order>().id);
    }
    const first = await app.inject({ method: 'GET', url: '/v1/orders?limit=2', headers: customer.headers });
    const page = first.json<{ items: Order[]; nextCursor: string }>();
    const second = await app.inject({
      method: 'GET',
      url: `/v1/orders?limit=2&cursor=${page.nextCursor}`,
      headers: customer.headers,
    });
    expect([...page.items, ...second.json<{ items: Order[] }>().items].map((order) => order.id)).toEqual(ids.reverse());
    expect(second.json().nextCursor).toBeNull();
  });

  it('refuses a tampered cursor with a 400 before it reaches the database', async () => {
    const customer = await registerAndLogin(app);
    const cursorOf = (keys: unknown[]) => Buffer.from(JSON.stringify(keys)).toString('base64url');
    const id = '0b5c4830-1f2e-4d3c-9a8b-7c6d5e4f3a2b';
    for (const keys of [
      ['2020-01-01 00:00:00+99:99', id],
      ['2020-01-01 00:00 Foo/Bar', id],
      ['2020-01-01T00:00:00.000000Z', `x${id}`],
      ['2020-02-30T00:00:00.000000Z', id],
      [id, '2020-01-01T00:00:00.000000Z'],
    ]) {
      for (const url of ['/v1/orders', '/v1/admin/orders']) {
        const headers = url.includes('admin') ? admin.headers : customer.headers;
        const response = await app.inject({ method: 'GET', url: `${url}?cursor=${cursorOf(keys)}`, headers });
        expect(response.statusCode, `${url} ${JSON.stringify(keys)}`).toBe(400);
        expect(response.json().errors).toEqual([{ field: '/cursor', message: 'invalid cursor' }]);
      }
    }
  });

  it("another user's order is a 404 for reading, paying and cancelling, and stays unchanged", async () => {
    const { customer } = await customerWithCart(1);
    const order = (await checkOut(app, customer)).json<Order>();
    const stranger = await registerAndLogin(app);

    expect(
      (await app.inject({ method: 'GET', url: `/v1/orders/${order.id}`, headers: stranger.headers })).statusCode,
    ).toBe(404);
    expect((await pay(stranger, order.id)).statusCode).toBe(404);
    expect((await cancel(stranger, order.id)).statusCode).toBe(404);
    const strangersList = await app.inject({ method: 'GET', url: '/v1/orders', headers: stranger.headers });
    expect(strangersList.json().items).toEqual([]);
    expect(await orderStatus(order.id)).toBe('pending_payment');
  });
});

describe('the order status machine', () => {
  async function orderIn(status: 'pending_payment' | 'paid' | 'shipped' | 'delivered' | 'cancelled') {
    const { customer, product } = await customerWithCart(1, 10);
    const order = (await checkOut(app, customer)).json<Order>();
    if (status === 'cancelled') expect((await cancel(customer, order.id)).statusCode).toBe(200);
    if (['paid', 'shipped', 'delivered'].includes(status)) expect((await pay(customer, order.id)).statusCode).toBe(200);
    if (['shipped', 'delivered'].includes(status)) expect((await setStatus(order.id, 'shipped')).statusCode).toBe(200);
    if (status === 'delivered') expect((await setStatus(order.id, 'delivered')).statusCode).toBe(200);
    return { customer, product, order };
  }

  it('an expired order cannot be paid or cancelled, and no longer counts as unpaid', async () => {
    const { customer } = await customerWithCart(1, 10);
    const order = (await checkOut(app, customer)).json<Order>();
    await app.db.query(`UPDATE orders SET status = 'expired' WHERE id = $1`, [order.id]);
    expect((await pay(customer, order.id)).statusCode).toBe(409);
    expect((await cancel(customer, order.id)).statusCode).toBe(409);
    expect(
      (await app.inject({ method: 'GET', url: `/v1/orders/${order.id}`, headers: customer.headers })).json(),
    ).toMatchObject({
      status: 'expired',
    });
  });

  it('goes pending_payment → paid → shipped → delivered', async () => {
    const { order } = await orderIn('delivered');
    expect(await orderStatus(order.id)).toBe('delivered');
  });

  it('cancelling an unpaid order puts its stock back', async () => {
    const { customer, product, order } = await orderIn('pending_payment');
    expect(await stockOf(app, product.id)).toBe(9);
    const response = await cancel(customer, order.id);
    expect(response.statusCode).toBe(200);
    expect(response.json().status).toBe('cancelled');
    expect(await stockOf(app, product.id)).toBe(10);
  });

  it('cancelling a paid order restocks and refunds the charge', async () => {
    const { customer, product, order } = await orderIn('paid');
    const refund = refunds();
    const response = await cancel(customer, order.id);
    expect(response.statusCode).toBe(200);
    expect(await stockOf(app, product.id)).toBe(10);
    const cancelled = response.json<Order>();
    expect(refund).toHaveBeenCalledExactlyOnceWith(cancelled.paymentReference, 1250, `refund-order-${order.id}`);
    expect(cancelled.refundStatus).toBe('refunded');
  });

  it('a refund that fails after the cancel is not a 500: the order is cancelled, its refund pending, then retried', async () => {
    const { customer, product, order } = await orderIn('paid');
    const refund = refunds().mockRejectedValueOnce(new Error('the provider is down'));
    const response = await cancel(customer, order.id);
    expect(response.statusCode).toBe(200);
    expect(response.json<Order>()).toMatchObject({ status: 'cancelled', refundStatus: 'pending' });
    expect(await stockOf(app, product.id)).toBe(10);

    // The retry loop's work (payments-plugin.ts runs it every minute with the app's provider;
    // the spy sees every instance): the provider is back.
    const provider = new FakePaymentProvider();
    expect(await refundDueOrders(app.db, provider, app.log)).toBeGreaterThanOrEqual(1);
    expect(refund).toHaveBeenCalledTimes(2);
    expect(refund).toHaveBeenLastCalledWith(response.json<Order>().paymentReference, 1250, `refund-order-${order.id}`);
    const after = await app.inject({ method: 'GET', url: `/v1/orders/${order.id}`, headers: customer.headers });
    expect(after.json<Order>().refundStatus).toBe('refunded');
    // Nothing is refunded twice: the next round finds nothing owed for this order.
    await refundDueOrders(app.db, provider, app.log);
    expect(refund).toHaveBeenCalledTimes(2);
  });

  it('an unpaid order owes no refund', async () => {
    const { customer, order } = await orderIn('pending_payment');
    const response = await cancel(customer, order.id);
    expect(response.json<Order>().refundStatus).toBeNull();
  });

  const invalid: [
    string,
    'pending_payment' | 'paid' | 'shipped' | 'delivered' | 'cancelled',
    (customer: TestUser, id: string) => Promise<{ statusCode: number }>,
  ][] = [
    ['ship an unpaid order', 'pending_payment', (_c, id) => setStatus(id, 'shipped')],
    ['deliver an unpaid order', 'pending_payment', (_c, id) => setStatus(id, 'delivered')],
    ['deliver a paid order that has not shipped', 'paid', (_c, id) => setStatus(id, 'delivered')],
    ['pay a paid order', 'paid', (c, id) => pay(c, id)],
    ['cancel a shipped order', 'shipped', (c, id) => cancel(c, id)],
    ['ship a shipped order', 'shipped', (_c, id) => setStatus(id, 'shipped')],
    ['cancel a delivered order', 'delivered', (_c, id) => setStatus(id, 'cancelled')],
    ['pay a delivered order', 'delivered', (c, id) => pay(c, id)],
    ['cancel a cancelled order', 'cancelled', (c, id) => cancel(c, id)],
    ['pay a cancelled order', 'cancelled', (c, id) => pay(c, id)],
    ['ship a cancelled order', 'cancelled', (_c, id) => setStatus(id, 'shipped')],
  ];
  it.each(invalid)('refuses to %s with 409 and changes nothing', async (_name, from, attempt) => {
    const { customer, product, order } = await orderIn(from);
    const stockBefore = await stockOf(app, product.id);
    const refund = refunds();

    const response = await attempt(customer, order.id);
    expect(response.statusCode).toBe(409);
    expect(await orderStatus(order.id)).toBe(from);
    expect(await stockOf(app, product.id)).toBe(stockBefore);
    expect(refund).not.toHaveBeenCalled();
  });

  it('an admin cannot set paid or pending_payment directly (400: not a status an admin sets)', async () => {
    const { order } = await orderIn('pending_payment');
    expect((await setStatus(order.id, 'paid')).statusCode).toBe(400);
    expect((await setStatus(order.id, 'pending_payment')).statusCode).toBe(400);
    expect(await orderStatus(order.id)).toBe('pending_payment');
  });
});
