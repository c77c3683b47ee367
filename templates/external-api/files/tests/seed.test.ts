/** `npm run db:seed`'s data: sample places and example lookups, and a second run changes nothing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../src/seed.js';
import { buildTestApp, type TestApp } from './helpers/test-app.js';

let app: TestApp;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

const count = async (table: string) =>
  (await app.db.query<{ rows: number }>(`SELECT count(*)::integer AS rows FROM ${table}`))[0]?.rows;

describe('the seed', () => {
  it('saves the sample places and example lookups, and running it again changes nothing', async () => {
    expect(await seed(app.db)).toMatchObject({ addedLookups: true });
    const counts = { locations: await count('locations'), lookups: await count('lookups') };
    expect(counts.locations).toBeGreaterThan(0);
    expect(counts.lookups).toBeGreaterThan(0);

    expect(await seed(app.db)).toMatchObject({ addedLookups: false });
    expect({ locations: await count('locations'), lookups: await count('lookups') }).toEqual(counts);

    const top = await app.inject({ method: 'GET', url: '/v1/stats/top-cities' });
    expect(top.statusCode).toBe(200);
    expect(top.json().items.length).toBeGreaterThan(0);
  });
});
