/**
 * Exercise 08 "top-cities" — .practice/exercises/08-top-cities.md
 *
 * SQL for `lookups` (your migrations/0011_create_lookups.sql): recording weather requests and
 * aggregating them into statistics. For now no lookup is recorded and the ranking answers 501.
 * Keep the exported names and signatures: the weather service and the statistics call them.
 */
import type { Queryable } from '../db/database.js';
import { HttpProblem } from '../http/problem.js';
import type { Place } from '../weather/open-meteo.js';

export type LookupKind = 'current' | 'forecast';
export type ServedFrom = 'upstream' | 'cache' | 'stale';

/** Records one weather request for `place`: its kind and where its answer came from. */
export async function recordLookup(_db: Queryable, _place: Place, _kind: LookupKind, _servedFrom: ServedFrom) {}

export interface TopLocationRow {
  name: string;
  country: string | null;
  latitude: number;
  longitude: number;
  lookups: number;
  served_from_cache: number;
  last_lookup_at: Date;
}

/** The most looked-up places of the last `days` days, most popular first. */
export async function findTopLocations(
  _db: Queryable,
  _query: { days: number; limit: number },
): Promise<TopLocationRow[]> {
  throw new HttpProblem(501, 'Exercise 08 "top-cities" is not done yet: open src/stats/lookups-repository.ts', {
    title: 'Not Implemented',
  });
}
