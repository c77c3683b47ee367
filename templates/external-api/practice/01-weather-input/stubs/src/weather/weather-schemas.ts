/**
 * Exercise 01 "weather-input" — .practice/exercises/01-weather-input.md
 *
 * Request and response shapes of the weather routes: validation, types and OpenAPI in one place.
 * The response shapes are done. The query schemas below have the right fields, types and upper
 * bounds (maxLength, maximum: what keeps a megabyte out and the OpenAPI document bounded) but none
 * of the rules yet: no minimum length, no pattern, no ranges for coordinates, and
 * `toLocationQuery` takes whatever it is given. Add them, and keep every exported name.
 */
import { type Static, Type } from 'typebox';
import { DateTimeSchema } from '../http/schemas.js';
import { MAX_FORECAST_DAYS, PLACE_NAME_MAX_LENGTH } from './open-meteo.js';

/**
 * A place name as people type it: at least one letter, no control characters (a NUL byte would
 * reach the database as an encoding error), and short: the longest place names are under 100.
 */
export const CITY_MAX_LENGTH = 100;

const UNFINISHED =
  'Exercise 01 "weather-input" is not done yet: these fields have types and upper bounds but no rules.';

const CitySchema = Type.String({
  maxLength: CITY_MAX_LENGTH,
  description: 'A place name, e.g. `Berlin`. Alternatively pass `lat` and `lon`.',
  examples: ['Berlin'],
});

export const LocationQuerySchema = Type.Object(
  {
    city: Type.Optional(CitySchema),
    lat: Type.Optional(Type.Number({ description: 'Latitude in degrees, with `lon`' })),
    lon: Type.Optional(Type.Number({ description: 'Longitude in degrees, with `lat`' })),
  },
  { description: UNFINISHED },
);

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

/** Exactly one way of saying where: a city, or both coordinates (for now: whatever was given). */
export function toLocationQuery(query: Static<typeof LocationQuerySchema>): LocationQuery {
  if (query.city !== undefined) return { city: query.city };
  return { latitude: query.lat ?? 0, longitude: query.lon ?? 0 };
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
