/** Statistics over the recorded lookups: plain SQL aggregation, no upstream involved. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { problemResponses } from '../http/schemas.js';
import { TopCitiesQuerySchema, TopCitiesSchema } from './stats-schemas.js';
import { topCities } from './stats-service.js';

export const statsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/top-cities',
    {
      schema: {
        tags: ['stats'],
        summary: 'The most requested places, most popular first',
        querystring: TopCitiesQuerySchema,
        response: { 200: TopCitiesSchema, ...problemResponses(400) },
      },
    },
    async (request) => topCities(app.db, request.query),
  );
};
