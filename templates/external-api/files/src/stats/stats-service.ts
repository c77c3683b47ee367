/** Statistics over the recorded lookups: the repository aggregates, this shapes the answer. */
import type { Queryable } from '../db/database.js';
import { findTopLocations } from './lookups-repository.js';
import type { TopCities, TopCitiesQuery } from './stats-schemas.js';

export async function topCities(db: Queryable, { days, limit }: TopCitiesQuery): Promise<TopCities> {
  const rows = await findTopLocations(db, { days, limit });
  return {
    days,
    items: rows.map((row) => ({
      name: row.name,
      country: row.country,
      latitude: row.latitude,
      longitude: row.longitude,
      lookups: row.lookups,
      servedFromCache: row.served_from_cache,
      lastLookupAt: row.last_lookup_at.toISOString(),
    })),
  };
}
