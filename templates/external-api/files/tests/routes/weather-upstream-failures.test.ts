/**
 * The weather routes when the provider misbehaves: each failure the fake can produce, and what
 * our client gets for it. Never a 500 and never a hang; stale data where we have it.
 * Each test gets an app of its own, so circuit breakers and caches start clean.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FakeBehaviour, FakeEndpoint } from '../../src/dev/fake-open-meteo.js';
import type { TestApp } from '../helpers/test-app.js';
import {
  buildWeatherApp,
  currentWeather,
  type FakeOpenMeteo,
  forecast,
  startFakeOpenMeteo,
  timed,
} from '../helpers/weather.js';

let fake: FakeOpenMeteo;
const apps: TestApp[] = [];
beforeAll(async () => {
  fake = await startFakeOpenMeteo();
});
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
  fake.reset();
});
afterAll(() => fake.close());

async function appWith(env: Record<string, string> = {}) {
  const app = await buildWeatherApp(fake, env);
  apps.push(app);
  return app;
}

/** Expired as soon as stored, but kept for stale-if-error: every request asks the provider. */
const ALWAYS_REVALIDATE = { CACHE_TTL_CURRENT_SECONDS: '0', CACHE_TTL_FORECAST_SECONDS: '0' };

const expectProblem = (response: Awaited<ReturnType<typeof currentWeather>>, status: number) => {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toContain('application/problem+json');
  expect(response.json()).toMatchObject({ status, detail: expect.any(String) });
};

describe('retries', () => {
  it('a 5xx then a success is one successful response, retried', async () => {
    const app = await appWith();
    fake.queue('forecast', { kind: 'status', status: 503 });
    const response = await currentWeather(app, 'lat=10&lon=10');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ cached: false, stale: false });
    expect(fake.calls.forecast).toBe(2);
  });

  it('a reset connection is retried', async () => {
    const app = await appWith();
    fake.queue('forecast', { kind: 'reset' });
    expect((await currentWeather(app, 'lat=10&lon=10')).statusCode).toBe(200);
    expect(fake.calls.forecast).toBe(2);
  });

  it('an attempt slower than its timeout is abandoned and retried', async () => {
    const app = await appWith({ UPSTREAM_TIMEOUT_MS: '150', UPSTREAM_DEADLINE_MS: '2000' });
    fake.queue('forecast', { kind: 'slow', delayMs: 1000 });
    const { result, ms } = await timed(() => currentWeather(app, 'lat=10&lon=10'));
    expect(result.statusCode).toBe(200);
    expect(fake.calls.forecast).toBe(2);
    expect(ms).toBeLessThan(900);
  });

  it('gives up after the configured attempts with a 502', async () => {
    const app = await appWith({ UPSTREAM_MAX_ATTEMPTS: '3' });
    fake.queue('forecast', { kind: 'status', status: 500 }, 10);
    expectProblem(await currentWeather(app, 'lat=10&lon=10'), 502);
    expect(fake.calls.forecast).toBe(3);
  });

  it('does not retry what a retry cannot fix: a 4xx answer is a 502 after one call', async () => {
    const app = await appWith();
    fake.queue('forecast', { kind: 'status', status: 400 });
    expectProblem(await currentWeather(app, 'lat=10&lon=10'), 502);
    expect(fake.calls.forecast).toBe(1);
  });
});

describe('429 with Retry-After', () => {
  it('waits as long as the provider says, then answers', async () => {
    const app = await appWith({ UPSTREAM_DEADLINE_MS: '3000', UPSTREAM_RETRY_AFTER_MAX_MS: '1500' });
    fake.queue('forecast', { kind: 'status', status: 429, retryAfter: '1' });
    const { result, ms } = await timed(() => currentWeather(app, 'lat=10&lon=10'));
    expect(result.statusCode).toBe(200);
    expect(fake.calls.forecast).toBe(2);
    expect(ms).toBeGreaterThanOrEqual(950);
  });

  it('does not wait longer than the cap: with nothing cached, a 503 passing the Retry-After on', async () => {
    const app = await appWith({ UPSTREAM_RETRY_AFTER_MAX_MS: '1500' });
    fake.queue('forecast', { kind: 'status', status: 429, retryAfter: '120' });
    const { result, ms } = await timed(() => currentWeather(app, 'lat=10&lon=10'));
    expectProblem(result, 503);
    expect(result.headers['retry-after']).toBe('120');
    expect(fake.calls.forecast).toBe(1);
    expect(ms).toBeLessThan(500);
  });

  it('a 429 without Retry-After, retried in vain, is a 503 that still says when to come back', async () => {
    const app = await appWith({ UPSTREAM_MAX_ATTEMPTS: '2' });
    fake.queue('forecast', { kind: 'status', status: 429 }, 2);
    const result = await currentWeather(app, 'lat=10&lon=10');
    expectProblem(result, 503);
    expect(result.headers['retry-after']).toBe('30');
    expect(fake.calls.forecast).toBe(2);
  });

  it('answers from the cache instead of waiting longer than the cap', async () => {
    const app = await appWith({ ...ALWAYS_REVALIDATE, UPSTREAM_RETRY_AFTER_MAX_MS: '1500' });
    const fresh = await currentWeather(app, 'lat=10&lon=10');
    fake.queue('forecast', { kind: 'status', status: 429, retryAfter: '120' });
    const { result, ms } = await timed(() => currentWeather(app, 'lat=10&lon=10'));
    expect(result.statusCode).toBe(200);
    expect(result.json()).toMatchObject({ temperatureC: fresh.json().temperatureC, cached: true, stale: true });
    expect(ms).toBeLessThan(500);
  });
});

