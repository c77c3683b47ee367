/**
 * ecommerce: the account stories, the public catalogue, the cart, idempotent checkout that never
 * oversells, and the order state machine. Stories that need a product of their own need an admin
 * account (`--admin-email`/`--admin-password`); without one they are skipped, saying so. The
 * products a run creates are archived at the end (deleting archives; orders keep them).
 */
import { randomUUID } from 'node:crypto';
import { type Account, logIn, newAccount } from './accounts.js';
import { accountsOf, type AuthContext, authStories } from './auth-stories.js';
import { type CommonContext, corsAndDocumentStories, healthStory, rateLimitStory } from './common-stories.js';
import type { Client } from './http.js';
import { expectField, expectFieldIs, expectObject, expectProblem, expectStatus, expectThat, isUuid, Mismatch, Skipped, type Story } from './suite.js';
import { inStageOrder, type Stage, type SuiteOptions, type TemplateSuite } from './suites.js';

interface Context extends AuthContext, CommonContext {
  /** the admin's access token, logged in on first use; Skipped without credentials */
  adminToken(): Promise<string>;
  /** a product this run created (admin), with the given stock */
  newProduct(stock: number, priceCents?: number): Promise<Product>;
  /** products this run created, archived at the end */
  created: string[];
}

type Product = { id: string; sku: string; name: string; category: string; priceCents: number; currency: string; stock: number; active: boolean };
type Cart = { items: { productId: string; quantity: number; unitPriceCents: number; lineTotalCents: number }[]; totalCents: number };
type Order = { id: string; status: string; items: { productId: string; name: string; unitPriceCents: number; quantity: number }[]; totalCents: number };

const NEEDS_ADMIN = 'needs an admin account to create its own product: pass --admin-email and --admin-password (or set CHECK_ADMIN_EMAIL and CHECK_ADMIN_PASSWORD)';

async function productStock(client: Client, id: string): Promise<number> {
  const answer = await client.request('GET', `/v1/products/${id}`);
  expectStatus(answer, 200);
  return Number(expectObject<Product>(answer).stock);
}

async function putInCart(client: Client, token: string, productId: string, quantity: number) {
  const answer = await client.request('PUT', `/v1/cart/items/${productId}`, { token, body: { quantity } });
  expectStatus(answer, 200);
  return expectObject<Cart>(answer);
}

async function checkOut(client: Client, token: string, key = randomUUID()) {
  return client.request('POST', '/v1/orders', { token, headers: { 'idempotency-key': key } });
}

/** A customer with `quantity` of the product in the cart, checked out: the pending order. */
async function pendingOrder(client: Client, customer: Account, product: Product, quantity = 1): Promise<Order> {
  await putInCart(client, customer.accessToken, product.id, quantity);
  const answer = await checkOut(client, customer.accessToken);
  expectStatus(answer, 201);
  return expectObject<Order>(answer);
}

