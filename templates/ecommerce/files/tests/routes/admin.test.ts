import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Order } from '../../src/orders/orders-schemas.js';
import { registerAndLogin } from '../helpers/auth.js';
import { checkOut, createProduct, putInCart, registerAdmin, type TestUser } from '../helpers/shop.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let admin: TestUser;
beforeAll(async () => {
  app = await buildTestApp();
  admin = await registerAdmin(app);
});
afterAll(() => app.close());

describe('order management', () => {
  it('an admin lists everyone’s orders and filters them by status', async () => {
    const product = await createProduct(app, admin, { stock: 10 });
    const buyers = [await registerAndLogin(app), await registerAndLogin(app)];
    const orders: Order[] = [];
    for (const buyer of buyers) {
      await putInCart(app, buyer, product.id, 1);
      orders.push((await checkOut(app, buyer)).json<Order>());
    }
    await app.inject({
      method: 'POST',
      url: `/v1/orders/${orders[0]?.id}/pay`,
      headers: buyers[0]?.headers,
      payload: { paymentMethod: 'test_success' },
    });

    const all = await app.inject({ method: 'GET', url: '/v1/admin/orders', headers: admin.headers });
    expect(all.json<{ items: Order[] }>().items.map((order) => order.userId)).toEqual(
      expect.arrayContaining(buyers.map((buyer) => buyer.userId)),
    );
    const paid = await app.inject({ method: 'GET', url: '/v1/admin/orders?status=paid', headers: admin.headers });
    expect(paid.json<{ items: Order[] }>().items.map((order) => order.id)).toEqual([orders[0]?.id]);
  });

  it('an admin ships and delivers a paid order', async () => {
    const product = await createProduct(app, admin, { stock: 10 });
    const buyer = await registerAndLogin(app);
    await putInCart(app, buyer, product.id, 1);
    const order = (await checkOut(app, buyer)).json<Order>();
    await app.inject({
      method: 'POST',
      url: `/v1/orders/${order.id}/pay`,
      headers: buyer.headers,
      payload: { paymentMethod: 'test_success' },
    });
    for (const status of ['shipped', 'delivered']) {
      const response = await app.inject({
        method: 'PATCH',
        url: `/v1/admin/orders/${order.id}`,
        headers: admin.headers,
        payload: { status },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json().status).toBe(status);
    }
  });

  it('an unknown order is a 404', async () => {
    const response = await app.inject({
      method: 'PATCH',
      url: '/v1/admin/orders/00000000-0000-4000-8000-000000000000',
      headers: admin.headers,
      payload: { status: 'shipped' },
    });
    expect(response.statusCode).toBe(404);
  });
});
