/** SQL for `lookups`: recording weather requests and aggregating them into statistics. */
import type { Queryable } from '../db/database.js';
import { upsertLocation } from '../weather/locations-repository.js';
import type { Place } from '../weather/open-meteo.js';

export type LookupKind = 'current' | 'forecast';
export type ServedFrom = 'upstream' | 'cache' | 'stale';

export async function recordLookup(db: Queryable, place: Place, kind: LookupKind, servedFrom: ServedFrom) {
  // The place came from a cache that may be shared with other databases (Redis in front of a
  // restored backup, a staging copy): make sure its row exists before pointing at it.
  await upsertLocation(db, place);
  await db.query('INSERT INTO lookups (location_id, kind, served_from) VALUES ($1, $2, $3)', [
    place.id,
    kind,
    servedFrom,
  ]);
}

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
export async function findTopLocations(db: Queryable, { days, limit }: { days: number; limit: number }) {
  return db.query<TopLocationRow>(
    `SELECT l.name, l.country, l.latitude, l.longitude,
            count(*)::integer AS lookups,
            count(*) FILTER (WHERE k.served_from <> 'upstream')::integer AS served_from_cache,
            max(k.requested_at) AS last_lookup_at
       FROM lookups k
       JOIN locations l ON l.id = k.location_id
      WHERE k.requested_at >= now() - make_interval(days => $1)
      GROUP BY l.id
      ORDER BY lookups DESC, last_lookup_at DESC, l.id
      LIMIT $2`,
    [days, limit],
  );
}