function shopStories(): Story<Context>[] {
  let cartProduct: Product | undefined;

  return [
    {
      id: 'browse-catalogue',
      title: 'Browse the catalogue',
      narrative: 'As a visitor, I want to list, filter and open products without an account, so that I can decide what to buy.',
      endpoints: ['GET /v1/products?q=&category=&minPrice=&maxPrice=&sort=&limit=&cursor=', 'GET /v1/products/{id}'],
      checks: [
        {
          name: 'The product list is public: 200 with `{ items, nextCursor }` and no token',
          async run({ client }) {
            const answer = await client.request('GET', '/v1/products?limit=5');
            expectStatus(answer, 200);
            const page = expectObject<{ items?: unknown; nextCursor?: unknown }>(answer);
            expectThat(Array.isArray(page.items) && (page.nextCursor === null || typeof page.nextCursor === 'string'), '`items` (an array) and `nextCursor` (string or null)', JSON.stringify(page).slice(0, 200), answer.request);
          },
        },
        {
          name: 'A product is public by id, and a `category` filter returns only that category',
          async run({ client, newProduct }) {
            const product = await newProduct(5);
            const one = await client.request('GET', `/v1/products/${product.id}`);
            expectStatus(one, 200);
            expectField(one, expectObject(one), 'sku', product.sku);
            const answer = await client.request('GET', `/v1/products?category=${product.category}&limit=100`);
            expectStatus(answer, 200);
            const items = expectObject<{ items: Product[] }>(answer).items;
            expectThat(items.length === 1 && items[0]!.id === product.id, `only ${product.sku} in category ${product.category}`, `${items.length} products: ${items.map((item) => item.sku).join(', ')}`, answer.request);
          },
        },
        {
          name: 'A product id that does not exist is a 404 problem',
          async run({ client }) {
            expectProblem(await client.request('GET', `/v1/products/${randomUUID()}`), 404);
          },
        },
        {
          name: 'A `limit` over the maximum (100) is a 400 problem naming `limit`',
          async run({ client }) {
            expectProblem(await client.request('GET', '/v1/products?limit=101'), 400, 'limit');
          },
        },
      ],
    },
    {
      id: 'manage-catalogue',
      title: 'Only admins change the catalogue',
      narrative: 'As the shop owner, I want only admins to add, change and archive products, so that customers cannot set their own prices.',
      endpoints: ['POST /v1/products', 'PATCH /v1/products/{id}', 'DELETE /v1/products/{id}'],
      checks: [
        {
          name: 'A customer creating a product gets a 403 problem; without a token, a 401 problem',
          async run({ client, account }) {
            const body = { sku: `CHK-${randomUUID().slice(0, 8)}`, name: 'Not allowed', category: 'check', priceCents: 100, stock: 1 };
            expectProblem(await client.request('POST', '/v1/products', { token: (await account('owner')).accessToken, body }), 403);
            expectProblem(await client.request('POST', '/v1/products', { body }), 401);
          },
        },
        {
          name: 'An admin creates a product: 201 with a `Location`; a taken SKU is a 409 problem',
          async run({ client, adminToken, newProduct }) {
            const product = await newProduct(3);
            const again = await client.request('POST', '/v1/products', {
              token: await adminToken(),
              body: { sku: product.sku, name: 'Duplicate', category: product.category, priceCents: 100, stock: 1 },
            });
            expectProblem(again, 409);
          },
        },
        {
          name: 'A negative price is a 400 problem naming `priceCents`',
          async run({ client, adminToken }) {
            const body = { sku: `CHK-${randomUUID().slice(0, 8)}`, name: 'Bad price', category: 'check', priceCents: -1, stock: 1 };
            expectProblem(await client.request('POST', '/v1/products', { token: await adminToken(), body }), 400, 'priceCents');
          },
        },
      ],
    },
    {
      id: 'cart',
      title: 'Fill my cart',
      narrative: 'As a customer, I want to put products in my cart and change quantities, so that I can buy several things at once.',
      endpoints: ['GET /v1/cart', 'PUT /v1/cart/items/{productId}', 'DELETE /v1/cart/items/{productId}'],
      checks: [
        {
          name: 'Putting 2 of a product in the cart answers the cart with that line and the total from catalogue prices',
          async run({ client, account, adminToken, newProduct }) {
            cartProduct = await adminToken().then(
              () => newProduct(10, 1234),
              async (error) => {
                if (!(error instanceof Skipped)) throw error;
                return someProductInStock(client);
              },
            );
            const cart = await client.request('PUT', `/v1/cart/items/${cartProduct.id}`, { token: (await account('buyer')).accessToken, body: { quantity: 2 } });
            expectStatus(cart, 200);
            const body = expectObject<Cart>(cart);
            const line = body.items?.find((item) => item.productId === cartProduct!.id);
            expectThat(line?.quantity === 2, 'a cart line with quantity 2', JSON.stringify(body.items).slice(0, 200), cart.request);
            expectField(cart, body, 'totalCents', 2 * cartProduct.priceCents);
          },
        },
        {
          name: 'A quantity over 99 is a 400 problem naming `quantity`; a price sent by the client is a 400 problem',
          async run({ client, account }) {
            if (!cartProduct) throw new Skipped('needs the first check of this story to pass');
            const token = (await account('buyer')).accessToken;
            expectProblem(await client.request('PUT', `/v1/cart/items/${cartProduct.id}`, { token, body: { quantity: 100 } }), 400, 'quantity');
            expectProblem(await client.request('PUT', `/v1/cart/items/${cartProduct.id}`, { token, body: { quantity: 1, unitPriceCents: 1 } }), 400);
          },
        },
        {
          name: 'A product that does not exist is a 404 problem',
          async run({ client, account }) {
            expectProblem(await client.request('PUT', `/v1/cart/items/${randomUUID()}`, { token: (await account('buyer')).accessToken, body: { quantity: 1 } }), 404);
          },
        },
        {
          name: 'Quantity 0 removes the line; DELETE removes it too (204)',
          async run({ client, account }) {
            if (!cartProduct) throw new Skipped('needs the first check of this story to pass');
            const token = (await account('buyer')).accessToken;
            const emptied = await putInCart(client, token, cartProduct.id, 0);
            expectThat(!emptied.items.some((item) => item.productId === cartProduct!.id), 'the line gone after quantity 0', JSON.stringify(emptied.items).slice(0, 200));
            await putInCart(client, token, cartProduct.id, 1);
            expectStatus(await client.request('DELETE', `/v1/cart/items/${cartProduct.id}`, { token }), 204);
            const cart = await client.request('GET', '/v1/cart', { token });
            expectStatus(cart, 200);
            expectThat(!expectObject<Cart>(cart).items.some((item) => item.productId === cartProduct!.id), 'the line gone after DELETE', cart.text.slice(0, 200), cart.request);
          },
        },
        {
          name: 'The cart needs a token: 401 problem without one',
          async run({ client }) {
            expectProblem(await client.request('GET', '/v1/cart'), 401);
          },
        },
      ],
    },
    {
      id: 'checkout',
      title: 'Check out once, even when retrying',
      narrative: 'As a customer on a flaky connection, I want a retried checkout to return the same order, so that I never pay twice.',
      endpoints: ['POST /v1/orders (Idempotency-Key)', 'GET /v1/orders/{id}'],
      checks: [
        {
          name: 'Checkout answers 201 with a `Location` and a `pending_payment` order priced from the catalogue',
          async run({ client, newProduct }) {
            const product = await newProduct(5, 250);
            const buyer = await newAccount(client, 'checkout');
            await putInCart(client, buyer.accessToken, product.id, 2);
            const answer = await checkOut(client, buyer.accessToken);
            expectStatus(answer, 201);
            const order = expectObject<Order>(answer);
            expectFieldIs(answer, order, 'id', 'a UUID', isUuid);
            expectField(answer, order, 'status', 'pending_payment');
            expectField(answer, order, 'totalCents', 500);
            expectThat(order.items?.[0]?.name === product.name && order.items[0].unitPriceCents === 250, `a line snapshotting "${product.name}" at 250 cents`, JSON.stringify(order.items).slice(0, 200), answer.request);
            const location = answer.headers.get('location') ?? '';
            expectThat(location.endsWith(`/v1/orders/${order.id}`), `header Location = /v1/orders/${order.id}`, `Location = ${location || '(none)'}`, answer.request);
          },
        },
        {
          name: 'A repeat with the same `Idempotency-Key` returns the same order and reserves nothing twice',
          async run({ client, newProduct }) {
            const product = await newProduct(5);
            const buyer = await newAccount(client, 'retry');
            await putInCart(client, buyer.accessToken, product.id, 2);
            const key = randomUUID();
            const first = await checkOut(client, buyer.accessToken, key);
            expectStatus(first, 201);
            const repeat = await checkOut(client, buyer.accessToken, key);
            expectStatus(repeat, 200, 201);
            expectField(repeat, expectObject(repeat), 'id', expectObject<Order>(first).id);
            const stock = await productStock(client, product.id);
            expectThat(stock === 3, 'stock 3 (5 minus one reservation of 2)', `stock ${stock}`);
          },
        },
        {
          name: 'Checking out an empty cart is a 409 problem',
          async run({ client }) {
            const buyer = await newAccount(client, 'empty');
            expectProblem(await checkOut(client, buyer.accessToken), 409);
          },
        },
        {
          name: "Another customer's order is a 404 problem",
          async run({ client, account, newProduct }) {
            const order = await pendingOrder(client, await newAccount(client, 'orders'), await newProduct(2));
            expectProblem(await client.request('GET', `/v1/orders/${order.id}`, { token: (await account('stranger')).accessToken }), 404);
          },
        },
      ],
    },
    {
      id: 'no-oversell',
      title: 'The last units are never sold twice',
      narrative: 'As the shop owner, I want concurrent buyers of the last units to never oversell, so that I never sell what I do not have.',
      endpoints: ['POST /v1/orders'],
      checks: [
        {
          name: '5 buyers checking out at once for the last 2 units: exactly 2 orders, the others get a 409 problem, stock ends at 0',
          async run({ client, newProduct }) {
            const product = await newProduct(2);
            const buyers = await Promise.all(Array.from({ length: 5 }, () => newAccount(client, 'rush')));
            for (const buyer of buyers) await putInCart(client, buyer.accessToken, product.id, 1);
            const answers = await Promise.all(buyers.map((buyer) => checkOut(client, buyer.accessToken)));
            const sold = answers.filter((answer) => answer.status === 201).length;
            const refused = answers.filter((answer) => answer.status === 409);
            expectThat(sold === 2, '2 orders (201) for 2 units', `${sold} orders: statuses ${answers.map((answer) => answer.status).join(', ')}`, answers[0]?.request);
            expectThat(refused.length === 3, '3 answers 409', `statuses ${answers.map((answer) => answer.status).join(', ')}`, answers[0]?.request);
            for (const answer of refused) expectProblem(answer, 409);
            const stock = await productStock(client, product.id);
            expectThat(stock === 0, 'stock 0', `stock ${stock}`);
          },
        },
        {
          name: 'A cart line that is short at checkout (the stock fell meanwhile) is a 409 problem naming the product, and nothing of the order is kept',
          async run({ client, adminToken, newProduct }) {
            const product = await newProduct(2);
            const buyer = await newAccount(client, 'short');
            await putInCart(client, buyer.accessToken, product.id, 2);
            const lowered = await client.request('PATCH', `/v1/products/${product.id}`, { token: await adminToken(), body: { stock: 1 } });
            expectStatus(lowered, 200);
            const answer = await checkOut(client, buyer.accessToken);
            expectProblem(answer, 409);
            expectThat(answer.text.includes(product.name) || answer.text.includes(product.id), `a problem naming "${product.name}"`, answer.text.slice(0, 200), answer.request);
            const stock = await productStock(client, product.id);
            expectThat(stock === 1, 'stock still 1', `stock ${stock}`);
            const orders = await client.request('GET', '/v1/orders', { token: buyer.accessToken });
            expectStatus(orders, 200);
            const items = expectObject<{ items: unknown[] }>(orders).items;
            expectThat(Array.isArray(items) && items.length === 0, 'no order kept', `${Array.isArray(items) ? items.length : '?'} orders`, orders.request);
          },
        },
      ],
    },
    {
      id: 'order-lifecycle',
      title: 'Pay, ship and cancel orders',
      narrative: 'As a customer and as the shop, I want orders to move only along pending_payment → paid → shipped → delivered (or cancelled), so that no order ends in a state that makes no sense.',
      endpoints: ['POST /v1/orders/{id}/pay', 'POST /v1/orders/{id}/cancel', 'PATCH /v1/admin/orders/{id}', 'GET /v1/admin/orders'],
      checks: [
        {
          name: 'A declined payment is a 402 problem and the order stays `pending_payment`; `test_success` makes it `paid`; paying twice is a 409 problem',
          async run({ client, newProduct }) {
            const buyer = await newAccount(client, 'pay');
            const order = await pendingOrder(client, buyer, await newProduct(3));
            const token = buyer.accessToken;
            expectProblem(await client.request('POST', `/v1/orders/${order.id}/pay`, { token, body: { paymentMethod: 'test_decline' } }), 402);
            const still = await client.request('GET', `/v1/orders/${order.id}`, { token });
            expectField(still, expectObject(still), 'status', 'pending_payment');
            const paid = await client.request('POST', `/v1/orders/${order.id}/pay`, { token, body: { paymentMethod: 'test_success' } });
            expectStatus(paid, 200);
            expectField(paid, expectObject(paid), 'status', 'paid');
            expectProblem(await client.request('POST', `/v1/orders/${order.id}/pay`, { token, body: { paymentMethod: 'test_success' } }), 409);
          },
        },
        {
          name: 'Cancelling a pending order restocks it; cancelling again is a 409 problem',
          async run({ client, newProduct }) {
            const product = await newProduct(3);
            const buyer = await newAccount(client, 'cancel');
            const order = await pendingOrder(client, buyer, product, 2);
            const cancelled = await client.request('POST', `/v1/orders/${order.id}/cancel`, { token: buyer.accessToken });
            expectStatus(cancelled, 200);
            expectField(cancelled, expectObject(cancelled), 'status', 'cancelled');
            const stock = await productStock(client, product.id);
            expectThat(stock === 3, 'stock back to 3', `stock ${stock}`);
            expectProblem(await client.request('POST', `/v1/orders/${order.id}/cancel`, { token: buyer.accessToken }), 409);
          },
        },
        {
          name: 'An admin ships a paid order and marks it delivered; a customer cannot cancel it once shipped (409 problem)',
          async run({ client, adminToken, newProduct }) {
            const admin = await adminToken();
            const buyer = await newAccount(client, 'ship');
            const order = await pendingOrder(client, buyer, await newProduct(3));
            expectProblem(await client.request('PATCH', `/v1/admin/orders/${order.id}`, { token: admin, body: { status: 'shipped' } }), 409);
            expectStatus(await client.request('POST', `/v1/orders/${order.id}/pay`, { token: buyer.accessToken, body: { paymentMethod: 'test_success' } }), 200);
            const shipped = await client.request('PATCH', `/v1/admin/orders/${order.id}`, { token: admin, body: { status: 'shipped' } });
            expectStatus(shipped, 200);
            expectField(shipped, expectObject(shipped), 'status', 'shipped');
            expectProblem(await client.request('POST', `/v1/orders/${order.id}/cancel`, { token: buyer.accessToken }), 409);
            const delivered = await client.request('PATCH', `/v1/admin/orders/${order.id}`, { token: admin, body: { status: 'delivered' } });
            expectStatus(delivered, 200);
            expectField(delivered, expectObject(delivered), 'status', 'delivered');
          },
        },
        {
          name: 'A customer listing all orders (`GET /v1/admin/orders`) gets a 403 problem',
          async run({ client, account }) {
            expectProblem(await client.request('GET', '/v1/admin/orders', { token: (await account('owner')).accessToken }), 403);
          },
        },
      ],
    },
  ];
}

