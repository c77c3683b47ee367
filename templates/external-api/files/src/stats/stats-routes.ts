/** Statistics over the recorded lookups: plain SQL aggregation, no upstream involved. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DateTimeSchema, problemResponses } from '../http/schemas.js';
import { PLACE_NAME_MAX_LENGTH } from '../weather/open-meteo.js';
import { findTopLocations } from './lookups-repository.js';

const TopCitiesQuerySchema = Type.Object({
  // A ranking, not a list to page through: its order changes with every lookup, so a cursor
  // would skip or repeat places. A hard maximum keeps it one cheap query.
  limit: Type.Integer({ format: 'int32', minimum: 1, maximum: 50, default: 10 }),
  days: Type.Integer({
    format: 'int32',
    minimum: 1,
    maximum: 365,
    default: 30,
    description: 'Count lookups of the last N days',
  }),
});

const TopCitiesSchema = Type.Object({
  days: Type.Integer({ format: 'int32', minimum: 1, maximum: 365 }),
  items: Type.Array(
    Type.Object({
      name: Type.String({ maxLength: PLACE_NAME_MAX_LENGTH }),
      country: Type.Union([Type.String({ maxLength: PLACE_NAME_MAX_LENGTH }), Type.Null()]),
      latitude: Type.Number({ minimum: -90, maximum: 90 }),
      longitude: Type.Number({ minimum: -180, maximum: 180 }),
      lookups: Type.Integer({
        format: 'int64',
        minimum: 1,
        maximum: Number.MAX_SAFE_INTEGER,
        description: 'Weather requests for this place in the window',
      }),
      servedFromCache: Type.Integer({
        format: 'int64',
        minimum: 0,
        maximum: Number.MAX_SAFE_INTEGER,
        description: 'How many of them the cache answered',
      }),
      lastLookupAt: DateTimeSchema,
    }),
    { maxItems: 50 },
  ),
});

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
    async (request) => {
      const { days, limit } = request.query;
      const rows = await findTopLocations(app.db, { days, limit });
      return {
        days,
        items: rows.map((row) => ({
          name: row.name,
          country: row.country,
          latitude: row.latitude,
          longitude: row.longitude,
          lookups: row.lookups,
          servedFromCache: row.served_from_cache,
          lastLookupAt: row.last_lookup_at.toISOString(),
        })),
      };
    },
  );
};
