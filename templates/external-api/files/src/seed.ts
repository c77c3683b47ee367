/**
 * Demo data for `npm run db:seed` (src/cli/seed.ts): a few well-known places, already resolved
 * (so they need no geocoding call, even offline), and some lookups so `/v1/stats/top-cities`
 * has something to show. Safe to run again: places are upserted, and the example lookups are
 * added only to an empty table.
 */
import type { Database } from './db/database.js';
import { SAMPLE_PLACES } from './dev/sample-places.js';
import { saveResolvedPlace } from './weather/locations-repository.js';
import { normalizeCityQuery } from './weather/weather-service.js';

/** Returns how many places it saved and whether it added the example lookups. */
export async function seed(db: Database): Promise<{ places: number; addedLookups: boolean }> {
  for (const { timezone: _timezone, ...place } of SAMPLE_PLACES) {
    await saveResolvedPlace(db, normalizeCityQuery(place.name), place);
  }

  const [{ count } = { count: 0 }] = await db.query<{ count: number }>(
    'SELECT count(*)::integer AS count FROM lookups',
  );
  if (count === 0) {
    // Popularity falls with the position in the list: Berlin most asked for, Sydney least.
    await db.query(
      `INSERT INTO lookups (location_id, kind, served_from, requested_at)
       SELECT l.id,
              CASE WHEN n % 3 = 0 THEN 'forecast' ELSE 'current' END,
              CASE WHEN n % 4 = 0 THEN 'upstream' ELSE 'cache' END,
              now() - n * interval '37 minutes'
         FROM unnest($1::integer[]) WITH ORDINALITY AS l (id, place_rank)
        CROSS JOIN generate_series(1, 20) AS n
        WHERE n <= 20 - 2 * (l.place_rank - 1)`,
      [SAMPLE_PLACES.map((place) => place.id)],
    );
  }
  return { places: SAMPLE_PLACES.length, addedLookups: count === 0 };
}
