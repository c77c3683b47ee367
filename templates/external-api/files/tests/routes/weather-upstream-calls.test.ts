/**
 * Exercise 02: one call to the provider, as our client sees it. The answer in our documented
 * shape; our own URL with the caller's words only as encoded values; a timeout per attempt and a
 * deadline per request (504); every answer checked before use (502), never a 500 and never a hang.
 * Retries are exercise 04: until then (and in most tests here) one attempt is made.
 */
import { describe, expect, it } from 'vitest';
import type { FakeBehaviour, FakeEndpoint } from '../../src/dev/fake-open-meteo.js';
import {
  currentWeather,
  expectProblem,
  fakeAndAppPerTest,
  forecast,
  TEST_USER_AGENT,
  timed,
} from '../helpers/weather.js';

const upstream = fakeAndAppPerTest();
const ONE_ATTEMPT = { UPSTREAM_MAX_ATTEMPTS: '1' };

describe('a call that works', () => {
  it('answers for a city in a normalized, documented shape', async () => {
    const app = await upstream.appWith();
    const response = await currentWeather(app, 'city=Berlin');
    expect(response.statusCode, response.body).toBe(200);
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
    expect(upstream.fake.calls).toEqual({ geocoding: 1, forecast: 1 });
  });

  it('answers for coordinates without asking the geocoder', async () => {
    const app = await upstream.appWith();
    const response = await currentWeather(app, 'lat=48.8566&lon=2.3522');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().location).toEqual({
      name: null,
      country: null,
      latitude: 48.86,
      longitude: 2.35,
      timezone: expect.any(String),
    });
    expect(upstream.fake.calls).toEqual({ geocoding: 0, forecast: 1 });
  });

  it('a forecast has the days asked for', async () => {
    const app = await upstream.appWith();
    const response = await forecast(app, 'city=Paris&days=3');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ location: { name: 'Paris', timezone: 'Europe/Paris' }, cached: false });
    expect(response.json().days).toHaveLength(3);
  });

  it('asks with our User-Agent, the units we document, and an Accept of JSON', async () => {
    const app = await upstream.appWith();
    await currentWeather(app, 'lat=10&lon=20');
    const [request] = upstream.fake.requests;
    expect(request?.userAgent).toBe(TEST_USER_AGENT);
    expect(request?.url.pathname).toBe('/v1/forecast');
    expect(Object.fromEntries(request?.url.searchParams ?? [])).toMatchObject({
      latitude: '10',
      longitude: '20',
      temperature_unit: 'celsius',
      wind_speed_unit: 'kmh',
    });
  });
});

describe('the caller never chooses the URL', () => {
  it.each([
    ['parameters of its own', 'Paris&count=100&format=csv'],
    ['a fragment', 'Paris#fragment'],
    ['a path', '../../v1/forecast?latitude=1'],
    ['a URL', 'http://evil.example/steal'],
    ['percent signs', 'Par%69s %2F'],
  ])('a city with %s reaches the provider as one encoded value of our own search', async (_case, city) => {
    const app = await upstream.appWith();
    await currentWeather(app, `city=${encodeURIComponent(city)}`);
    const [request] = upstream.fake.requests;
    expect(request?.url.pathname).toBe('/v1/search');
    expect(request?.url.searchParams.getAll('name')).toEqual([city.toLowerCase()]);
    expect(request?.url.searchParams.get('count')).toBe('1');
    expect(request?.url.searchParams.get('format')).toBe('json');
    expect(request?.url.hash ?? '').toBe('');
  });
});