describe('timeouts', () => {
  it('a hanging provider is a 504 within the deadline', async () => {
    const app = await appWith({ UPSTREAM_TIMEOUT_MS: '300', UPSTREAM_DEADLINE_MS: '800' });
    fake.queue('forecast', { kind: 'hang' }, 10);
    const { result, ms } = await timed(() => currentWeather(app, 'lat=10&lon=10'));
    expectProblem(result, 504);
    expect(ms).toBeLessThan(800 + 400);
  });

  it('the deadline covers both calls of a city request: geocoding and forecast together', async () => {
    const app = await appWith({ UPSTREAM_TIMEOUT_MS: '500', UPSTREAM_DEADLINE_MS: '700', UPSTREAM_MAX_ATTEMPTS: '1' });
    fake.queue('geocoding', { kind: 'slow', delayMs: 400 });
    fake.queue('forecast', { kind: 'hang' });
    const { result, ms } = await timed(() => currentWeather(app, 'city=Berlin'));
    expectProblem(result, 504);
    expect(ms).toBeLessThan(700 + 400);
  });
});

describe('the message says what happened', () => {
  const detailFor = async (behaviour: FakeBehaviour) => {
    const app = await appWith({ UPSTREAM_MAX_ATTEMPTS: '1' });
    fake.queue('forecast', behaviour);
    return (await currentWeather(app, 'lat=10&lon=10')).json().detail as string;
  };

  it('a 5xx is the provider failing, a 4xx a refusal, a bad body an answer we cannot use', async () => {
    expect(await detailFor({ kind: 'status', status: 503 })).toMatch(/failing: it answered with a server error/);
    expect(await detailFor({ kind: 'status', status: 404 })).toMatch(/refused the request/);
    expect(await detailFor({ kind: 'malformed' })).toMatch(/sent an answer we cannot use/);
    expect(await detailFor({ kind: 'reset' })).toMatch(/cannot be reached/);
  });

  it('an unreachable provider: in development, the way to work offline; elsewhere, not a word about it', async () => {
    const closed = 'http://127.0.0.1:9'; // the discard port: nothing listens there
    const unreachable = { GEOCODING_BASE_URL: closed, WEATHER_BASE_URL: closed, UPSTREAM_MAX_ATTEMPTS: '1' };
    for (const [NODE_ENV, hint] of [
      ['development', true],
      ['test', false],
    ] as const) {
      const app = await appWith({ ...unreachable, NODE_ENV });
      const response = await currentWeather(app, 'lat=10&lon=10');
      expect(response.statusCode).toBe(502);
      const { detail } = response.json();
      expect(detail).toMatch(/^The weather provider cannot be reached\./);
      expect(detail.includes('dev:fake'), `${NODE_ENV}: ${detail}`).toBe(hint);
    }
  });
});

describe('answers we cannot use', () => {
  it('malformed JSON is a 502, not retried', async () => {
    const app = await appWith();
    fake.queue('forecast', { kind: 'malformed' });
    expectProblem(await currentWeather(app, 'lat=10&lon=10'), 502);
    expect(fake.calls.forecast).toBe(1);
  });

  it('JSON of the wrong shape is a 502', async () => {
    const app = await appWith();
    fake.queue('forecast', { kind: 'invalid' });
    expectProblem(await forecast(app, 'lat=10&lon=10'), 502);
  });

  it('a schema-invalid geocoding answer is a 502 too', async () => {
    const app = await appWith();
    fake.queue('geocoding', { kind: 'invalid' });
    expectProblem(await currentWeather(app, 'city=Berlin'), 502);
  });

  it('a redirect is not followed: 502', async () => {
    const app = await appWith();
    fake.queue('forecast', { kind: 'redirect' });
    expectProblem(await currentWeather(app, 'lat=10&lon=10'), 502);
    expect(fake.calls.forecast).toBe(1);
  });

  it('nothing the provider does is a 500', async () => {
    const behaviours: FakeBehaviour[] = [
      { kind: 'status', status: 500 },
      { kind: 'status', status: 404 },
      { kind: 'status', status: 429 },
      { kind: 'hang' },
      { kind: 'malformed' },
      { kind: 'invalid' },
      { kind: 'reset' },
      { kind: 'redirect' },
    ];
    const endpoints: FakeEndpoint[] = ['geocoding', 'forecast'];
    for (const endpoint of endpoints) {
      // A breaker that never opens, so every behaviour really reaches the fake.
      const app = await appWith({
        UPSTREAM_TIMEOUT_MS: '100',
        UPSTREAM_DEADLINE_MS: '300',
        CIRCUIT_FAILURE_THRESHOLD: '1000',
      });
      for (const behaviour of behaviours) {
        fake.queue(endpoint, behaviour, 10);
        const response = await forecast(app, 'city=Sydney&days=2');
        expect([502, 503, 504], `${endpoint}: ${behaviour.kind}`).toContain(response.statusCode);
        fake.reset();
      }
    }
  });
});

