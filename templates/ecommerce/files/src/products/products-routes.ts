/**
 * The catalogue. Reading is public (`config: { public: true }`); writing is for admins
 * (`onRequest: requireAdmin`). DELETE archives: a product that was ever ordered must stay, so
 * orders keep their history; it just stops being listed and sold.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParamsSchema, pageOf } from '../http/pagination-schemas.js';
import { problemResponses } from '../http/schemas.js';
import { requireAdmin } from '../users/require-admin-hook.js';
import {
  AdminProductListQuerySchema,
  CreateProductBodySchema,
  ProductListQuerySchema,
  ProductSchema,
  UpdateProductBodySchema,
} from './products-schemas.js';
import { archiveProduct, createProduct, getProduct, listProducts, updateProduct } from './products-service.js';

export const productRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '',
    {
      config: { public: true },
      schema: {
        tags: ['products'],
        summary: 'Search and browse the products for sale',
        security: [],
        querystring: ProductListQuerySchema,
        response: { 200: pageOf(ProductSchema), ...problemResponses(400) },
      },
    },
    async (request) => listProducts(app.db, request.query),
  );

  app.get(
    '/:id',
    {
      config: { public: true },
      schema: {
        tags: ['products'],
        summary: 'One product for sale',
        security: [],
        params: IdParamsSchema,
        response: { 200: ProductSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => getProduct(app.db, request.params.id),
  );

  app.post(
    '',
    {
      onRequest: requireAdmin,
      schema: {
        tags: ['admin'],
        summary: 'Add a product (admin)',
        body: CreateProductBodySchema,
        response: { 201: ProductSchema, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const product = await createProduct(app.db, request.body);
      return reply.code(201).header('location', `/v1/products/${product.id}`).send(product);
    },
  );

  app.patch(
    '/:id',
    {
      onRequest: requireAdmin,
      schema: {
        tags: ['admin'],
        summary: 'Change a product (admin); orders already placed keep their prices',
        params: IdParamsSchema,
        body: UpdateProductBodySchema,
        response: { 200: ProductSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => updateProduct(app.db, request.params.id, request.body),
  );

  app.delete(
    '/:id',
    {
      onRequest: requireAdmin,
      schema: {
        tags: ['admin'],
        summary: 'Archive a product (admin): no longer listed or sold; past orders keep it',
        params: IdParamsSchema,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await archiveProduct(app.db, request.params.id);
      return reply.code(204).send(null);
    },
  );
};

/** `/v1/admin/products`: the whole catalogue for the people who run it, archived products included. */
export const adminProductRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '',
    {
      onRequest: requireAdmin,
      schema: {
        tags: ['admin'],
        summary: 'List products, archived ones included (admin)',
        querystring: AdminProductListQuerySchema,
        response: { 200: pageOf(ProductSchema), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => listProducts(app.db, request.query),
  );
};
