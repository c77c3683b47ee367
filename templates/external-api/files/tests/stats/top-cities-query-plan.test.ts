/**
 * The top-cities ranking reads only the lookups inside its time window, through the index on
 * `(requested_at, location_id)`, however long the table grows. Sequential scans are switched off
 * for the EXPLAIN so that a small test table cannot hide a missing index.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { findTopLocations } from '../../src/stats/lookups-repository.js';
import { planWithoutSeqScan } from '../helpers/query-plans.js';
import { createTestDatabase } from '../helpers/test-database.js';

let db: Database;

beforeAll(async () => {
  db = await createTestDatabase();
  // A year of lookups for 200 places: the last week is a small slice of the table.
  await db.exec(`
    INSERT INTO locations (id, name, country, latitude, longitude)
    SELECT n, 'Place ' || n, 'Nowhere', 0, 0 FROM generate_series(1, 200) n;
    INSERT INTO lookups (location_id, kind, served_from, requested_at)
    SELECT 1 + n % 200, 'current', 'cache', now() - n * interval '20 minutes'
      FROM generate_series(1, 26000) n;
    ANALYZE;
  `);
});
afterAll(() => db.close());

describe('top cities query plan', () => {
  it('ranks the last days from lookups_requested_at_location_idx, without a sequential scan', async () => {
    const plan = await planWithoutSeqScan(db, (explaining) => findTopLocations(explaining, { days: 7, limit: 10 }));
    expect(plan, plan).toContain('lookups_requested_at_location_idx');
    expect(plan, plan).not.toMatch(/Seq Scan on lookups/);
  });
});
