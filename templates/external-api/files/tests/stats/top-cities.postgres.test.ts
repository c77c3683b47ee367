/**
 * Exercise 08, on PostgreSQL: the ranking's plan on a real server reads about the window, as on
 * PGlite; and lookups recorded by two app instances sharing one database are counted together.
 * Runs where a server is configured (`TEST_DATABASE_URL`, as in CI and with `docker compose up -d`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { loadYearOfLookups, lookupsReadBy, WEEK_OF_LOOKUPS } from '../helpers/query-plans.js';
import { createTestDatabase } from '../helpers/test-database.js';
import { buildWeatherApp, currentWeather, type FakeOpenMeteo, startFakeOpenMeteo } from '../helpers/weather.js';

describe.runIf(process.env.TEST_DATABASE_URL)('top cities on PostgreSQL', () => {
  let db: Database;
  let loaded: string | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    // Without a lookups table (exercise 08's migration) there is nothing to load: the test says so.
    loaded = await loadYearOfLookups(db).then(
      () => undefined,
      (error: Error) => error.message,
    );
  });
  afterAll(() => db?.close());

  it('ranking the last 7 days reads about a week of lookups, not the year', async () => {
    expect(loaded, 'a year of lookups could not be loaded').toBeUndefined();
    const { rows, pages, plan } = await lookupsReadBy(db, { days: 7, limit: 10 });
    expect(rows, `rows of lookups read for a week (${WEEK_OF_LOOKUPS} in the window):\n${plan}`).toBeLessThanOrEqual(
      WEEK_OF_LOOKUPS * 1.5,
    );
    expect(pages, `pages of lookups read for a week:\n${plan}`).toBeLessThanOrEqual(40);
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('two instances, one database', () => {
  let fake: FakeOpenMeteo;
  beforeAll(async () => {
    fake = await startFakeOpenMeteo();
  });
  afterAll(() => fake?.close());

  it('concurrent lookups from both are all counted, in one ranking', async () => {
    const first = await buildWeatherApp(fake);
    const second = await buildApp({ config: first.config, db: first.db });
    try {
      const cities = ['Berlin', 'Tokyo', 'Berlin', 'Paris', 'Berlin', 'Tokyo'];
      const responses = await Promise.all(
        cities.flatMap((city) => [currentWeather(first, `city=${city}`), currentWeather(second, `city=${city}`)]),
      );
      expect(responses.every((response) => response.statusCode === 200)).toBe(true);
      const top = (await second.inject({ method: 'GET', url: '/v1/stats/top-cities' })).json();
      expect(top.items.map((item: { name: string; lookups: number }) => [item.name, item.lookups])).toEqual([
        ['Berlin', 6],
        ['Tokyo', 4],
        ['Paris', 2],
      ]);
    } finally {
      await second.close();
      await first.close();
    }
  });
});
