/**
 * Exercise 08 "top-cities" — .practice/exercises/08-top-cities.md
 *
 * SQL for `locations` and `location_queries` (migrations/0010_create_locations.sql): the
 * persistent geocoding cache. For now nothing is stored or found: every city the in-memory cache
 * does not know costs a geocoding call, and a restart forgets them all. Keep the exported names
 * and signatures: the weather service, the statistics and the seed call them.
 */
import type { Database, Queryable } from '../db/database.js';
import type { Place } from './open-meteo.js';

/** The place a query resolved to, unless that answer is older than `maxAgeSeconds`. */
export async function findPlaceByQuery(
  _db: Queryable,
  _query: string,
  _maxAgeSeconds: number,
): Promise<Place | undefined> {
  return undefined;
}

/** Remembers that `query` resolved to `place` (both refreshed if known already). */
export async function saveResolvedPlace(_db: Database, _query: string, _place: Place): Promise<void> {}

/**
 * Makes sure the place has a row. `refresh` also updates a known one (the provider may have
 * renamed it); without it, an existing row is left alone, which costs no write.
 */
export async function upsertLocation(
  _db: Queryable,
  _place: Place,
  _options: { refresh?: boolean } = {},
): Promise<void> {}
