/**
 * Exercise 08: resolved places are persisted (a restarted app does not geocode them again, and a
 * place id from the provider is stored exactly), and every weather request for a place is counted,
 * with where its answer came from.
 */
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { ALWAYS_REVALIDATE, currentWeather, fakeAndAppPerTest, forecast } from '../helpers/weather.js';

const upstream = fakeAndAppPerTest();

const lookups = async (app: Awaited<ReturnType<typeof upstream.appWith>>) =>
  app.db.query<{ name: string; kind: string; served_from: string }>(
    'SELECT l.name, k.kind, k.served_from FROM lookups k JOIN locations l ON l.id = k.location_id ORDER BY k.id',
  );

describe('resolved places', () => {
  it('are remembered in the database, so a restarted app does not geocode them again', async () => {
    const app = await upstream.appWith();
    await currentWeather(app, 'city=Munich');
    expect(upstream.fake.calls.geocoding).toBe(1);

    // A second instance on the same database, with an empty in-memory cache, like after a restart.
    const restarted = await buildApp({ config: app.config, db: app.db });
    try {
      const response = await currentWeather(restarted, 'city=munich');
      expect(response.json()).toMatchObject({ location: { name: 'Munich' }, cached: false });
      expect(upstream.fake.calls).toEqual({ geocoding: 1, forecast: 2 });
    } finally {
      await restarted.close();
    }
  });

  it('an old resolution (older than CACHE_TTL_GEOCODING_SECONDS) is asked again', async () => {
    const app = await upstream.appWith();
    await currentWeather(app, 'city=Sydney');
    await app.db.query(`UPDATE location_queries SET resolved_at = now() - interval '400 days' WHERE query = 'sydney'`);
    const restarted = await buildApp({ config: app.config, db: app.db });
    try {
      expect((await currentWeather(restarted, 'city=Sydney')).statusCode).toBe(200);
      expect(upstream.fake.calls.geocoding).toBe(2);
    } finally {
      await restarted.close();
    }
  });

  it('a renamed place is updated, not duplicated', async () => {
    const app = await upstream.appWith({ CACHE_TTL_GEOCODING_SECONDS: '1' });
    const place = (name: string) => ({
      results: [{ id: 123456, name, latitude: 10, longitude: 20, country: 'Nowhere', timezone: 'UTC' }],
    });
    upstream.fake.queue('geocoding', { kind: 'answer', body: place('Old Name') });
    await currentWeather(app, 'city=Renamed%20Town');
    await app.db.query(`UPDATE location_queries SET resolved_at = now() - interval '1 hour'`);
    upstream.fake.queue('geocoding', { kind: 'answer', body: place('New Name') });
    const restarted = await buildApp({ config: app.config, db: app.db });
    try {
      await currentWeather(restarted, 'city=Renamed%20Town');
    } finally {
      await restarted.close();
    }
    const rows = await app.db.query<{ name: string }>('SELECT name FROM locations WHERE id = 123456');
    expect(rows).toEqual([{ name: 'New Name' }]);
  });

  const place = (id: number, name: string) => ({
    results: [{ id, name, latitude: 10, longitude: 20, country: 'Nowhere', timezone: 'UTC' }],
  });

  it.each([
    ['2^31 - 1', 2 ** 31 - 1],
    ['2^31, beyond a 32-bit integer', 2 ** 31],
    ['2^53 - 1, the largest exact JavaScript integer', Number.MAX_SAFE_INTEGER],
  ])('a place id of %s is stored exactly', async (_case, id) => {
    const app = await upstream.appWith();
    const city = `Edge ${id}`;
    upstream.fake.queue('geocoding', { kind: 'answer', body: place(id, city) });
    const response = await currentWeather(app, `city=${encodeURIComponent(city)}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().location.name).toBe(city);
    const [row] = await app.db.query<{ id: string }>('SELECT id::text AS id FROM locations WHERE name = $1', [city]);
    expect(row?.id).toBe(String(id));
  });

  it('a name of 50 × İ (100 characters lowercased) is at the limit, and stored', async () => {
    const app = await upstream.appWith();
    const name = 'İ'.repeat(50);
    upstream.fake.queue('geocoding', { kind: 'answer', body: place(77, name) });
    const response = await currentWeather(app, `city=${encodeURIComponent(name)}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(await app.db.query('SELECT name FROM locations WHERE id = 77')).toEqual([{ name }]);
  });
});

describe('lookups', () => {
  it('each request for a place is one lookup, with its kind and where its answer came from', async () => {
    const app = await upstream.appWith();
    await currentWeather(app, 'city=Paris');
    await currentWeather(app, 'city=Paris');
    await forecast(app, 'city=Paris&days=2');
    await currentWeather(app, 'lat=1&lon=1'); // coordinates are no place
    expect(await lookups(app)).toEqual([
      { name: 'Paris', kind: 'current', served_from: 'upstream' },
      { name: 'Paris', kind: 'current', served_from: 'cache' },
      { name: 'Paris', kind: 'forecast', served_from: 'upstream' },
    ]);
  });

  it('a stale answer is recorded as stale, and counted as served from the cache', async () => {
    const app = await upstream.appWith(ALWAYS_REVALIDATE);
    await currentWeather(app, 'city=Paris');
    upstream.fake.queue('forecast', { kind: 'status', status: 503 }, 3);
    await currentWeather(app, 'city=Paris');
    expect((await lookups(app)).map((row) => row.served_from)).toEqual(['upstream', 'stale']);
    const top = (await app.inject({ method: 'GET', url: '/v1/stats/top-cities' })).json();
    expect(top.items).toEqual([expect.objectContaining({ name: 'Paris', lookups: 2, servedFromCache: 1 })]);
  });

  it('a request that failed is not a lookup', async () => {
    const app = await upstream.appWith({ UPSTREAM_MAX_ATTEMPTS: '1' });
    upstream.fake.queue('forecast', { kind: 'status', status: 503 });
    await currentWeather(app, 'city=Tokyo');
    expect(await lookups(app)).toEqual([]);
  });
});
