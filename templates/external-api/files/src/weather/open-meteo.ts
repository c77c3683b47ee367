/**
 * The two Open-Meteo endpoints this service uses, what we expect them to answer, and how their
 * answers become ours. Only the fields we read are in the schemas; TypeBox objects accept extra
 * properties, so the provider can add fields without breaking us, but a missing or mistyped
 * field we rely on is a 502 instead of `undefined` travelling through the app.
 *   https://open-meteo.com/en/docs/geocoding-api   https://open-meteo.com/en/docs
 */
import { Type } from 'typebox';
import type { Deadline } from '../upstream/deadline.js';
import type { UpstreamClient } from '../upstream/upstream-client.js';
import { UpstreamError } from '../upstream/upstream-error.js';
import { describeWeatherCode } from './weather-codes.js';

const Latitude = Type.Number({ minimum: -90, maximum: 90 });
const Longitude = Type.Number({ minimum: -180, maximum: 180 });
/**
 * Text we pass on: no control characters (a NUL byte cannot even be stored by PostgreSQL). The
 * provider sending one is the provider's fault, a 502, never blamed on our client.
 */
const NO_CONTROL_CHARACTERS = '^[^\\p{Cc}]*$';
/** IANA time zone names are short (`America/Argentina/ComodRivadavia` is among the longest). */
const Timezone = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_+\\-/]+$' });
/**
 * Physical bounds, generous but finite: a value outside them is a broken answer (a 502), not
 * weather, and must not reach our clients as if it were. Our own document promises no more.
 */
const Temperature = Type.Number({ minimum: -100, maximum: 100 });
const NullableTemperature = Type.Union([Temperature, Type.Null()]);
/** Unix seconds up to 9999-12-31T23:59:59Z: anything later has no ISO 8601 date-time (`toISOString` throws). */
const UnixTime = Type.Integer({ minimum: 0, maximum: 253_402_300_799 });
/** WMO weather interpretation codes run from 0 to 99. */
const WeatherCode = Type.Integer({ minimum: 0, maximum: 99 });
export const PLACE_NAME_MAX_LENGTH = 200;

const GeocodingResponseSchema = Type.Object({
  // Absent when nothing matches.
  results: Type.Optional(
    Type.Array(
      Type.Object({
        // Stored as bigint; above 2^53 - 1 a JavaScript number would no longer hold it exactly.
        id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
        // Bounded here so that what we pass on keeps the bounds our own document promises.
        name: Type.String({ minLength: 1, maxLength: PLACE_NAME_MAX_LENGTH, pattern: NO_CONTROL_CHARACTERS }),
        latitude: Latitude,
        longitude: Longitude,
        country: Type.Optional(Type.String({ maxLength: PLACE_NAME_MAX_LENGTH, pattern: NO_CONTROL_CHARACTERS })),
        timezone: Type.Optional(Timezone),
      }),
    ),
  ),
});

const CurrentResponseSchema = Type.Object({
  timezone: Timezone,
  current: Type.Object({
    /** Unix seconds, because we ask for `timeformat=unixtime` */
    time: UnixTime,
    temperature_2m: Temperature,
    wind_speed_10m: Type.Number({ minimum: 0, maximum: 1000 }),
    wind_direction_10m: Type.Number({ minimum: 0, maximum: 360 }),
    weather_code: WeatherCode,
  }),
});

const DailyResponseSchema = Type.Object({
  timezone: Timezone,
  daily: Type.Object({
    // `format: date` checks the calendar too: `9999-99-99` matches a pattern, it is no date.
    time: Type.Array(Type.String({ format: 'date', maxLength: 10 }), { maxItems: 16 }),
    weather_code: Type.Array(Type.Union([WeatherCode, Type.Null()]), { maxItems: 16 }),
    temperature_2m_max: Type.Array(NullableTemperature, { maxItems: 16 }),
    temperature_2m_min: Type.Array(NullableTemperature, { maxItems: 16 }),
    precipitation_sum: Type.Array(Type.Union([Type.Number({ minimum: 0, maximum: 10_000 }), Type.Null()]), {
      maxItems: 16,
    }),
  }),
});

