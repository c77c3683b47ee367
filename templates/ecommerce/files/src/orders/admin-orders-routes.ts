/** Order management for shop admins: every route here checks the role first. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParamsSchema, pageOf } from '../http/pagination-schemas.js';
import { problemResponses } from '../http/schemas.js';
import { requireAdmin } from '../users/require-admin-hook.js';
import { advanceOrder, cancelOrder } from './order-transitions.js';
import { AdminStatusBodySchema, OrderListQuerySchema, OrderSchema } from './orders-schemas.js';
import { listOrders } from './orders-service.js';

export const adminOrderRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // For every route of this plugin (and only this plugin: Fastify encapsulates hooks).
  app.addHook('onRequest', requireAdmin);

  app.get(
    '',
    {
      schema: {
        tags: ['admin'],
        summary: 'All orders, newest first, optionally of one status (admin)',
        querystring: OrderListQuerySchema,
        response: { 200: pageOf(OrderSchema), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => listOrders(app.db, request.query),
  );

  app.patch(
    '/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Ship, deliver or cancel an order (admin); cancelling restocks and refunds',
        params: IdParamsSchema,
        body: AdminStatusBodySchema,
        response: { 200: OrderSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { status } = request.body;
      if (status === 'cancelled') return cancelOrder(app.db, app.payments, { id: request.params.id }, request.log);
      return advanceOrder(app.db, request.params.id, status);
    },
  );
};
