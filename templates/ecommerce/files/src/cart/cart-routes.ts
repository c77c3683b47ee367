/**
 * The caller's own cart. There is no cart id in any path: a user can only ever reach their own
 * cart, so there is nothing to guess.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '../http/schemas.js';
import { CartItemParamsSchema, CartSchema, PutCartItemBodySchema } from './cart-schemas.js';
import { getCart, removeFromCart, setCartQuantity } from './cart-service.js';

export const cartRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '',
    {
      schema: {
        tags: ['cart'],
        summary: 'Your cart, with current prices and a total',
        response: { 200: CartSchema, ...problemResponses(401) },
      },
    },
    async (request) => getCart(app.db, request.user.id),
  );

  app.put(
    '/items/:productId',
    {
      schema: {
        tags: ['cart'],
        summary: 'Set how many of a product are in your cart (0 removes it)',
        params: CartItemParamsSchema,
        body: PutCartItemBodySchema,
        response: { 200: CartSchema, ...problemResponses(400, 401, 404, 409) },
      },
    },
    async (request) => setCartQuantity(app.db, request.user.id, request.params.productId, request.body.quantity),
  );

  app.delete(
    '/items/:productId',
    {
      schema: {
        tags: ['cart'],
        summary: 'Remove a product from your cart',
        params: CartItemParamsSchema,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      await removeFromCart(app.db, request.user.id, request.params.productId);
      return reply.code(204).send(null);
    },
  );
};