describe('circuit breaker', () => {
  const BREAKER = { CIRCUIT_FAILURE_THRESHOLD: '3', CIRCUIT_COOLDOWN_MS: '300', UPSTREAM_MAX_ATTEMPTS: '1' };

  it('opens after N consecutive failures: the next calls fail fast with 503 without touching the provider', async () => {
    const app = await appWith(BREAKER);
    fake.queue('forecast', { kind: 'status', status: 503 }, 3);
    for (let i = 0; i < 3; i++) expectProblem(await currentWeather(app, 'lat=20&lon=20'), 502);
    expect(fake.calls.forecast).toBe(3);

    const { result, ms } = await timed(() => currentWeather(app, 'lat=20&lon=20'));
    expectProblem(result, 503);
    expect(Number(result.headers['retry-after'])).toBeGreaterThan(0);
    expect(ms).toBeLessThan(100);
    expect(fake.calls.forecast).toBe(3);
  });

  it('closes again after a successful half-open trial', async () => {
    const app = await appWith(BREAKER);
    fake.queue('forecast', { kind: 'status', status: 503 }, 3);
    for (let i = 0; i < 3; i++) await currentWeather(app, 'lat=20&lon=20');
    expectProblem(await currentWeather(app, 'lat=21&lon=21'), 503);

    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await currentWeather(app, 'lat=22&lon=22')).statusCode).toBe(200); // the trial
    expect((await currentWeather(app, 'lat=23&lon=23')).statusCode).toBe(200); // closed again
    expect(fake.calls.forecast).toBe(5);
  });

  it('a failed half-open trial opens it again for another cooldown', async () => {
    const app = await appWith(BREAKER);
    fake.queue('forecast', { kind: 'status', status: 503 }, 4);
    for (let i = 0; i < 3; i++) await currentWeather(app, 'lat=20&lon=20');
    await new Promise((resolve) => setTimeout(resolve, 350));
    expectProblem(await currentWeather(app, 'lat=20&lon=20'), 502); // the trial fails
    expectProblem(await currentWeather(app, 'lat=20&lon=20'), 503); // open again, no call
    expect(fake.calls.forecast).toBe(4);
  });

  it('while open, a stale answer is served instead of a 503', async () => {
    const app = await appWith({ ...BREAKER, ...ALWAYS_REVALIDATE });
    const fresh = await currentWeather(app, 'lat=30&lon=30');
    fake.queue('forecast', { kind: 'status', status: 503 }, 3);
    for (let i = 0; i < 3; i++) await currentWeather(app, 'lat=31&lon=31');
    const callsWhenOpened = fake.calls.forecast;

    const response = await currentWeather(app, 'lat=30&lon=30');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ...fresh.json(), cached: true, stale: true });
    expect(fake.calls.forecast).toBe(callsWhenOpened);
  });

  it('each upstream has its own breaker: a failing geocoder does not stop forecasts by coordinates', async () => {
    const app = await appWith(BREAKER);
    fake.queue('geocoding', { kind: 'status', status: 503 }, 3);
    for (let i = 0; i < 3; i++) await currentWeather(app, 'city=Berlin');
    expectProblem(await currentWeather(app, 'city=Berlin'), 503);
    expect((await currentWeather(app, 'lat=52.52&lon=13.41')).statusCode).toBe(200);
  });
});

describe('stale-if-error', () => {
  it('serves the last good answer, marked stale, when the provider fails', async () => {
    const app = await appWith(ALWAYS_REVALIDATE);
    const fresh = await forecast(app, 'city=Berlin&days=2');
    expect(fresh.json()).toMatchObject({ cached: false, stale: false });

    fake.queue('forecast', { kind: 'status', status: 503 }, 3);
    const response = await forecast(app, 'city=Berlin&days=2');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ...fresh.json(), cached: true, stale: true });
  });

  it('records stale answers in the statistics as such', async () => {
    const app = await appWith(ALWAYS_REVALIDATE);
    await currentWeather(app, 'city=Paris');
    fake.queue('forecast', { kind: 'status', status: 503 }, 3);
    await currentWeather(app, 'city=Paris');
    const rows = await app.db.query<{ served_from: string }>('SELECT served_from FROM lookups ORDER BY id');
    expect(rows.map((row) => row.served_from)).toEqual(['upstream', 'stale']);
  });

  it('does not serve answers older than the stale window: the error goes through', async () => {
    const app = await appWith({ ...ALWAYS_REVALIDATE, CACHE_STALE_IF_ERROR_SECONDS: '0' });
    await currentWeather(app, 'lat=10&lon=10');
    fake.queue('forecast', { kind: 'status', status: 503 }, 3);
    expectProblem(await currentWeather(app, 'lat=10&lon=10'), 502);
  });
});
