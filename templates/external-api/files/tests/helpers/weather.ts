/**
 * A fake Open-Meteo and apps pointed at it, with time limits short enough that the failure
 * tests take milliseconds, not the production seconds. No test touches the internet.
 */
import { type FakeOpenMeteo, startFakeOpenMeteo } from '../../src/dev/fake-open-meteo.js';
import { buildTestApp, type TestApp } from './test-app.js';

export const TEST_USER_AGENT = 'weather-tests (create-backend-practice)';

/** Upstream settings for tests; a test overrides the one it is about. */
const FAST_UPSTREAM = {
  UPSTREAM_USER_AGENT: TEST_USER_AGENT,
  UPSTREAM_TIMEOUT_MS: '300',
  UPSTREAM_DEADLINE_MS: '1000',
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

export function buildWeatherApp(fake: FakeOpenMeteo, env: Record<string, string> = {}): Promise<TestApp> {
  return buildTestApp({ GEOCODING_BASE_URL: fake.url, WEATHER_BASE_URL: fake.url, ...FAST_UPSTREAM, ...env });
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
