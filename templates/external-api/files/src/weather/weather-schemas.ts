/** Request and response shapes of the weather routes: validation, types and OpenAPI in one place. */
import { type Static, Type } from 'typebox';
import { badRequest } from '../http/problem.js';
import { DateTimeSchema } from '../http/schemas.js';
import { MAX_FORECAST_DAYS, PLACE_NAME_MAX_LENGTH } from './open-meteo.js';

/**
 * A place name as people type it: at least one letter, no control characters (a NUL byte would
 * reach the database as an encoding error), and short: the longest place names are under 100.
 */
export const CITY_MAX_LENGTH = 100;

const CitySchema = Type.String({
  minLength: 1,
  maxLength: CITY_MAX_LENGTH,
  pattern: '^[^\\p{Cc}]*\\p{L}[^\\p{Cc}]*$',
  description: 'A place name, e.g. `Berlin`. Alternatively pass `lat` and `lon`.',
  examples: ['Berlin'],
});

export const LocationQuerySchema = Type.Object({
  city: Type.Optional(CitySchema),
  lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90, description: 'Latitude in degrees, with `lon`' })),
  lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180, description: 'Longitude in degrees, with `lat`' })),
});

export const ForecastQuerySchema = Type.Object({
  ...LocationQuerySchema.properties,
  days: Type.Integer({
    format: 'int32',
    minimum: 1,
    maximum: MAX_FORECAST_DAYS,
    default: 7,
    description: 'How many days, today included',
  }),
});

export type LocationQuery = { city: string } | { latitude: number; longitude: number };

/** Exactly one way of saying where: a city, or both coordinates. */
export function toLocationQuery(query: Static<typeof LocationQuerySchema>): LocationQuery {
  if (query.city !== undefined) {
    if (query.lat !== undefined || query.lon !== undefined) {
      throw badRequest('Pass either `city` or `lat` and `lon`, not both.', [
        { field: '/city', message: 'cannot be combined with lat and lon' },
      ]);
    }
    return { city: query.city };
  }
  if (query.lat === undefined || query.lon === undefined) {
    throw badRequest('Say where: pass `city`, or both `lat` and `lon`.', [
      { field: query.lat === undefined ? '/lat' : '/lon', message: 'is required without city' },
    ]);
  }
  return { latitude: query.lat, longitude: query.lon };
}

const NullableNumber = Type.Union([Type.Number(), Type.Null()]);

const LocationSchema = Type.Object({
  name: Type.Union([Type.String({ maxLength: PLACE_NAME_MAX_LENGTH }), Type.Null()], {
    description: 'Null when asked by coordinates',
  }),
  country: Type.Union([Type.String({ maxLength: PLACE_NAME_MAX_LENGTH }), Type.Null()]),
  latitude: Type.Number({ minimum: -90, maximum: 90 }),
  longitude: Type.Number({ minimum: -180, maximum: 180 }),
  timezone: Type.String({ maxLength: 64, examples: ['Europe/Berlin'] }),
});

/** Where the answer came from; every weather response has them. */
const FreshnessProperties = {
  cached: Type.Boolean({ description: 'Served from our cache, without asking the provider' }),
  stale: Type.Boolean({
    description: 'The provider is failing and this is an older answer, kept for such times (stale-if-error)',
  }),
  attribution: Type.String({
    maxLength: 200,
    description: 'Required by the data licence (CC BY 4.0): show it with the data',
  }),
};

export const CurrentWeatherSchema = Type.Object({
  location: LocationSchema,
  temperatureC: Type.Number({ description: 'Air temperature 2 m above ground, °C' }),
  windSpeedKmh: Type.Number({ description: 'Wind speed 10 m above ground, km/h' }),
  windDirectionDeg: Type.Number({ description: 'Where the wind comes from, degrees (0 = north)' }),
  weatherCode: Type.Integer({
    format: 'int32',
    minimum: 0,
    maximum: 99,
    description: 'WMO weather interpretation code',
  }),
  weatherText: Type.String({ maxLength: 100, examples: ['Partly cloudy'] }),
  observedAt: { ...DateTimeSchema, description: 'When the provider observed or modelled it (UTC)' },
  ...FreshnessProperties,
});

export const ForecastSchema = Type.Object({
  location: LocationSchema,
  days: Type.Array(
    Type.Object({
      date: Type.String({ format: 'date', maxLength: 10, description: "The place's local date" }),
      temperatureMinC: NullableNumber,
      temperatureMaxC: NullableNumber,
      precipitationMm: NullableNumber,
      weatherCode: Type.Union([Type.Integer({ format: 'int32', minimum: 0, maximum: 99 }), Type.Null()]),
      weatherText: Type.Union([Type.String({ maxLength: 100 }), Type.Null()]),
    }),
    { maxItems: MAX_FORECAST_DAYS },
  ),
  ...FreshnessProperties,
});

export type CurrentWeather = Static<typeof CurrentWeatherSchema>;
export type Forecast = Static<typeof ForecastSchema>;
