/**
 * Exercise 06, on real servers: two app instances sharing one Redis (REDIS_URL) share the cache,
 * so a city one instance looked up costs the other no upstream call. Runs where a PostgreSQL
 * server and Redis are configured (`TEST_DATABASE_URL` and `REDIS_URL`, as in CI and with
 * `docker compose up -d`).
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

describe.runIf(process.env.TEST_DATABASE_URL && process.env.REDIS_URL)(
  'cache in Redis, shared by two instances',
  () => {
    let fake: FakeOpenMeteo;
    let first: TestApp;
    let second: TestApp;
    beforeAll(async () => {
      fake = await startFakeOpenMeteo();
      const env = { REDIS_URL: process.env.REDIS_URL ?? '' };
      [first, second] = [await buildWeatherApp(fake, env), await buildWeatherApp(fake, env)];
    });
    afterAll(async () => {
      await Promise.all([first?.close(), second?.close()]);
      await fake?.close();
    });

    it('the second instance answers from the cache the first one filled, without an upstream call', async () => {
      const fromFirst = await currentWeather(first, 'city=Berlin');
      expect(fromFirst.json().cached).toBe(false);
      expect(fake.calls).toEqual({ geocoding: 1, forecast: 1 });

      const fromSecond = await currentWeather(second, 'city=Berlin');
      expect(fromSecond.statusCode).toBe(200);
      expect(fromSecond.json()).toEqual({ ...fromFirst.json(), cached: true });
      expect(fake.calls).toEqual({ geocoding: 1, forecast: 1 });
    });

    it('a stale answer is shared too: the provider down, the second instance serves what the first stored', async () => {
      const revalidating = await buildWeatherApp(fake, {
        REDIS_URL: process.env.REDIS_URL ?? '',
        CACHE_TTL_FORECAST_SECONDS: '0',
      });
      const other = await buildWeatherApp(fake, {
        REDIS_URL: process.env.REDIS_URL ?? '',
        CACHE_TTL_FORECAST_SECONDS: '0',
      });
      try {
        const fresh = await forecast(revalidating, 'lat=40&lon=40&days=2');
        fake.queue('forecast', { kind: 'status', status: 503 }, 5);
        const stale = await forecast(other, 'lat=40&lon=40&days=2');
        expect(stale.statusCode).toBe(200);
        expect(stale.json()).toEqual({ ...fresh.json(), cached: true, stale: true });
      } finally {
        await Promise.all([revalidating.close(), other.close()]);
      }
    });
  },
);
