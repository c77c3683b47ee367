/**
 * The main shopping flow against a live instance: `npm run smoke -- --base-url <url>`.
 * It registers a throwaway customer (a new email on every run, so it can run after every deploy
 * against the same database). When a product is in stock it also checks out one unit and cancels
 * that order at once, so the stock is back where it was; no payment is taken. Each step checks
 * that its effect happened, not only its status code.
 */
import { randomUUID } from 'node:crypto';
import { runSmoke } from './smoke-runner.js';

interface Product {
  id: string;
  name: string;
  stock: number;
}
interface Cart {
  items: { productId: string; quantity: number }[];
  totalCents: number;
}
interface Order {
  id: string;
  status: string;
  totalCents: number;
}

await runSmoke(async (api) => {
  const products = await api.step('browse the catalogue (public)', () =>
    api.request<{ items: Product[] }>('GET', '/v1/products?limit=20'),
  );

  const email = `smoke-${randomUUID()}@example.com`;
  const password = `smoke-${randomUUID()}`;
  await api.step('register', () =>
    api.request('POST', '/v1/auth/register', { body: { email, password }, expect: 201 }),
  );
  const { accessToken: token } = await api.step('log in', () =>
    api.request<{ accessToken: string }>('POST', '/v1/auth/login', { body: { email, password } }),
  );
  await api.step('an empty cart', async () => {
    const cart = await api.request<Cart>('GET', '/v1/cart', { token });
    if (cart.items.length !== 0) throw new Error('a new customer has items in the cart');
  });
  await api.step('admin routes are closed to customers', () =>
    api.request('GET', '/v1/admin/orders', { token, expect: 403 }),
  );

  const product = products.items.find((item) => item.stock > 0);
  if (!product) {
    console.log('  - no product in stock: skipped cart and checkout (seed or create products to run them)');
    return;
  }
  console.log(`  - buying one "${product.name}"`);
  await api.step('put a product in the cart', async () => {
    const cart = await api.request<Cart>('PUT', `/v1/cart/items/${product.id}`, { token, body: { quantity: 1 } });
    if (cart.items[0]?.productId !== product.id || cart.totalCents <= 0) throw new Error('the cart does not show it');
  });
  const idempotencyKey = randomUUID();
  const order = await api.step('check out', () =>
    api.request<Order>('POST', '/v1/orders', { token, headers: { 'idempotency-key': idempotencyKey }, expect: 201 }),
  );
  await api.step('a retried checkout returns the same order', async () => {
    const again = await api.request<Order>('POST', '/v1/orders', {
      token,
      headers: { 'idempotency-key': idempotencyKey },
      expect: 201,
    });
    if (again.id !== order.id) throw new Error('the retry created a second order');
  });
  await api.step('the order is in my orders', async () => {
    const mine = await api.request<{ items: Order[] }>('GET', '/v1/orders', { token });
    if (!mine.items.some((item) => item.id === order.id)) throw new Error('the order is missing');
  });
  await api.step('cancel it (the unit goes back on sale)', async () => {
    const cancelled = await api.request<Order>('POST', `/v1/orders/${order.id}/cancel`, { token });
    if (cancelled.status !== 'cancelled') throw new Error(`status is ${cancelled.status}`);
    // Read back: an answer that says "cancelled" proves nothing if nothing was stored.
    const stored = await api.request<Order>('GET', `/v1/orders/${order.id}`, { token });
    if (stored.status !== 'cancelled') throw new Error(`the order reads back as ${stored.status}`);
  });
});
