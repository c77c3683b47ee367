import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Product } from '../../src/products/products-schemas.js';
import { registerAndLogin } from '../helpers/auth.js';
import { createProduct, putInCart, registerAdmin, type TestUser } from '../helpers/shop.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let admin: TestUser;
let mug: Product;
let board: Product;
beforeAll(async () => {
  app = await buildTestApp();
  admin = await registerAdmin(app);
  mug = await createProduct(app, admin, { name: 'Mug', priceCents: 1250, stock: 10 });
  board = await createProduct(app, admin, { name: 'Board', priceCents: 4999, stock: 2 });
});
afterAll(() => app.close());

/** The caller's cart; a failed GET fails here, on its status, with the problem it answered. */
const cartOf = async (user: TestUser) => {
  const response = await app.inject({ method: 'GET', url: '/v1/cart', headers: user.headers });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
};

describe('the cart', () => {
  it('starts empty and needs a login', async () => {
    const user = await registerAndLogin(app);
    expect(await cartOf(user)).toEqual({ items: [], totalCents: 0, currency: 'EUR' });
    expect((await app.inject({ method: 'GET', url: '/v1/cart' })).statusCode).toBe(401);
  });

  it('sets quantities and computes line totals and the total on the server', async () => {
    const user = await registerAndLogin(app);
    await putInCart(app, user, mug.id, 3);
    const response = await putInCart(app, user, board.id, 1);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      items: [
        { productId: mug.id, name: 'Mug', unitPriceCents: 1250, quantity: 3, lineTotalCents: 3750, available: true },
        {
          productId: board.id,
          name: 'Board',
          unitPriceCents: 4999,
          quantity: 1,
          lineTotalCents: 4999,
          available: true,
        },
      ],
      totalCents: 8749,
    });

    // PUT sets the quantity, it does not add to it.
    expect((await putInCart(app, user, mug.id, 1)).json().totalCents).toBe(1250 + 4999);
  });

  it('quantity 0 removes the product, and DELETE removes it too', async () => {
    const user = await registerAndLogin(app);
    await putInCart(app, user, mug.id, 2);
    await putInCart(app, user, board.id, 1);
    expect((await putInCart(app, user, mug.id, 0)).json().items).toHaveLength(1);

    const deleted = await app.inject({ method: 'DELETE', url: `/v1/cart/items/${board.id}`, headers: user.headers });
    expect(deleted.statusCode).toBe(204);
    expect((await cartOf(user)).items).toEqual([]);
    const again = await app.inject({ method: 'DELETE', url: `/v1/cart/items/${board.id}`, headers: user.headers });
    expect(again.statusCode).toBe(404);
  });

  it('rejects negative, fractional, huge and non-numeric quantities with 400', async () => {
    const user = await registerAndLogin(app);
    for (const quantity of [-1, 1.5, 100, 1e9, '2', null]) {
      const response = await putInCart(app, user, mug.id, quantity as number);
      expect(response.statusCode, String(quantity)).toBe(400);
    }
    expect((await cartOf(user)).items).toEqual([]);
  });

  it('ignores nothing: a client-sent price is a 400, and the cart keeps the catalogue price', async () => {
    const user = await registerAndLogin(app);
    // The names a client would pick first: the cart's own fields, then the usual ones.
    const prices = [
      { unitPriceCents: 1 },
      { lineTotalCents: 1 },
      { totalCents: 1 },
      { priceCents: 1 },
      { price: 0.01 },
    ];
    for (const extra of prices) {
      const response = await app.inject({
        method: 'PUT',
        url: `/v1/cart/items/${mug.id}`,
        headers: user.headers,
        payload: { quantity: 1, ...extra },
      });
      const why = `PUT ${JSON.stringify(extra)}: a price in a request is one the client chose`;
      expect(response.statusCode, why).toBe(400);
    }
    await putInCart(app, user, mug.id, 1);
    expect((await cartOf(user)).totalCents).toBe(1250);
  });

  it('refuses unknown products (404), archived products and more than the stock (409)', async () => {
    const user = await registerAndLogin(app);
    expect((await putInCart(app, user, '00000000-0000-4000-8000-000000000000', 1)).statusCode).toBe(404);

    const lamp = await createProduct(app, admin, { name: 'Old lamp' });
    await app.inject({ method: 'DELETE', url: `/v1/products/${lamp.id}`, headers: admin.headers });
    const archived = await putInCart(app, user, lamp.id, 1);
    expect(archived.statusCode).toBe(409);
    expect(archived.json().detail).toContain('Old lamp');

    const tooMany = await putInCart(app, user, board.id, 3);
    expect(tooMany.statusCode).toBe(409);
    expect(tooMany.json().detail).toContain('Only 2');
  });

  it('each user has their own cart', async () => {
    const alice = await registerAndLogin(app);
    const bob = await registerAndLogin(app);
    await putInCart(app, alice, mug.id, 2);
    expect((await cartOf(bob)).items).toEqual([]);
    // Bob removing "his" line does not touch Alice's.
    expect(
      (await app.inject({ method: 'DELETE', url: `/v1/cart/items/${mug.id}`, headers: bob.headers })).statusCode,
    ).toBe(404);
    expect((await cartOf(alice)).items).toHaveLength(1);
  });

  it('shows a line as unavailable when its product is archived after it was added', async () => {
    const user = await registerAndLogin(app);
    const vase = await createProduct(app, admin, { name: 'Vase' });
    await putInCart(app, user, vase.id, 1);
    await app.inject({ method: 'DELETE', url: `/v1/products/${vase.id}`, headers: admin.headers });
    expect((await cartOf(user)).items[0]).toMatchObject({ productId: vase.id, available: false });
  });
});