/** Without an admin, the cart story borrows a product on sale (a cart line changes no product). */
async function someProductInStock(client: Client): Promise<Product> {
  const answer = await client.request('GET', '/v1/products?limit=50');
  expectStatus(answer, 200);
  const product = expectObject<{ items: Product[] }>(answer).items?.find((item) => item.stock > 0 && item.active !== false);
  if (!product) throw new Skipped(`the catalogue has no product in stock; ${NEEDS_ADMIN}`);
  return product;
}

function contextOf(client: Client, options: SuiteOptions): Context {
  let admin: Promise<string> | undefined;
  const created: string[] = [];
  const adminToken = () => {
    if (!options.admin) return Promise.reject(new Skipped(NEEDS_ADMIN));
    admin ??= logIn(client, options.admin.email, options.admin.password).then(
      (tokens) => {
        client.keepSecret(tokens.accessToken);
        return tokens.accessToken;
      },
      (error) => {
        admin = undefined;
        if (error instanceof Mismatch) throw new Mismatch(`the admin account to log in: ${error.expected}`, error.received, error.request);
        throw error;
      },
    );
    return admin;
  };
  return {
    client,
    document: options.document,
    origin: options.origin,
    jwtSecret: options.jwtSecret,
    account: accountsOf(client),
    adminToken,
    created,
    async newProduct(stock, priceCents = 990) {
      const token = await adminToken();
      // A category of its own, so a filter sees only this product.
      const tag = randomUUID().slice(0, 8);
      const body = { sku: `CHK-${tag.toUpperCase()}`, name: `Check product ${tag}`, category: `check-${tag}`, priceCents, stock };
      const answer = await client.request('POST', '/v1/products', { token, body });
      expectStatus(answer, 201);
      const product = expectObject<Product>(answer);
      expectFieldIs(answer, product, 'id', 'a UUID', isUuid);
      created.push(product.id);
      const location = answer.headers.get('location') ?? '';
      expectThat(location.endsWith(`/v1/products/${product.id}`), `header Location = /v1/products/${product.id}`, `Location = ${location || '(none)'}`, answer.request);
      return product;
    },
  };
}