describe('time limits', () => {
  it('an attempt slower than UPSTREAM_TIMEOUT_MS is abandoned: 504, long before the deadline', async () => {
    const app = await upstream.appWith({ ...ONE_ATTEMPT, UPSTREAM_TIMEOUT_MS: '200', UPSTREAM_DEADLINE_MS: '5000' });
    upstream.fake.queue('forecast', { kind: 'slow', delayMs: 6_000 });
    const { result, ms } = await timed(() => currentWeather(app, 'lat=10&lon=10'));
    expectProblem(result, 504);
    expect(result.json().detail).toMatch(/did not answer in time/);
    // Without a timeout per attempt this would take the 6 s of the slow answer.
    expect(ms).toBeLessThan(3_000);
  });

  it('a hanging provider is a 504 within the deadline', async () => {
    const app = await upstream.appWith({ UPSTREAM_TIMEOUT_MS: '300', UPSTREAM_DEADLINE_MS: '800' });
    upstream.fake.queue('forecast', { kind: 'hang' }, 10);
    const { result, ms } = await timed(() => currentWeather(app, 'lat=10&lon=10'));
    expectProblem(result, 504);
    expect(ms).toBeLessThan(3_000);
  });

  it('one deadline covers both calls of a city request, geocoding and forecast together', async () => {
    const app = await upstream.appWith({ ...ONE_ATTEMPT, UPSTREAM_TIMEOUT_MS: '5000', UPSTREAM_DEADLINE_MS: '700' });
    upstream.fake.queue('geocoding', { kind: 'slow', delayMs: 400 });
    upstream.fake.queue('forecast', { kind: 'slow', delayMs: 8_000 });
    const { result, ms } = await timed(() => currentWeather(app, 'city=Berlin'));
    expectProblem(result, 504);
    // Timeouts alone would allow 400 ms + 5 s here.
    expect(ms).toBeLessThan(3_000);
  });

  it('a slow answer within both limits is a normal answer', async () => {
    const app = await upstream.appWith({ ...ONE_ATTEMPT, UPSTREAM_TIMEOUT_MS: '1000', UPSTREAM_DEADLINE_MS: '2000' });
    upstream.fake.queue('forecast', { kind: 'slow', delayMs: 300 });
    expect((await currentWeather(app, 'lat=10&lon=10')).statusCode).toBe(200);
  });
});

