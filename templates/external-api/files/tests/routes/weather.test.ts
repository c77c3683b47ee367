/**
 * The weather routes when the provider behaves: the response shapes, what is cached and for
 * whom, and the input we refuse before anything reaches the provider.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { TestApp } from '../helpers/test-app.js';
import {
  buildWeatherApp,
  currentWeather,
  type FakeOpenMeteo,
  forecast,
  startFakeOpenMeteo,
  TEST_USER_AGENT,
} from '../helpers/weather.js';

let fake: FakeOpenMeteo;
let app: TestApp;
beforeAll(async () => {
  fake = await startFakeOpenMeteo();
  app = await buildWeatherApp(fake);
});
afterAll(async () => {
  await app.close();
  await fake.close();
});
beforeEach(() => fake.reset());

describe('current weather', () => {
  it('answers for a city in a normalized, documented shape', async () => {
    const response = await currentWeather(app, 'city=Berlin');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      location: {
        name: 'Berlin',
        country: 'Germany',
        latitude: 52.52437,
        longitude: 13.41053,
        timezone: 'Europe/Berlin',
      },
      temperatureC: expect.any(Number),
      windSpeedKmh: expect.any(Number),
      windDirectionDeg: expect.any(Number),
      weatherCode: expect.any(Number),
      weatherText: expect.any(String),
      observedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      cached: false,
      stale: false,
      attribution: 'Weather data by Open-Meteo.com (CC BY 4.0)',
    });
    expect(fake.calls).toEqual({ geocoding: 1, forecast: 1 });
  });

  it('answers for coordinates without asking the geocoder', async () => {
    const response = await currentWeather(app, 'lat=48.8566&lon=2.3522');
    expect(response.statusCode).toBe(200);
    expect(response.json().location).toEqual({
      name: null,
      country: null,
      latitude: 48.86,
      longitude: 2.35,
      timezone: expect.any(String),
    });
    expect(fake.calls).toEqual({ geocoding: 0, forecast: 1 });
  });

  it('asks the provider with our User-Agent, the units we document, and no redirect-following', async () => {
    await currentWeather(app, 'lat=10&lon=20');
    const [request] = fake.requests;
    expect(request?.userAgent).toBe(TEST_USER_AGENT);
    expect(request?.url.pathname).toBe('/v1/forecast');
    expect(Object.fromEntries(request?.url.searchParams ?? [])).toMatchObject({
      latitude: '10',
      longitude: '20',
      temperature_unit: 'celsius',
      wind_speed_unit: 'kmh',
    });
  });

  it('a fresh cache hit makes no upstream call', async () => {
    const first = await currentWeather(app, 'lat=1.5&lon=1.5');
    const second = await currentWeather(app, 'lat=1.5&lon=1.5');
    expect(first.json().cached).toBe(false);
    expect(second.json()).toEqual({ ...first.json(), cached: true });
    expect(fake.calls.forecast).toBe(1);
  });

  it('coordinates within about a kilometre share one cache entry', async () => {
    await currentWeather(app, 'lat=2.501&lon=2.501');
    const nearby = await currentWeather(app, 'lat=2.499&lon=2.504');
    expect(nearby.json().cached).toBe(true);
    expect(fake.calls.forecast).toBe(1);
  });

  it('the same city typed differently is one cache entry', async () => {
    await currentWeather(app, 'city=London');
    const again = await currentWeather(app, `city=${encodeURIComponent('  LONDON ')}`);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ location: { name: 'London' }, cached: true });
    expect(fake.calls).toEqual({ geocoding: 1, forecast: 1 });
  });

  it('100 concurrent requests for one uncached city make exactly one upstream call', async () => {
    const responses = await Promise.all(Array.from({ length: 100 }, () => currentWeather(app, 'city=Tokyo')));
    expect(responses.map((response) => response.statusCode)).toEqual(Array(100).fill(200));
    expect(new Set(responses.map((response) => response.json().temperatureC)).size).toBe(1);
    expect(fake.calls).toEqual({ geocoding: 1, forecast: 1 });
  });

  it('an unknown city is a 404 problem, and asking again costs no second geocoding call', async () => {
    const response = await currentWeather(app, 'city=Atlantis');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().detail).toContain('Atlantis');
    expect((await currentWeather(app, 'city=atlantis')).statusCode).toBe(404);
    expect(fake.calls).toEqual({ geocoding: 1, forecast: 0 });
  });

  it('remembers resolved places in the database, so a restarted app does not geocode them again', async () => {
    await currentWeather(app, 'city=Munich');
    expect(fake.calls.geocoding).toBe(1);

    // A second instance on the same database, with an empty in-memory cache, like after a restart.
    const restarted = await buildApp({ config: app.config, db: app.db });
    try {
      const response = await currentWeather(restarted, 'city=munich');
      expect(response.json()).toMatchObject({ location: { name: 'Munich' }, cached: false });
      expect(fake.calls).toEqual({ geocoding: 1, forecast: 2 });
    } finally {
      await restarted.close();
    }
  });
});

describe('forecast', () => {
  it('answers daily minimum, maximum and precipitation for the days asked', async () => {
    const response = await forecast(app, 'city=Paris&days=3');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ location: { name: 'Paris', timezone: 'Europe/Paris' }, cached: false, stale: false });
    expect(body.days).toHaveLength(3);
    expect(body.days[0]).toEqual({
      date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      temperatureMinC: expect.any(Number),
      temperatureMaxC: expect.any(Number),
      precipitationMm: expect.any(Number),
      weatherCode: expect.any(Number),
      weatherText: expect.any(String),
    });
  });

  it('defaults to 7 days, and every length is served from one cached week', async () => {
    const week = await forecast(app, 'lat=-33.87&lon=151.21');
    expect(week.json().days).toHaveLength(7);
    const twoDays = await forecast(app, 'lat=-33.87&lon=151.21&days=2');
    expect(twoDays.json()).toMatchObject({ cached: true, days: week.json().days.slice(0, 2) });
    expect(fake.calls.forecast).toBe(1);
  });
});

describe('bad input is a 400 problem and never reaches the provider', () => {
  it.each([
    ['an empty city', 'current?city='],
    ['a city of spaces only', 'current?city=%20%20%20'],
    ['a city over 100 characters', `current?city=${'a'.repeat(101)}`],
    ['a city with a NUL byte', 'current?city=Ber%00lin'],
    ['a latitude above 90', 'current?lat=90.5&lon=0'],
    ['a latitude below -90', 'current?lat=-91&lon=0'],
    ['a longitude out of range', 'current?lat=0&lon=180.1'],
    ['a latitude that is not a number', 'current?lat=north&lon=0'],
    ['an infinite latitude', 'current?lat=Infinity&lon=0'],
    ['a latitude that overflows to infinity', 'current?lat=1e400&lon=0'],
    ['an infinite longitude', 'forecast?lat=0&lon=-Infinity'],
    ['infinitely many days', 'forecast?city=Berlin&days=Infinity'],
    // Lowercased, 60 × İ is 120 characters: the limit holds for the normalized name.
    ['a city over 100 characters once lowercased', `current?city=${encodeURIComponent('İ'.repeat(60))}`],
    ['a latitude without a longitude', 'current?lat=10'],
    ['neither city nor coordinates', 'current'],
    ['both city and coordinates', 'current?city=Berlin&lat=1&lon=2'],
    ['0 forecast days', 'forecast?city=Berlin&days=0'],
    ['8 forecast days', 'forecast?city=Berlin&days=8'],
    ['a fractional number of days', 'forecast?city=Berlin&days=2.5'],
  ])('%s', async (_case, path) => {
    const response = await app.inject({ method: 'GET', url: `/v1/weather/${path}` });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status: 400, errors: [{ field: expect.stringMatching(/^\//) }] });
    expect(fake.calls).toEqual({ geocoding: 0, forecast: 0 });
  });
});

describe('places the geocoder returns are stored whatever their id and name', () => {
  const place = (id: number, name: string) => ({
    results: [{ id, name, latitude: 10, longitude: 20, country: 'Nowhere', timezone: 'UTC' }],
  });

  it.each([
    ['2^31 - 1', 2 ** 31 - 1],
    ['2^31, beyond a 32-bit integer', 2 ** 31],
    ['2^53 - 1, the largest exact JavaScript integer', Number.MAX_SAFE_INTEGER],
  ])('a place id of %s', async (_case, id) => {
    const city = `Edge ${id}`;
    fake.queue('geocoding', { kind: 'answer', body: place(id, city) });
    const response = await currentWeather(app, `city=${encodeURIComponent(city)}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().location.name).toBe(city);
    const [row] = await app.db.query<{ id: string }>('SELECT id::text AS id FROM locations WHERE name = $1', [city]);
    expect(row?.id).toBe(String(id));
  });

  it('an id a JavaScript number cannot hold exactly is a bad answer from the provider (502), not a 500', async () => {
    fake.queue('geocoding', { kind: 'answer', body: place(2 ** 53, 'Too Far') });
    expect((await currentWeather(app, 'city=Too%20Far')).statusCode).toBe(502);
  });

  it('a name of 50 × İ (100 characters lowercased) is at the limit, and found', async () => {
    const name = 'İ'.repeat(50);
    fake.queue('geocoding', { kind: 'answer', body: place(77, name) });
    const response = await currentWeather(app, `city=${encodeURIComponent(name)}`);
    expect(response.statusCode, response.body).toBe(200);
  });
});

describe('rate limit on the upstream-backed routes', () => {
  it('is stricter than the global one: 429 with Retry-After, while other routes still answer', async () => {
    const limited = await buildWeatherApp(fake, { WEATHER_RATE_LIMIT_PER_MINUTE: '2' });
    try {
      for (let i = 0; i < 2; i++) expect((await currentWeather(limited, 'lat=5&lon=5')).statusCode).toBe(200);
      const response = await currentWeather(limited, 'lat=5&lon=5');
      expect(response.statusCode).toBe(429);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      expect((await limited.inject({ method: 'GET', url: '/v1/stats/top-cities' })).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
