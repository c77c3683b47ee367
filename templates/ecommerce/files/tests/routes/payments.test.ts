/**
 * Paying an order (exercise "payments"): the provider is reached only through PaymentProvider,
 * the amount is the order's stored total, a decline is a 402 that leaves the order payable, and a
 * double click charges once.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Order } from '../../src/orders/orders-schemas.js';
import { FakePaymentProvider } from '../../src/payments/fake-payment-provider.js';
import type { ChargeResult } from '../../src/payments/payment-provider.js';
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
afterEach(() => {
  vi.restoreAllMocks();
});

// Spies on the fake provider's methods see every call, whichever instance the app made.
const charges = () => vi.spyOn(FakePaymentProvider.prototype, 'charge');
/** The fake, answering after 100 ms as a real provider would: requests overlap while it works. */
const slowCharges = () => {
  const charge = FakePaymentProvider.prototype.charge;
  return vi.spyOn(FakePaymentProvider.prototype, 'charge').mockImplementation(async function (
    this: FakePaymentProvider,
    request,
  ) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    return charge.call(this, request);
  });
};

/** A customer with `quantity` of a fresh product (price 1250, stock `stock`) in their cart. */
async function customerWithCart(quantity = 2, stock = 10) {
  const customer = await registerAndLogin(app);
  const product = await createProduct(app, admin, { priceCents: 1250, stock });
  await putInCart(app, customer, product.id, quantity);
  return { customer, product };
}

const pay = (user: TestUser, orderId: string, paymentMethod = 'test_success') =>
  app.inject({ method: 'POST', url: `/v1/orders/${orderId}/pay`, headers: user.headers, payload: { paymentMethod } });
const orderStatus = async (orderId: string) =>
  (await app.db.query<{ status: string }>('SELECT status FROM orders WHERE id = $1', [orderId]))[0]?.status;

describe('payment', () => {
  it('test_success pays the order total', async () => {
    const { customer } = await customerWithCart(2);
    const order = (await checkOut(app, customer)).json<Order>();
    const charge = charges();
    const response = await pay(customer, order.id);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'paid', paymentReference: expect.stringMatching(/^fake_/) });
    expect(charge).toHaveBeenCalledOnce();
    expect(charge).toHaveBeenCalledWith(
      expect.objectContaining({ amountCents: 2500, currency: 'EUR', paymentMethod: 'test_success' }),
    );
  });

  it('test_decline is a 402 and the order stays awaiting payment', async () => {
    const { customer } = await customerWithCart(1);
    const order = (await checkOut(app, customer)).json<Order>();
    const response = await pay(customer, order.id, 'test_decline');
    expect(response.statusCode).toBe(402);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(await orderStatus(order.id)).toBe('pending_payment');
    expect((await pay(customer, order.id)).statusCode).toBe(200);
  });

  it('charges the total the order was placed at, not the catalogue price of today', async () => {
    const { customer, product } = await customerWithCart(2);
    const order = (await checkOut(app, customer)).json<Order>();
    await app.inject({
      method: 'PATCH',
      url: `/v1/products/${product.id}`,
      headers: admin.headers,
      payload: { priceCents: 9999 },
    });
    const charge = charges();
    const response = await pay(customer, order.id);
    expect(response.statusCode).toBe(200);
    expect(charge).toHaveBeenCalledWith(expect.objectContaining({ amountCents: 2500 }));
    expect(response.json<Order>().totalCents).toBe(2500);
  });

  it('a declined card changes nothing: no reference, no paid date, the same total', async () => {
    const { customer } = await customerWithCart(1);
    const order = (await checkOut(app, customer)).json<Order>();
    expect((await pay(customer, order.id, 'test_decline')).statusCode).toBe(402);
    const again = await app.inject({ method: 'GET', url: `/v1/orders/${order.id}`, headers: customer.headers });
    expect(again.json<Order>()).toMatchObject({
      status: 'pending_payment',
      paymentReference: null,
      paidAt: null,
      totalCents: 1250,
    });
  });

  it('a double click (five pay requests at once) charges the card once, and never answers 500', async () => {
    const { customer } = await customerWithCart(1);
    const order = (await checkOut(app, customer)).json<Order>();
    const charge = slowCharges();
    const responses = await Promise.all(Array.from({ length: 5 }, () => pay(customer, order.id)));
    expect(
      responses.map((response) => response.statusCode).filter((status) => status !== 200 && status !== 409),
      responses.map((response) => response.body).join('\n'),
    ).toEqual([]);
    expect(responses.some((response) => response.statusCode === 200)).toBe(true);
    const references = new Set<string>();
    for (const result of charge.mock.results) {
      const outcome = (await result.value) as ChargeResult;
      if (outcome.status === 'succeeded') references.add(outcome.reference);
    }
    expect(references.size, 'charges made at the provider for one order').toBe(1);
    expect(await orderStatus(order.id)).toBe('paid');
  });

  it('only the customer who placed the order can pay it (404 for anyone else)', async () => {
    const { customer } = await customerWithCart(1);
    const order = (await checkOut(app, customer)).json<Order>();
    const stranger = await registerAndLogin(app);
    const charge = charges();
    expect((await pay(stranger, order.id)).statusCode).toBe(404);
    expect(charge).not.toHaveBeenCalled();
    expect(await orderStatus(order.id)).toBe('pending_payment');
  });
});
