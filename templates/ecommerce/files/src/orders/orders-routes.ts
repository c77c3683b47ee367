/** The caller's orders: checkout, list, read, pay, cancel. Someone else's order is a 404. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParamsSchema, pageOf } from '../http/pagination-schemas.js';
import { noBodyIsEmpty, problemResponses } from '../http/schemas.js';
import { checkOut } from './checkout-service.js';
import { payOrder } from './order-payment.js';
import { cancelOrder } from './order-transitions.js';
import {
  CheckoutBodySchema,
  CheckoutHeadersSchema,
  OrderListQuerySchema,
  OrderSchema,
  PayBodySchema,
} from './orders-schemas.js';
import { getOrder, listOrders } from './orders-service.js';

export const orderRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '',
    {
      config: {
        // Checkout locks stock rows and writes several tables: far more expensive than a read,
        // and a way to tie up stock. Counted per user; on this route it replaces the global
        // per-IP limit (one limiter applies per request).
        rateLimit: {
          max: app.config.checkout.rateLimitPerMinute,
          timeWindow: '1 minute',
          // A preHandler runs after authentication, so the key can be the user.
          hook: 'preHandler',
          keyGenerator: (request) => `checkout:${request.user.id}`,
        },
      },
      preValidation: noBodyIsEmpty,
      schema: {
        tags: ['orders'],
        summary: 'Check out your cart: reserve the stock and create an order awaiting payment',
        description:
          'Send an `Idempotency-Key` (e.g. a UUID) and retry with the same key after a timeout: the retry returns ' +
          'the order the first attempt created (header `idempotent-replayed: true`) instead of a second order.',
        headers: CheckoutHeadersSchema,
        body: CheckoutBodySchema,
        response: { 201: OrderSchema, ...problemResponses(400, 401, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const { order, replayed } = await checkOut(
        app.db,
        request.user.id,
        request.headers['idempotency-key'],
        app.config.checkout,
      );
      if (replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(201).header('location', `/v1/orders/${order.id}`).send(order);
    },
  );

  app.get(
    '',
    {
      schema: {
        tags: ['orders'],
        summary: 'Your orders, newest first',
        querystring: OrderListQuerySchema,
        response: { 200: pageOf(OrderSchema), ...problemResponses(400, 401) },
      },
    },
    async (request) => listOrders(app.db, { ...request.query, userId: request.user.id }),
  );

  app.get(
    '/:id',
    {
      schema: {
        tags: ['orders'],
        summary: 'One of your orders',
        params: IdParamsSchema,
        response: { 200: OrderSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => getOrder(app.db, request.params.id, request.user.id),
  );

  app.post(
    '/:id/pay',
    {
      schema: {
        tags: ['orders'],
        summary: 'Pay for an order awaiting payment; the amount is the order total',
        params: IdParamsSchema,
        body: PayBodySchema,
        response: { 200: OrderSchema, ...problemResponses(400, 401, 402, 404, 409) },
      },
    },
    async (request) =>
      payOrder(
        app.db,
        app.payments,
        { id: request.params.id, ownerId: request.user.id },
        request.body.paymentMethod,
        request.log,
      ),
  );

  app.post(
    '/:id/cancel',
    {
      schema: {
        tags: ['orders'],
        summary: 'Cancel an order that has not shipped: its stock goes back on sale, a payment is refunded',
        params: IdParamsSchema,
        response: { 200: OrderSchema, ...problemResponses(400, 401, 404, 409) },
      },
    },
    async (request) =>
      cancelOrder(app.db, app.payments, { id: request.params.id, ownerId: request.user.id }, request.log),
  );
};