/** A place as the geocoding API resolved it; `id` is Open-Meteo's (a GeoNames id). */
export interface Place {
  id: number;
  name: string;
  country: string | null;
  latitude: number;
  longitude: number;
}

export interface CurrentConditions {
  timezone: string;
  temperatureC: number;
  windSpeedKmh: number;
  windDirectionDeg: number;
  weatherCode: number;
  weatherText: string;
  observedAt: string;
}

export interface DailyForecast {
  timezone: string;
  days: {
    date: string;
    temperatureMinC: number | null;
    temperatureMaxC: number | null;
    precipitationMm: number | null;
    weatherCode: number | null;
    weatherText: string | null;
  }[];
}

/** The longest forecast we offer; we always fetch (and cache) all of it and slice per request. */
export const MAX_FORECAST_DAYS = 7;

/** The best match for a place name, or null when there is none. */
export async function searchPlace(client: UpstreamClient, name: string, deadline: Deadline): Promise<Place | null> {
  const body = await client.getJson(
    '/v1/search',
    { name, count: 1, language: 'en', format: 'json' },
    GeocodingResponseSchema,
    deadline,
  );
  const [best] = body.results ?? [];
  if (!best) return null;
  return {
    id: best.id,
    name: best.name,
    country: best.country ?? null,
    latitude: best.latitude,
    longitude: best.longitude,
  };
}

export async function fetchCurrentConditions(
  client: UpstreamClient,
  latitude: number,
  longitude: number,
  deadline: Deadline,
): Promise<CurrentConditions> {
  const body = await client.getJson(
    '/v1/forecast',
    {
      latitude,
      longitude,
      current: 'temperature_2m,wind_speed_10m,wind_direction_10m,weather_code',
      // Units said out loud: the defaults could change, our response documents °C and km/h.
      temperature_unit: 'celsius',
      wind_speed_unit: 'kmh',
      timezone: 'auto',
      timeformat: 'unixtime',
    },
    CurrentResponseSchema,
    deadline,
  );
  const current = body.current;
  return {
    timezone: body.timezone,
    temperatureC: current.temperature_2m,
    windSpeedKmh: current.wind_speed_10m,
    windDirectionDeg: current.wind_direction_10m,
    weatherCode: current.weather_code,
    weatherText: describeWeatherCode(current.weather_code),
    observedAt: new Date(current.time * 1000).toISOString(),
  };
}

export async function fetchDailyForecast(
  client: UpstreamClient,
  latitude: number,
  longitude: number,
  deadline: Deadline,
): Promise<DailyForecast> {
  const body = await client.getJson(
    '/v1/forecast',
    {
      latitude,
      longitude,
      daily: 'weather_code,temperature_2m_max,temperature_2m_min,precipitation_sum',
      temperature_unit: 'celsius',
      precipitation_unit: 'mm',
      // Days in the place's own time zone: "tomorrow" in Tokyo is not tomorrow in UTC.
      timezone: 'auto',
      forecast_days: MAX_FORECAST_DAYS,
    },
    DailyResponseSchema,
    deadline,
  );
  const daily = body.daily;
  const columns = [daily.weather_code, daily.temperature_2m_max, daily.temperature_2m_min, daily.precipitation_sum];
  // The schema checks each column; that they line up is a rule across columns.
  if (columns.some((column) => column.length !== daily.time.length)) {
    throw new UpstreamError('forecast', 'invalid-response', 'daily columns of different lengths');
  }
  return {
    timezone: body.timezone,
    days: daily.time.map((date, i) => {
      const code = daily.weather_code[i] ?? null;
      return {
        date,
        temperatureMinC: daily.temperature_2m_min[i] ?? null,
        temperatureMaxC: daily.temperature_2m_max[i] ?? null,
        precipitationMm: daily.precipitation_sum[i] ?? null,
        weatherCode: code,
        weatherText: code === null ? null : describeWeatherCode(code),
      };
    }),
  };
}
