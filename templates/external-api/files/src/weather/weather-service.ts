/**
 * Answers weather questions from the cache when it can and from Open-Meteo when it must:
 *
 *   city → place:  cache (memory/Redis) → locations table → geocoding API
 *   place → weather: cache → forecast API (through breaker, retries, timeouts: upstream/)
 *
 * One deadline covers everything a request spends upstream, both calls included. Like every
 * service, these are plain functions given what they need: the database and the upstream
 * clients with their cache, built once per app (`app.weatherUpstream`, weather-plugin.ts).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { badRequest, notFound } from '../http/problem.js';
import { type LookupKind, recordLookup } from '../stats/lookups-repository.js';
import { type Cached, type CachePolicy, ResponseCache } from '../upstream/cache.js';
import { type CacheStore, MemoryCacheStore, RedisCacheStore } from '../upstream/cache-store.js';
import { Deadline } from '../upstream/deadline.js';
import { UpstreamClient } from '../upstream/upstream-client.js';
import { findPlaceByQuery, saveResolvedPlace } from './locations-repository.js';
import {
  fetchCurrentConditions,
  fetchDailyForecast,
  MAX_FORECAST_DAYS,
  type Place,
  searchPlace,
} from './open-meteo.js';
import { CITY_MAX_LENGTH, type CurrentWeather, type Forecast, type LocationQuery } from './weather-schemas.js';

/** Open-Meteo's licence (CC BY 4.0) asks for this wherever the data is shown. */
const ATTRIBUTION = 'Weather data by Open-Meteo.com (CC BY 4.0)';

type UpstreamConfig = Config['upstream'];

/** The upstream clients and cache one app shares between requests. */
export interface WeatherUpstream {
  config: UpstreamConfig;
  cache: ResponseCache;
  geocoding: UpstreamClient;
  forecast: UpstreamClient;
}

export function buildWeatherUpstream(deps: {
  config: UpstreamConfig;
  redis: Redis | null;
  log: FastifyBaseLogger;
}): WeatherUpstream {
  const { config, log } = deps;
  const client = (name: string, baseUrl: string) =>
    new UpstreamClient({
      name,
      baseUrl,
      userAgent: config.userAgent,
      timeoutMs: config.timeoutMs,
      retry: config.retry,
      circuitBreaker: config.circuitBreaker,
      log,
      unreachableHint: config.unreachableHint,
    });
  const store: CacheStore = deps.redis
    ? new RedisCacheStore(deps.redis)
    : new MemoryCacheStore(config.cache.maxEntries);
  return {
    config,
    cache: new ResponseCache(store, log),
    // One client, and so one circuit breaker, per upstream: a failing geocoder must not stop
    // forecasts for places we already know.
    geocoding: client('geocoding', config.geocodingBaseUrl),
    forecast: client('forecast', config.weatherBaseUrl),
  };
}

export async function getCurrentWeather(
  db: Database,
  upstream: WeatherUpstream,
  query: LocationQuery,
): Promise<CurrentWeather> {
  const deadline = new Deadline(upstream.config.deadlineMs);
  const { place, latitude, longitude } = await locate(db, upstream, query, deadline);
  const result = await upstream.cache.getOrLoad(
    `current:${latitude},${longitude}`,
    policy(upstream.config, 'current'),
    () => fetchCurrentConditions(upstream.forecast, latitude, longitude, deadline),
  );
  if (place) await record(db, place, 'current', result);

  const { timezone, ...conditions } = result.value;
  return {
    location: locationOf(place, { latitude, longitude }, timezone),
    ...conditions,
    cached: result.cached,
    stale: result.stale,
    attribution: ATTRIBUTION,
  };
}