const STAGES: Stage[] = [
  { title: 'Health', stories: ['health'] },
  { title: 'Register and log in', stories: ['register', 'log-in'] },
  { title: 'Browse the catalogue', stories: ['browse-catalogue'] },
  { title: 'Admins manage the catalogue', stories: ['manage-catalogue'] },
  { title: 'The cart', stories: ['cart'] },
  { title: 'Checkout and idempotency', stories: ['checkout'] },
  { title: 'No overselling', stories: ['no-oversell'] },
  { title: 'The order lifecycle', stories: ['order-lifecycle'] },
  { title: 'Tokens and rotation', stories: ['sessions', 'tokens'] },
  { title: 'Rate limits', stories: ['rate-limits'] },
  { title: 'CORS and documents', stories: ['cors-and-documents'] },
];

export const ecommerceSuite: TemplateSuite = {
  template: 'ecommerce',
  stages: STAGES,
  probes: [
    { method: 'GET', path: '/v1/products?limit=1' },
    { method: 'GET', path: '/v1/cart' },
    { method: 'POST', path: '/v1/auth/login', shared: true },
  ],
  stories: () =>
    inStageOrder(
      [
        healthStory<Context>(),
        ...authStories<Context>(),
        ...shopStories(),
        rateLimitStory<Context>('GET /v1/products', ({ client }) => client.request('GET', '/v1/products?limit=1')),
        ...corsAndDocumentStories<Context>('/v1/cart'),
      ],
      STAGES,
    ) as Story<unknown>[],
  context: contextOf,
  /** Archives what this run created (and only that). */
  async cleanup(context) {
    const { client, created, adminToken } = context as Context;
    if (created.length === 0) return;
    const token = await adminToken();
    for (const id of created) await client.request('DELETE', `/v1/products/${id}`, { token });
  },
};
