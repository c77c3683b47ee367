/**
 * With REDIS_URL, the cache lives in Redis and every instance shares it. Needs a Redis server,
 * so it runs only when REDIS_URL is set (CI sets it; locally:
 * `REDIS_URL=redis://localhost:6379 npm test`). Apps built in this file share a key prefix of
 * their own, so other test runs on the same server do not interfere.
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

describe.runIf(process.env.REDIS_URL)('cache in Redis', () => {
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

  it('two app instances share the cache: the second makes no upstream call', async () => {
    const fromFirst = await currentWeather(first, 'city=Berlin');
    expect(fromFirst.json().cached).toBe(false);
    expect(fake.calls).toEqual({ geocoding: 1, forecast: 1 });

    const fromSecond = await currentWeather(second, 'city=Berlin');
    expect(fromSecond.statusCode).toBe(200);
    expect(fromSecond.json()).toEqual({ ...fromFirst.json(), cached: true });
    expect(fake.calls).toEqual({ geocoding: 1, forecast: 1 });
  });

  it('a place cached by one instance is recorded in the statistics of another', async () => {
    await forecast(first, 'city=Sydney&days=1');
    expect((await forecast(second, 'city=Sydney&days=1')).statusCode).toBe(200);
    const stats = await second.inject({ method: 'GET', url: '/v1/stats/top-cities' });
    expect(stats.json().items).toContainEqual(expect.objectContaining({ name: 'Sydney', servedFromCache: 1 }));
  });
});
