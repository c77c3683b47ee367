/**
 * Exercise 06: the cache as our client sees it. A TTL per kind of answer (CACHE_TTL_*_SECONDS),
 * places not found remembered briefly (CACHE_TTL_GEOCODING_MISS_SECONDS), and the last good
 * answer served, marked stale, while the provider fails (CACHE_STALE_IF_ERROR_SECONDS).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { closedPort } from '../helpers/closed-port.js';
import {
  ALWAYS_REVALIDATE,
  currentWeather,
  expectProblem,
  fakeAndAppPerTest,
  forecast,
  timed,
} from '../helpers/weather.js';

const upstream = fakeAndAppPerTest();

describe('fresh answers come from the cache', () => {
  it('a fresh cache hit makes no upstream call, and says so', async () => {
    const app = await upstream.appWith();
    const first = await currentWeather(app, 'lat=1.5&lon=1.5');
    const second = await currentWeather(app, 'lat=1.5&lon=1.5');
    expect(first.json().cached).toBe(false);
    expect(second.json()).toEqual({ ...first.json(), cached: true });
    expect(upstream.fake.calls.forecast).toBe(1);
  });

  it('coordinates within about a kilometre share one cache entry', async () => {
    const app = await upstream.appWith();
    await currentWeather(app, 'lat=2.501&lon=2.501');
    const nearby = await currentWeather(app, 'lat=2.499&lon=2.504');
    expect(nearby.json().cached).toBe(true);
    expect(upstream.fake.calls.forecast).toBe(1);
  });

  it('the same city typed differently is one cache entry', async () => {
    const app = await upstream.appWith();
    await currentWeather(app, 'city=London');
    const again = await currentWeather(app, `city=${encodeURIComponent('  LONDON ')}`);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ location: { name: 'London' }, cached: true });
    expect(upstream.fake.calls).toEqual({ geocoding: 1, forecast: 1 });
  });

  it('every forecast length is served from one cached week', async () => {
    const app = await upstream.appWith();
    const week = await forecast(app, 'lat=-33.87&lon=151.21');
    expect(week.json().days).toHaveLength(7);
    const twoDays = await forecast(app, 'lat=-33.87&lon=151.21&days=2');
    expect(twoDays.json()).toMatchObject({ cached: true, days: week.json().days.slice(0, 2) });
    expect(upstream.fake.calls.forecast).toBe(1);
  });

  it('each kind of answer has its own TTL: current weather expires, the forecast is still fresh', async () => {
    const app = await upstream.appWith({ CACHE_TTL_CURRENT_SECONDS: '1', CACHE_TTL_FORECAST_SECONDS: '3600' });
    await currentWeather(app, 'lat=3&lon=3');
    await forecast(app, 'lat=3&lon=3');
    expect(upstream.fake.calls.forecast).toBe(2);
    await sleep(1_100);
    expect((await forecast(app, 'lat=3&lon=3')).json().cached).toBe(true);
    expect((await currentWeather(app, 'lat=3&lon=3')).json().cached).toBe(false);
    expect(upstream.fake.calls.forecast).toBe(3);
  });

  it('a resolved city is kept for CACHE_TTL_GEOCODING_SECONDS, however short the weather TTL', async () => {
    const app = await upstream.appWith(ALWAYS_REVALIDATE);
    for (let i = 0; i < 3; i++) expect((await currentWeather(app, 'city=Berlin')).statusCode).toBe(200);
    expect(upstream.fake.calls).toEqual({ geocoding: 1, forecast: 3 });
  });
});

describe('a place the provider did not find', () => {
  it('is a 404 problem, and asking again soon costs no second geocoding call', async () => {
    const app = await upstream.appWith();
    const response = await currentWeather(app, 'city=Atlantis');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().detail).toContain('Atlantis');
    expect((await currentWeather(app, 'city=atlantis')).statusCode).toBe(404);
    expect(upstream.fake.calls).toEqual({ geocoding: 1, forecast: 0 });
  });

  it('is remembered briefly (CACHE_TTL_GEOCODING_MISS_SECONDS), then asked again', async () => {
    const app = await upstream.appWith({ CACHE_TTL_GEOCODING_MISS_SECONDS: '1' });
    upstream.fake.queue('geocoding', { kind: 'answer', body: {} }); // one bad moment: nothing found
    expect((await currentWeather(app, 'city=Berlin')).statusCode).toBe(404);
    expect((await currentWeather(app, 'city=Berlin')).statusCode).toBe(404);
    expect(upstream.fake.calls.geocoding).toBe(1); // the miss was cached…

    await sleep(1_100);
    const recovered = await currentWeather(app, 'city=Berlin');
    expect(recovered.statusCode).toBe(200); // …but not for as long as a found place
    expect(recovered.json().location.name).toBe('Berlin');
    expect(upstream.fake.calls.geocoding).toBe(2);
  });
});

describe('stale-if-error', () => {
  it('serves the last good answer, marked stale, when the provider fails', async () => {
    const app = await upstream.appWith(ALWAYS_REVALIDATE);
    const fresh = await forecast(app, 'city=Berlin&days=2');
    expect(fresh.json()).toMatchObject({ cached: false, stale: false });

    upstream.fake.queue('forecast', { kind: 'status', status: 503 }, 3);
    const response = await forecast(app, 'city=Berlin&days=2');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ...fresh.json(), cached: true, stale: true });
  });

  it('a hanging provider: the stale answer within the deadline', async () => {
    const app = await upstream.appWith({
      ...ALWAYS_REVALIDATE,
      UPSTREAM_TIMEOUT_MS: '200',
      UPSTREAM_DEADLINE_MS: '500',
    });
    await currentWeather(app, 'lat=10&lon=10');
    upstream.fake.queue('forecast', { kind: 'hang' }, 5);
    const { result, ms } = await timed(() => currentWeather(app, 'lat=10&lon=10'));
    expect(result.json()).toMatchObject({ cached: true, stale: true });
    expect(ms).toBeLessThan(2_500);
  });

  it('a broken value is a failure like any other: the last good answer is served, stale', async () => {
    const app = await upstream.appWith({ CACHE_TTL_CURRENT_SECONDS: '0' });
    expect((await currentWeather(app, 'lat=10&lon=10')).statusCode).toBe(200);
    upstream.fake.queue('forecast', { kind: 'malformed' }, 3);
    const response = await currentWeather(app, 'lat=10&lon=10');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ stale: true, cached: true });
  });

  it('answers from the cache instead of waiting longer than the Retry-After cap', async () => {
    const app = await upstream.appWith({ ...ALWAYS_REVALIDATE, UPSTREAM_RETRY_AFTER_MAX_MS: '1500' });
    const fresh = await currentWeather(app, 'lat=10&lon=10');
    upstream.fake.queue('forecast', { kind: 'status', status: 429, retryAfter: '120' });
    const { result, ms } = await timed(() => currentWeather(app, 'lat=10&lon=10'));
    expect(result.statusCode).toBe(200);
    expect(result.json()).toMatchObject({ temperatureC: fresh.json().temperatureC, cached: true, stale: true });
    expect(ms).toBeLessThan(2_500);
  });

  it('while the circuit is open, a stale answer is served instead of a 503, without calling', async () => {
    const app = await upstream.appWith({
      ...ALWAYS_REVALIDATE,
      CIRCUIT_FAILURE_THRESHOLD: '3',
      CIRCUIT_COOLDOWN_MS: '5000',
      UPSTREAM_MAX_ATTEMPTS: '1',
    });
    const fresh = await currentWeather(app, 'lat=30&lon=30');
    upstream.fake.queue('forecast', { kind: 'status', status: 503 }, 3);
    for (let i = 0; i < 3; i++) await currentWeather(app, 'lat=31&lon=31');
    const callsWhenOpened = upstream.fake.calls.forecast;

    const response = await currentWeather(app, 'lat=30&lon=30');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ...fresh.json(), cached: true, stale: true });
    expect(upstream.fake.calls.forecast).toBe(callsWhenOpened);
  });

  it('does not serve answers older than the stale window: the error goes through', async () => {
    const app = await upstream.appWith({ ...ALWAYS_REVALIDATE, CACHE_STALE_IF_ERROR_SECONDS: '0' });
    await currentWeather(app, 'lat=10&lon=10');
    upstream.fake.queue('forecast', { kind: 'status', status: 503 }, 3);
    expectProblem(await currentWeather(app, 'lat=10&lon=10'), 502);
  });
});

describe('with Redis unreachable', () => {
  it('answers from the provider, promptly: the cache and the rate limits are optional', async () => {
    const app = await upstream.appWith({ REDIS_URL: `redis://127.0.0.1:${await closedPort()}` });
    for (const query of ['city=Berlin', 'lat=10&lon=10', 'city=Berlin']) {
      const started = performance.now();
      const response = await currentWeather(app, query);
      expect(response.statusCode, query).toBe(200);
      expect(performance.now() - started).toBeLessThan(1_000);
    }
  });
});
