/**
 * Exercise 08: the statistics. Each weather request for a named place is recorded (where its
 * answer came from, too), and the ranking is one SQL aggregation over a time window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/test-app.js';
import {
  buildWeatherApp,
  currentWeather,
  type FakeOpenMeteo,
  forecast,
  startFakeOpenMeteo,
} from '../helpers/weather.js';

let fake: FakeOpenMeteo;
let app: TestApp;
beforeAll(async () => {
  fake = await startFakeOpenMeteo();
  app = await buildWeatherApp(fake);
  // Berlin 3 times (twice from the cache), Tokyo twice, Paris once; coordinates are not a city.
  for (const city of ['Berlin', 'Tokyo', 'Berlin', 'Paris', 'Berlin']) await currentWeather(app, `city=${city}`);
  await forecast(app, 'city=Tokyo&days=1');
  await currentWeather(app, 'lat=1&lon=1');
});
afterAll(async () => {
  await app.close();
  await fake.close();
});

const topCities = (query = '') => app.inject({ method: 'GET', url: `/v1/stats/top-cities${query}` });

describe('top cities', () => {
  it('ranks places by lookups, with how many the cache answered', async () => {
    const response = await topCities();
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      days: 30,
      items: [
        expect.objectContaining({ name: 'Berlin', country: 'Germany', lookups: 3, servedFromCache: 2 }),
        expect.objectContaining({ name: 'Tokyo', lookups: 2, servedFromCache: 0 }),
        expect.objectContaining({ name: 'Paris', lookups: 1, servedFromCache: 0 }),
      ],
    });
    expect(response.json().items[0].lastLookupAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('returns at most `limit` places', async () => {
    const response = await topCities('?limit=2');
    expect(response.json().items?.map((item: { name: string }) => item.name)).toEqual(['Berlin', 'Tokyo']);
  });

  it('counts only the lookups inside the window of `days`', async () => {
    await app.db.query(
      `INSERT INTO lookups (location_id, kind, served_from, requested_at)
       SELECT 2988507, 'current', 'upstream', now() - interval '40 days' FROM generate_series(1, 5)`,
    );
    expect((await topCities('?days=30')).json().items?.[0]?.name).toBe('Berlin');
    const longer = (await topCities('?days=60')).json();
    expect(longer.items?.[0]).toMatchObject({ name: 'Paris', lookups: 6 });
  });

  it('ranks places, not names: two places called Springfield are two entries', async () => {
    await app.db.exec(`
      INSERT INTO locations (id, name, country, latitude, longitude)
      VALUES (4951788, 'Springfield', 'United States', 42.1, -72.59), (4250542, 'Springfield', 'United States', 39.8, -89.64);
      INSERT INTO lookups (location_id, kind, served_from)
      SELECT id, 'current', 'upstream' FROM (VALUES (4951788), (4250542)) AS places (id), generate_series(1, 4);
    `);
    const { items = [] } = (await topCities('?limit=50&days=1')).json();
    const springfields = items.filter((item: { name: string }) => item.name === 'Springfield');
    expect(springfields).toEqual([
      expect.objectContaining({ lookups: 4, servedFromCache: 0 }),
      expect.objectContaining({ lookups: 4, servedFromCache: 0 }),
    ]);
    expect(springfields.map((item: { latitude: number }) => item.latitude).sort()).toEqual([39.8, 42.1]);
  });

  it.each([['?limit=0'], ['?limit=51'], ['?limit=ten'], ['?days=0'], ['?days=366']])(
    'rejects %s with a 400 problem',
    async (query) => {
      const response = await topCities(query);
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
    },
  );
});
