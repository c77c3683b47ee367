/**
 * Answers weather questions from the cache when it can and from Open-Meteo when it must:
 *
 *   city → place:  cache (memory/Redis) → locations table → geocoding API
 *   place → weather: cache → forecast API (through breaker, retries, timeouts: upstream/)
 *
 * One deadline covers everything a request spends upstream, both calls included.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { notFound } from '../http/problem.js';
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
import type { CurrentWeather, Forecast, LocationQuery } from './weather-schemas.js';

/** Open-Meteo's licence (CC BY 4.0) asks for this wherever the data is shown. */
export const ATTRIBUTION = 'Weather data by Open-Meteo.com (CC BY 4.0)';

type UpstreamConfig = Config['upstream'];

export function buildWeatherService(deps: {
  config: UpstreamConfig;
  db: Database;
  redis: Redis | null;
  log: FastifyBaseLogger;
}) {
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
  return new WeatherService({
    config,
    db: deps.db,
    cache: new ResponseCache(store, log),
    // One client, and so one circuit breaker, per upstream: a failing geocoder must not stop
    // forecasts for places we already know.
    geocoding: client('geocoding', config.geocodingBaseUrl),
    forecast: client('forecast', config.weatherBaseUrl),
  });
}

export class WeatherService {
  constructor(
    private readonly deps: {
      config: UpstreamConfig;
      db: Database;
      cache: ResponseCache;
      geocoding: UpstreamClient;
      forecast: UpstreamClient;
    },
  ) {}

  async current(query: LocationQuery): Promise<CurrentWeather> {
    const deadline = new Deadline(this.deps.config.deadlineMs);
    const { place, latitude, longitude } = await this.locate(query, deadline);
    const result = await this.deps.cache.getOrLoad(`current:${latitude},${longitude}`, this.policy('current'), () =>
      fetchCurrentConditions(this.deps.forecast, latitude, longitude, deadline),
    );
    if (place) await this.record(place, 'current', result);

    const { timezone, ...conditions } = result.value;
    return {
      location: locationOf(place, { latitude, longitude }, timezone),
      ...conditions,
      cached: result.cached,
      stale: result.stale,
      attribution: ATTRIBUTION,
    };
  }

  async forecast(query: LocationQuery, days: number): Promise<Forecast> {
    const deadline = new Deadline(this.deps.config.deadlineMs);
    const { place, latitude, longitude } = await this.locate(query, deadline);
    // Always the full week, whatever `days` says: one cache entry serves every `days` value.
    const result = await this.deps.cache.getOrLoad(
      `forecast:${MAX_FORECAST_DAYS}:${latitude},${longitude}`,
      this.policy('forecast'),
      () => fetchDailyForecast(this.deps.forecast, latitude, longitude, deadline),
    );
    if (place) await this.record(place, 'forecast', result);

    return {
      location: locationOf(place, { latitude, longitude }, result.value.timezone),
      days: result.value.days.slice(0, days),
      cached: result.cached,
      stale: result.stale,
      attribution: ATTRIBUTION,
    };
  }

  /** Where to ask the weather for: the place a city resolves to, or the given coordinates. */
  private async locate(query: LocationQuery, deadline: Deadline) {
    if ('city' in query) {
      const place = await this.resolveCity(query.city, deadline);
      return { place, ...roundCoordinates(place) };
    }
    return { place: null, ...roundCoordinates(query) };
  }

  /** A city name to a place, or a 404 when the geocoder knows no such place. */
  private async resolveCity(city: string, deadline: Deadline): Promise<Place> {
    const query = normalizeCityQuery(city);
    const policy = this.policy('geocoding');
    // Unknown names are cached too (as null): a typo repeated a hundred times costs one call.
    const { value: place } = await this.deps.cache.getOrLoad(`geocoding:${query}`, policy, async () => {
      const known = await findPlaceByQuery(this.deps.db, query, policy.ttlSeconds);
      if (known) return known;
      const found = await searchPlace(this.deps.geocoding, query, deadline);
      if (found) await saveResolvedPlace(this.deps.db, query, found);
      return found;
    });
    if (!place) throw notFound(`No place called "${city.trim()}" was found. Check the spelling, or pass lat and lon.`);
    return place;
  }

  private async record(place: Place, kind: LookupKind, result: Cached<unknown>) {
    await recordLookup(this.deps.db, place, kind, result.stale ? 'stale' : result.cached ? 'cache' : 'upstream');
  }

  private policy(kind: keyof UpstreamConfig['cache']['ttlSeconds']): CachePolicy {
    const cache = this.deps.config.cache;
    return { ttlSeconds: cache.ttlSeconds[kind], staleIfErrorSeconds: cache.staleIfErrorSeconds };
  }
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
