/** Request and response shapes of the statistics routes: validation, types and OpenAPI in one place. */
import { type Static, Type } from 'typebox';
import { DateTimeSchema } from '../http/schemas.js';
import { PLACE_NAME_MAX_LENGTH } from '../weather/open-meteo.js';

export const TopCitiesQuerySchema = Type.Object({
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
export type TopCitiesQuery = Static<typeof TopCitiesQuerySchema>;

export const TopCitiesSchema = Type.Object({
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
export type TopCities = Static<typeof TopCitiesSchema>;