describe('the message says what happened', () => {
  const detailFor = async (behaviour: FakeBehaviour) => {
    const app = await upstream.appWith(ONE_ATTEMPT);
    upstream.fake.queue('forecast', behaviour);
    const response = await currentWeather(app, 'lat=10&lon=10');
    return { status: response.statusCode, detail: response.json().detail as string };
  };

  it('a 5xx is the provider failing, a 4xx a refusal, a bad body an answer we cannot use', async () => {
    expect(await detailFor({ kind: 'status', status: 503 })).toEqual({
      status: 502,
      detail: expect.stringMatching(/failing: it answered with a server error/),
    });
    expect(await detailFor({ kind: 'status', status: 404 })).toEqual({
      status: 502,
      detail: expect.stringMatching(/refused the request/),
    });
    expect(await detailFor({ kind: 'malformed' })).toEqual({
      status: 502,
      detail: expect.stringMatching(/sent an answer we cannot use/),
    });
    expect(await detailFor({ kind: 'reset' })).toEqual({
      status: 502,
      detail: expect.stringMatching(/cannot be reached/),
    });
  });

  it('a 429 is the provider asking us to slow down: 503 with Retry-After', async () => {
    const app = await upstream.appWith(ONE_ATTEMPT);
    upstream.fake.queue('forecast', { kind: 'status', status: 429 });
    const response = await currentWeather(app, 'lat=10&lon=10');
    expectProblem(response, 503);
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('an unreachable provider: in development, the way to work offline; elsewhere, not a word about it', async () => {
    const closed = 'http://127.0.0.1:9'; // the discard port: nothing listens there
    const unreachable = { GEOCODING_BASE_URL: closed, WEATHER_BASE_URL: closed, UPSTREAM_MAX_ATTEMPTS: '1' };
    for (const [NODE_ENV, hint] of [
      ['development', true],
      ['test', false],
    ] as const) {
      const app = await upstream.appWith({ ...unreachable, NODE_ENV });
      const response = await currentWeather(app, 'lat=10&lon=10');
      expect(response.statusCode).toBe(502);
      const { detail } = response.json();
      expect(detail).toMatch(/^The weather provider cannot be reached\./);
      expect(detail.includes('dev:fake'), `${NODE_ENV}: ${detail}`).toBe(hint);
    }
  });
});

describe('answers we cannot use are a 502', () => {
  it('malformed JSON', async () => {
    const app = await upstream.appWith();
    upstream.fake.queue('forecast', { kind: 'malformed' });
    expectProblem(await currentWeather(app, 'lat=10&lon=10'), 502);
  });

  it('JSON of the wrong shape, for the forecast and for the geocoder', async () => {
    const app = await upstream.appWith();
    upstream.fake.queue('forecast', { kind: 'invalid' });
    expectProblem(await forecast(app, 'lat=10&lon=10'), 502);
    upstream.fake.queue('geocoding', { kind: 'invalid' });
    expectProblem(await currentWeather(app, 'city=Berlin'), 502);
  });

  it('JSON with a field we rely on missing or of another type', async () => {
    const app = await upstream.appWith();
    upstream.fake.queue('forecast', { kind: 'answer', body: { timezone: 'UTC', current: { time: 1_800_000_000 } } });
    expectProblem(await currentWeather(app, 'lat=10&lon=10'), 502);
    upstream.fake.queue('geocoding', {
      kind: 'answer',
      body: { results: [{ id: '7', name: 'Berlin', latitude: 52.5, longitude: 13.4 }] },
    });
    expectProblem(await currentWeather(app, 'city=Berlin'), 502);
  });

  it('a redirect is not followed: the provider refused our request', async () => {
    const app = await upstream.appWith();
    upstream.fake.queue('forecast', { kind: 'redirect' });
    const response = await currentWeather(app, 'lat=10&lon=10');
    expectProblem(response, 502);
    expect(response.json().detail).toMatch(/refused the request/);
    expect(upstream.fake.calls.forecast).toBe(1);
  });

  it('a body that never ends is cut off (at 1 MiB), promptly: 502, not a timeout', async () => {
    const app = await upstream.appWith({ ...ONE_ATTEMPT, UPSTREAM_TIMEOUT_MS: '8000', UPSTREAM_DEADLINE_MS: '8000' });
    upstream.fake.queue('forecast', { kind: 'huge' });
    const { result, ms } = await timed(() => currentWeather(app, 'lat=10&lon=10'));
    expectProblem(result, 502);
    expect(result.json().detail).toMatch(/sent an answer we cannot use/);
    expect(ms).toBeLessThan(5_000);
  });

  it('nothing the provider does is a 500', async () => {
    const behaviours: FakeBehaviour[] = [
      { kind: 'status', status: 500 },
      { kind: 'status', status: 404 },
      { kind: 'status', status: 429 },
      { kind: 'hang' },
      { kind: 'malformed' },
      { kind: 'invalid' },
      { kind: 'huge' },
      { kind: 'reset' },
      { kind: 'redirect' },
      { kind: 'answer', body: null },
      { kind: 'answer', body: [] },
    ];
    const endpoints: FakeEndpoint[] = ['geocoding', 'forecast'];
    for (const endpoint of endpoints) {
      // A breaker that never opens, so every behaviour really reaches the fake.
      const app = await upstream.appWith({
        UPSTREAM_TIMEOUT_MS: '150',
        UPSTREAM_DEADLINE_MS: '400',
        CIRCUIT_FAILURE_THRESHOLD: '1000',
      });
      for (const behaviour of behaviours) {
        upstream.fake.queue(endpoint, behaviour, 10);
        const response = await forecast(app, 'city=Sydney&days=2');
        expect([502, 503, 504], `${endpoint}: ${behaviour.kind}`).toContain(response.statusCode);
        upstream.fake.reset();
      }
    }
  });
});

describe('rate limit on the upstream-backed routes', () => {
  it('is stricter than the global one: 429 with Retry-After, while other routes still answer', async () => {
    const app = await upstream.appWith({ WEATHER_RATE_LIMIT_PER_MINUTE: '2' });
    for (let i = 0; i < 2; i++) expect((await currentWeather(app, 'lat=5&lon=5')).statusCode).toBe(200);
    const response = await currentWeather(app, 'lat=5&lon=5');
    expect(response.statusCode).toBe(429);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});
