/**
 * Exercise 05: the circuit breaker as our client sees it. After CIRCUIT_FAILURE_THRESHOLD failed
 * requests in a row the provider is not called for CIRCUIT_COOLDOWN_MS: a 503 at once, with
 * Retry-After. Then one trial request decides: a success closes it, a failure opens it again.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { currentWeather, expectProblem, fakeAndAppPerTest, timed } from '../helpers/weather.js';

const upstream = fakeAndAppPerTest();
const BREAKER = { CIRCUIT_FAILURE_THRESHOLD: '3', CIRCUIT_COOLDOWN_MS: '300', UPSTREAM_MAX_ATTEMPTS: '1' };

describe('circuit breaker', () => {
  it('opens after N consecutive failures: the next calls fail fast with 503 without touching the provider', async () => {
    const app = await upstream.appWith(BREAKER);
    upstream.fake.queue('forecast', { kind: 'status', status: 503 }, 3);
    for (let i = 0; i < 3; i++) expectProblem(await currentWeather(app, 'lat=20&lon=20'), 502);
    expect(upstream.fake.calls.forecast).toBe(3);

    for (let i = 0; i < 5; i++) {
      const { result, ms } = await timed(() => currentWeather(app, `lat=2${i}&lon=20`));
      expectProblem(result, 503);
      expect(Number(result.headers['retry-after'])).toBeGreaterThan(0);
      expect(ms).toBeLessThan(1_000);
    }
    expect(upstream.fake.calls.forecast).toBe(3);
  });

  it('a hanging provider opens it too: the fourth request does not wait for a timeout', async () => {
    const app = await upstream.appWith({ ...BREAKER, UPSTREAM_TIMEOUT_MS: '150' });
    upstream.fake.queue('forecast', { kind: 'hang' }, 3);
    for (let i = 0; i < 3; i++) expectProblem(await currentWeather(app, 'lat=20&lon=20'), 504);
    const { result, ms } = await timed(() => currentWeather(app, 'lat=20&lon=20'));
    expectProblem(result, 503);
    expect(ms).toBeLessThan(1_000);
  });

  it('answers the provider gives for a bad request (a 4xx) do not open it', async () => {
    const app = await upstream.appWith(BREAKER);
    upstream.fake.queue('forecast', { kind: 'status', status: 400 }, 5);
    for (let i = 0; i < 5; i++) expectProblem(await currentWeather(app, 'lat=20&lon=20'), 502);
    expect((await currentWeather(app, 'lat=20&lon=20')).statusCode).toBe(200);
    expect(upstream.fake.calls.forecast).toBe(6);
  });

  it('closes again after a successful half-open trial', async () => {
    const app = await upstream.appWith(BREAKER);
    upstream.fake.queue('forecast', { kind: 'status', status: 503 }, 3);
    for (let i = 0; i < 3; i++) await currentWeather(app, 'lat=20&lon=20');
    expectProblem(await currentWeather(app, 'lat=21&lon=21'), 503);

    await sleep(350);
    expect((await currentWeather(app, 'lat=22&lon=22')).statusCode).toBe(200); // the trial
    expect((await currentWeather(app, 'lat=23&lon=23')).statusCode).toBe(200); // closed again
    expect(upstream.fake.calls.forecast).toBe(5);
  });

  it('a failed half-open trial opens it again for another cool-down', async () => {
    const app = await upstream.appWith(BREAKER);
    upstream.fake.queue('forecast', { kind: 'status', status: 503 }, 4);
    for (let i = 0; i < 3; i++) await currentWeather(app, 'lat=20&lon=20');
    await sleep(350);
    expectProblem(await currentWeather(app, 'lat=20&lon=20'), 502); // the trial fails
    expectProblem(await currentWeather(app, 'lat=20&lon=20'), 503); // open again, no call
    expect(upstream.fake.calls.forecast).toBe(4);
    await sleep(350);
    expect((await currentWeather(app, 'lat=20&lon=20')).statusCode).toBe(200);
  });

  it('half-open lets one trial through: requests arriving during it fail fast', async () => {
    const app = await upstream.appWith({ ...BREAKER, UPSTREAM_TIMEOUT_MS: '2000', UPSTREAM_DEADLINE_MS: '3000' });
    upstream.fake.queue('forecast', { kind: 'status', status: 503 }, 3);
    for (let i = 0; i < 3; i++) await currentWeather(app, 'lat=20&lon=20');
    await sleep(350);
    upstream.fake.queue('forecast', { kind: 'slow', delayMs: 300 });
    const trial = currentWeather(app, 'lat=30&lon=30');
    await sleep(50);
    const during = await Promise.all([1, 2, 3].map((i) => currentWeather(app, `lat=3${i}&lon=30`)));
    expect(during.map((response) => response.statusCode)).toEqual([503, 503, 503]);
    expect((await trial).statusCode).toBe(200);
    expect(upstream.fake.calls.forecast).toBe(4);
  });

  it('each upstream has its own breaker: a failing geocoder does not stop forecasts by coordinates', async () => {
    const app = await upstream.appWith(BREAKER);
    upstream.fake.queue('geocoding', { kind: 'status', status: 503 }, 3);
    for (let i = 0; i < 3; i++) await currentWeather(app, 'city=Berlin');
    expectProblem(await currentWeather(app, 'city=Berlin'), 503);
    expect((await currentWeather(app, 'lat=52.52&lon=13.41')).statusCode).toBe(200);
  });
});
