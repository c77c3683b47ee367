/** The API under `/v1`: authentication first (deny by default), then each feature. */
import type { FastifyInstance } from 'fastify';
import { authRoutes } from './auth/auth-routes.js';
import { authentication } from './auth/authentication-plugin.js';
import { cartRoutes } from './cart/cart-routes.js';
import { adminOrderRoutes } from './orders/admin-orders-routes.js';
import { orderExpiry } from './orders/order-expiry-plugin.js';
import { orderRoutes } from './orders/orders-routes.js';
import { payments } from './payments/payments-plugin.js';
import { adminProductRoutes, productRoutes } from './products/products-routes.js';

export const apiDocs = {
  title: 'Shop API',
  description:
    'A small shop: a public catalogue, a cart per customer, checkout that never oversells, payments and order ' +
    'fulfilment. Money is in integer cents.',
  bearerAuth: true,
};

export async function apiRoutes(app: FastifyInstance) {
  await app.register(authentication); // every route below needs a token unless it says `public`
  await app.register(payments);
  await app.register(orderExpiry); // unpaid orders expire after PAYMENT_WINDOW_MINUTES
  await app.register(authRoutes);
  await app.register(productRoutes, { prefix: '/products' });
  await app.register(cartRoutes, { prefix: '/cart' });
  await app.register(orderRoutes, { prefix: '/orders' });
  await app.register(adminProductRoutes, { prefix: '/admin/products' });
  await app.register(adminOrderRoutes, { prefix: '/admin/orders' });
}
