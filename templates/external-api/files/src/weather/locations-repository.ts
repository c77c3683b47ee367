/** SQL for `locations` and `location_queries`: the persistent geocoding cache. */
import type { Database, Queryable } from '../db/database.js';
import type { Place } from './open-meteo.js';

/** The place a query resolved to, unless that answer is older than `maxAgeSeconds`. */
export async function findPlaceByQuery(
  db: Queryable,
  query: string,
  maxAgeSeconds: number,
): Promise<Place | undefined> {
  const [row] = await db.query<Place>(
    // A bigint arrives as a string from `pg`; as float8 it is a number (exact up to 2^53).
    `SELECT l.id::float8 AS id, l.name, l.country, l.latitude, l.longitude
       FROM location_queries q
       JOIN locations l ON l.id = q.location_id
      WHERE q.query = $1
        AND q.resolved_at > now() - make_interval(secs => $2)`,
    [query, maxAgeSeconds],
  );
  return row;
}

/** Remembers that `query` resolved to `place` (both refreshed if known already). */
export async function saveResolvedPlace(db: Database, query: string, place: Place): Promise<void> {
  await db.transaction(async (tx) => {
    await upsertLocation(tx, place, { refresh: true });
    await tx.query(
      `INSERT INTO location_queries (query, location_id) VALUES ($1, $2)
       ON CONFLICT (query) DO UPDATE SET location_id = excluded.location_id, resolved_at = now()`,
      [query, place.id],
    );
  });
}

/**
 * Makes sure the place has a row. `refresh` also updates a known one (the provider may have
 * renamed it); without it, an existing row is left alone, which costs no write.
 */
export async function upsertLocation(db: Queryable, place: Place, { refresh = false } = {}): Promise<void> {
  await db.query(
    `INSERT INTO locations (id, name, country, latitude, longitude) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (id) DO ${
       refresh
         ? `UPDATE SET name = excluded.name, country = excluded.country, latitude = excluded.latitude,
                       longitude = excluded.longitude, updated_at = now()`
         : 'NOTHING'
     }`,
    [place.id, place.name, place.country, place.latitude, place.longitude],
  );
}
