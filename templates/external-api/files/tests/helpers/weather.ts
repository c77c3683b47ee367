/**
 * A fake Open-Meteo and apps pointed at it, with short retry waits so the failure tests take
 * milliseconds, not the production seconds. No test touches the internet.
 */
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { type FakeOpenMeteo, startFakeOpenMeteo } from '../../src/dev/fake-open-meteo.js';
import { buildTestApp, buildTestAppOn, type TestApp } from './test-app.js';
import { createTestDatabase, emptyTables } from './test-database.js';

export const TEST_USER_AGENT = 'weather-tests (create-backend-practice)';

/** Upstream settings for tests; a test overrides the one it is about. */
const FAST_UPSTREAM = {
  UPSTREAM_USER_AGENT: TEST_USER_AGENT,
  // Generous: a test that counts upstream calls must not see a retry because a busy machine
  // was slow. A test about time limits sets its own.
  UPSTREAM_TIMEOUT_MS: '2000',
  UPSTREAM_DEADLINE_MS: '4000',
  UPSTREAM_MAX_ATTEMPTS: '3',
  UPSTREAM_RETRY_BASE_DELAY_MS: '10',
  UPSTREAM_RETRY_MAX_DELAY_MS: '50',
  UPSTREAM_RETRY_AFTER_MAX_MS: '1500',
  CIRCUIT_FAILURE_THRESHOLD: '5',
  CIRCUIT_COOLDOWN_MS: '200',
  // Rate limits are tested on their own; here they would only get in the way.
  RATE_LIMIT_PER_MINUTE: '100000',
  WEATHER_RATE_LIMIT_PER_MINUTE: '100000',
};

export { type FakeOpenMeteo, startFakeOpenMeteo };

const upstreamEnv = (fake: FakeOpenMeteo) => ({
  GEOCODING_BASE_URL: fake.url,
  WEATHER_BASE_URL: fake.url,
  ...FAST_UPSTREAM,
});

export function buildWeatherApp(fake: FakeOpenMeteo, env: Record<string, string> = {}): Promise<TestApp> {
  return buildTestApp({ ...upstreamEnv(fake), ...env });
}

export const currentWeather = (app: TestApp, query: string) =>
  app.inject({ method: 'GET', url: `/v1/weather/current?${query}` });

export const forecast = (app: TestApp, query: string) =>
  app.inject({ method: 'GET', url: `/v1/weather/forecast?${query}` });

/** Milliseconds `work` took. */
export async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

type InjectResponse = Awaited<ReturnType<TestApp['inject']>>;

/** A problem+json answer with this status and a `detail` for the client. */
export function expectProblem(response: InjectResponse, status: number) {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toContain('application/problem+json');
  expect(response.json()).toMatchObject({ status, detail: expect.any(String) });
}

/**
 * A fake provider for the whole file and an app per test (`appWith(env)`), so what an app keeps
 * in memory (its circuit breaker, its cache without Redis) starts clean in every test. The apps
 * share one database per file, emptied after each test, with the apps closed and the fake reset.
 */
export function fakeAndAppPerTest() {
  const state = { fake: undefined as unknown as FakeOpenMeteo, db: undefined as unknown as Database };
  const apps: TestApp[] = [];
  beforeAll(async () => {
    state.fake = await startFakeOpenMeteo();
    state.db = await createTestDatabase();
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
    await emptyTables(state.db);
    state.fake.reset();
  });
  afterAll(async () => {
    await state.db.close();
    await state.fake.close();
  });
  return {
    get fake() {
      return state.fake;
    },
    async appWith(env: Record<string, string> = {}) {
      const app = await buildTestAppOn(state.db, { ...upstreamEnv(state.fake), ...env });
      apps.push(app);
      return app;
    },
  };
}

/** Expired as soon as stored, but kept for stale-if-error: every request asks the provider. */
export const ALWAYS_REVALIDATE = { CACHE_TTL_CURRENT_SECONDS: '0', CACHE_TTL_FORECAST_SECONDS: '0' };
