/**
 * A frontend's checkout against ecommerce: a client generated from the served /openapi.json
 * (openapi-typescript) and openapi-fetch, written the natural way (no parameters where the
 * server has defaults, no body for checkout). Checkout is sent twice with one Idempotency-Key,
 * as a page retrying after a timeout would: one order, and the replay says so in a header the
 * page can read. Tier 6 type-checks it, then runs it in Chromium from an allowed origin.
 */
import createClient from 'openapi-fetch';
import type { paths } from './schema';

export async function mainFlow(baseUrl: string) {
  const client = createClient<paths>({ baseUrl });
  const email = `browser-${Date.now()}@example.com`;
  const password = 'correct horse battery staple';

  const registered = await client.POST('/v1/auth/register', { body: { email, password } });
  if (!registered.data) throw new Error(`register answered ${registered.response.status}`);
  const login = await client.POST('/v1/auth/login', { body: { email, password } });
  if (!login.data) throw new Error(`login answered ${login.response.status}`);
  const headers = { Authorization: `Bearer ${login.data.accessToken}` };

  const catalogue = await client.GET('/v1/products');
  const product = catalogue.data?.items.find((item) => item.stock > 0);
  if (!product) throw new Error(`no product in stock (catalogue answered ${catalogue.response.status})`);
  const cart = await client.PUT('/v1/cart/items/{productId}', {
    params: { path: { productId: product.id } },
    body: { quantity: 1 },
    headers,
  });
  if (!cart.data) throw new Error(`adding to the cart answered ${cart.response.status}`);

  const idempotencyKey = crypto.randomUUID();
  const checkout = () => client.POST('/v1/orders', { params: { header: { 'idempotency-key': idempotencyKey } }, headers });
  const first = await checkout();
  const retry = await checkout();
  if (!first.data || !retry.data) throw new Error(`checkout answered ${first.response.status}, ${retry.response.status}`);

  return {
    orderIds: [first.data.id, retry.data.id],
    location: first.response.headers.get('location'),
    replayed: [first.response.headers.get('idempotent-replayed'), retry.response.headers.get('idempotent-replayed')],
    requestId: retry.response.headers.get('x-request-id'),
    rateLimit: retry.response.headers.get('ratelimit'),
  };
}