export async function getForecast(
  db: Database,
  upstream: WeatherUpstream,
  query: LocationQuery,
  days: number,
): Promise<Forecast> {
  const deadline = new Deadline(upstream.config.deadlineMs);
  const { place, latitude, longitude } = await locate(db, upstream, query, deadline);
  // Always the full week, whatever `days` says: one cache entry serves every `days` value.
  const result = await upstream.cache.getOrLoad(
    `forecast:${MAX_FORECAST_DAYS}:${latitude},${longitude}`,
    policy(upstream.config, 'forecast'),
    () => fetchDailyForecast(upstream.forecast, latitude, longitude, deadline),
  );
  if (place) await record(db, place, 'forecast', result);

  return {
    location: locationOf(place, { latitude, longitude }, result.value.timezone),
    days: result.value.days.slice(0, days),
    cached: result.cached,
    stale: result.stale,
    attribution: ATTRIBUTION,
  };
}

/** Where to ask the weather for: the place a city resolves to, or the given coordinates. */
async function locate(db: Database, upstream: WeatherUpstream, query: LocationQuery, deadline: Deadline) {
  if ('city' in query) {
    const place = await resolveCity(db, upstream, query.city, deadline);
    return { place, ...roundCoordinates(place) };
  }
  return { place: null, ...roundCoordinates(query) };
}

/** A city name to a place, or a 404 when the geocoder knows no such place. */
async function resolveCity(db: Database, upstream: WeatherUpstream, city: string, deadline: Deadline): Promise<Place> {
  const query = normalizeCityQuery(city);
  // The schema checked what was typed; lowercasing can make it longer (`İ` becomes `i̇`, two
  // characters), and the normalized form is what is stored, so the limit is checked again.
  if ([...query].length > CITY_MAX_LENGTH) {
    throw badRequest(`The city name is longer than ${CITY_MAX_LENGTH} characters once lowercased.`, [
      { field: '/city', message: `must NOT have more than ${CITY_MAX_LENGTH} characters once lowercased` },
    ]);
  }
  const geocoding = {
    ...policy(upstream.config, 'geocoding'),
    missTtlSeconds: upstream.config.cache.geocodingMissTtlSeconds,
  };
  // Unknown names are cached too (as null), briefly: a typo repeated a hundred times costs one
  // call, and a place the provider failed to find once is asked again minutes later, not in a month.
  const { value: place } = await upstream.cache.getOrLoad(`geocoding:${query}`, geocoding, async () => {
    const known = await findPlaceByQuery(db, query, geocoding.ttlSeconds);
    if (known) return known;
    const found = await searchPlace(upstream.geocoding, query, deadline);
    if (found) await saveResolvedPlace(db, query, found);
    return found;
  });
  if (!place) throw notFound(`No place called "${city.trim()}" was found. Check the spelling, or pass lat and lon.`);
  return place;
}

async function record(db: Database, place: Place, kind: LookupKind, result: Cached<unknown>) {
  await recordLookup(db, place, kind, result.stale ? 'stale' : result.cached ? 'cache' : 'upstream');
}

function policy(config: UpstreamConfig, kind: keyof UpstreamConfig['cache']['ttlSeconds']): CachePolicy {
  return { ttlSeconds: config.cache.ttlSeconds[kind], staleIfErrorSeconds: config.cache.staleIfErrorSeconds };
}

/** "  New   York " and "new york" are one question, with one cache entry. */
export function normalizeCityQuery(city: string): string {
  return city.trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * Two decimals is about a kilometre, finer than the weather model's grid: nearby coordinates
 * share one cache entry instead of each costing an upstream call.
 */
function roundCoordinates({ latitude, longitude }: { latitude: number; longitude: number }) {
  return { latitude: Math.round(latitude * 100) / 100, longitude: Math.round(longitude * 100) / 100 };
}

function locationOf(place: Place | null, coordinates: { latitude: number; longitude: number }, timezone: string) {
  return {
    name: place?.name ?? null,
    country: place?.country ?? null,
    latitude: place?.latitude ?? coordinates.latitude,
    longitude: place?.longitude ?? coordinates.longitude,
    timezone,
  };
}
