/**
 * Exercise 07: single-flight as our client sees it. Concurrent requests that miss the cache for
 * one key make one upstream call between them (no cache stampede), for places and for weather.
 */
import { describe, expect, it } from 'vitest';
import { ALWAYS_REVALIDATE, currentWeather, fakeAndAppPerTest, forecast } from '../helpers/weather.js';

const upstream = fakeAndAppPerTest();

describe('concurrent misses', () => {
  it('100 concurrent requests for one uncached city make exactly one geocoding and one forecast call', async () => {
    const app = await upstream.appWith();
    const responses = await Promise.all(Array.from({ length: 100 }, () => currentWeather(app, 'city=Tokyo')));
    expect(responses.map((response) => response.statusCode)).toEqual(Array(100).fill(200));
    expect(new Set(responses.map((response) => response.json().temperatureC)).size).toBe(1);
    expect(upstream.fake.calls).toEqual({ geocoding: 1, forecast: 1 });
  });

  it('a slow provider: 30 requests arriving while the first call is on its way wait for it', async () => {
    const app = await upstream.appWith();
    upstream.fake.queue('forecast', { kind: 'slow', delayMs: 150 });
    const responses = await Promise.all(Array.from({ length: 30 }, () => forecast(app, 'lat=12&lon=12&days=3')));
    expect(responses.map((response) => response.statusCode)).toEqual(Array(30).fill(200));
    expect(upstream.fake.calls.forecast).toBe(1);
  });

  it('an expired entry is reloaded once, not once per request', async () => {
    const app = await upstream.appWith(ALWAYS_REVALIDATE);
    await currentWeather(app, 'lat=13&lon=13');
    upstream.fake.queue('forecast', { kind: 'slow', delayMs: 150 });
    const responses = await Promise.all(Array.from({ length: 40 }, () => currentWeather(app, 'lat=13&lon=13')));
    expect(responses.every((response) => response.statusCode === 200)).toBe(true);
    expect(upstream.fake.calls.forecast).toBe(2);
  });

  it('a failing provider is asked once for all of them, and the next request asks again', async () => {
    const app = await upstream.appWith({ UPSTREAM_MAX_ATTEMPTS: '1', UPSTREAM_TIMEOUT_MS: '300' });
    upstream.fake.queue('forecast', { kind: 'hang' }, 1);
    const responses = await Promise.all(Array.from({ length: 20 }, () => currentWeather(app, 'lat=14&lon=14')));
    expect(responses.map((response) => response.statusCode)).toEqual(Array(20).fill(504));
    expect(upstream.fake.calls.forecast).toBe(1);
    expect((await currentWeather(app, 'lat=14&lon=14')).statusCode).toBe(200);
    expect(upstream.fake.calls.forecast).toBe(2);
  });

  it('different places are not held up by one another', async () => {
    const app = await upstream.appWith();
    const responses = await Promise.all(
      ['Berlin', 'Paris', 'Tokyo'].map((city) => currentWeather(app, `city=${city}`)),
    );
    expect(responses.map((response) => response.json().location.name)).toEqual(['Berlin', 'Paris', 'Tokyo']);
    expect(upstream.fake.calls).toEqual({ geocoding: 3, forecast: 3 });
  });
});
