/**
 * Exercise 03 "upstream-schemas" — .practice/exercises/03-upstream-schemas.md
 *
 * The two Open-Meteo endpoints this service uses, what we expect them to answer, and how their
 * answers become ours. The functions are done. The response schemas below have the right fields
 * and types but none of the bounds yet: any number, any string, any length. Add them (TypeBox
 * options are JSON Schema keywords), and the rule across the forecast's columns, and keep every
 * exported name. Only the fields we read are in the schemas; TypeBox objects accept extra
 * properties, so the provider can add fields without breaking us, but a missing or mistyped
 * field we rely on is a 502 instead of `undefined` travelling through the app.
 *   https://open-meteo.com/en/docs/geocoding-api   https://open-meteo.com/en/docs
 */
import { Type } from 'typebox';
import type { Deadline } from '../upstream/deadline.js';
import type { UpstreamClient } from '../upstream/upstream-client.js';
import { describeWeatherCode } from './weather-codes.js';

const Latitude = Type.Number();
const Longitude = Type.Number();
const Timezone = Type.String();
const Temperature = Type.Number();
const NullableTemperature = Type.Union([Temperature, Type.Null()]);
const UnixTime = Type.Number();
const WeatherCode = Type.Number();
export const PLACE_NAME_MAX_LENGTH = 200;

const GeocodingResponseSchema = Type.Object({
  // Absent when nothing matches.
  results: Type.Optional(
    Type.Array(
      Type.Object({
        id: Type.Number(),
        name: Type.String(),
        latitude: Latitude,
        longitude: Longitude,
        country: Type.Optional(Type.String()),
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
    wind_speed_10m: Type.Number(),
    wind_direction_10m: Type.Number(),
    weather_code: WeatherCode,
  }),
});

const DailyResponseSchema = Type.Object({
  timezone: Timezone,
  daily: Type.Object({
    time: Type.Array(Type.String()),
    weather_code: Type.Array(Type.Union([WeatherCode, Type.Null()])),
    temperature_2m_max: Type.Array(NullableTemperature),
    temperature_2m_min: Type.Array(NullableTemperature),
    precipitation_sum: Type.Array(Type.Union([Type.Number(), Type.Null()])),
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
