/**
 * Exercise 04: retries as our client sees them. A transient failure followed by a success is one
 * successful answer; what a retry cannot fix is not retried; a 429's Retry-After is honoured up
 * to UPSTREAM_RETRY_AFTER_MAX_MS and passed on when we give up.
 */
import { describe, expect, it } from 'vitest';
import { currentWeather, expectProblem, fakeAndAppPerTest, timed } from '../helpers/weather.js';

const upstream = fakeAndAppPerTest();

describe('retries', () => {
  it('a 5xx then a success is one successful response, retried', async () => {
    const app = await upstream.appWith();
    upstream.fake.queue('forecast', { kind: 'status', status: 503 });
    const response = await currentWeather(app, 'lat=10&lon=10');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ cached: false, stale: false });
    expect(upstream.fake.calls.forecast).toBe(2);
  });

  it('a reset connection is retried', async () => {
    const app = await upstream.appWith();
    upstream.fake.queue('forecast', { kind: 'reset' });
    expect((await currentWeather(app, 'lat=10&lon=10')).statusCode).toBe(200);
    expect(upstream.fake.calls.forecast).toBe(2);
  });

  it('an attempt slower than its timeout is abandoned and retried', async () => {
    const app = await upstream.appWith({ UPSTREAM_TIMEOUT_MS: '150', UPSTREAM_DEADLINE_MS: '5000' });
    upstream.fake.queue('forecast', { kind: 'slow', delayMs: 4000 });
    const { result, ms } = await timed(() => currentWeather(app, 'lat=10&lon=10'));
    expect(result.statusCode).toBe(200);
    expect(upstream.fake.calls.forecast).toBe(2);
    expect(ms).toBeLessThan(2_500);
  });

  it('the geocoder is retried like the forecast', async () => {
    const app = await upstream.appWith();
    upstream.fake.queue('geocoding', { kind: 'status', status: 500 });
    expect((await currentWeather(app, 'city=Berlin')).statusCode).toBe(200);
    expect(upstream.fake.calls.geocoding).toBe(2);
  });

  it('gives up after UPSTREAM_MAX_ATTEMPTS with a 502', async () => {
    const app = await upstream.appWith({ UPSTREAM_MAX_ATTEMPTS: '3' });
    upstream.fake.queue('forecast', { kind: 'status', status: 500 }, 10);
    expectProblem(await currentWeather(app, 'lat=10&lon=10'), 502);
    expect(upstream.fake.calls.forecast).toBe(3);
  });

  it.each([
    ['a 400', { kind: 'status', status: 400 }],
    ['a 404', { kind: 'status', status: 404 }],
    ['malformed JSON', { kind: 'malformed' }],
    ['JSON of the wrong shape', { kind: 'invalid' }],
    ['a redirect', { kind: 'redirect' }],
  ] as const)('does not retry what a retry cannot fix: %s is a 502 after one call', async (_case, behaviour) => {
    const app = await upstream.appWith();
    upstream.fake.queue('forecast', behaviour, 3);
    expectProblem(await currentWeather(app, 'lat=10&lon=10'), 502);
    expect(upstream.fake.calls.forecast).toBe(1);
  });

  it('never retries past the deadline: a hanging provider is a 504 in time, after at most the attempts that fit', async () => {
    const app = await upstream.appWith({
      UPSTREAM_TIMEOUT_MS: '200',
      UPSTREAM_DEADLINE_MS: '500',
      UPSTREAM_MAX_ATTEMPTS: '10',
    });
    upstream.fake.queue('forecast', { kind: 'hang' }, 20);
    const { result, ms } = await timed(() => currentWeather(app, 'lat=10&lon=10'));
    expectProblem(result, 504);
    expect(ms).toBeLessThan(2_500);
    expect(upstream.fake.calls.forecast).toBeLessThanOrEqual(3);
  });
});

describe('429 and Retry-After', () => {
  it('waits as long as the provider says, then answers', async () => {
    const app = await upstream.appWith({ UPSTREAM_DEADLINE_MS: '3000', UPSTREAM_RETRY_AFTER_MAX_MS: '1500' });
    upstream.fake.queue('forecast', { kind: 'status', status: 429, retryAfter: '1' });
    const { result, ms } = await timed(() => currentWeather(app, 'lat=10&lon=10'));
    expect(result.statusCode).toBe(200);
    expect(upstream.fake.calls.forecast).toBe(2);
    expect(ms).toBeGreaterThanOrEqual(950);
  });

  it('reads Retry-After as an HTTP date too', async () => {
    const app = await upstream.appWith({ UPSTREAM_DEADLINE_MS: '4000', UPSTREAM_RETRY_AFTER_MAX_MS: '3000' });
    const inTwoSeconds = new Date(Math.ceil(Date.now() / 1000) * 1000 + 2000).toUTCString();
    upstream.fake.queue('forecast', { kind: 'status', status: 429, retryAfter: inTwoSeconds });
    const { result, ms } = await timed(() => currentWeather(app, 'lat=10&lon=10'));
    expect(result.statusCode).toBe(200);
    expect(ms).toBeGreaterThanOrEqual(900);
  });

  it('does not wait longer than the cap: a 503 at once, passing the Retry-After on', async () => {
    const app = await upstream.appWith({ UPSTREAM_DEADLINE_MS: '3000', UPSTREAM_RETRY_AFTER_MAX_MS: '500' });
    upstream.fake.queue('forecast', { kind: 'status', status: 429, retryAfter: '2' });
    const { result, ms } = await timed(() => currentWeather(app, 'lat=10&lon=10'));
    expectProblem(result, 503);
    expect(result.headers['retry-after']).toBe('2');
    expect(upstream.fake.calls.forecast).toBe(1);
    expect(ms).toBeLessThan(1_900);
  });

  it('a long Retry-After is passed on to our client as it was', async () => {
    const app = await upstream.appWith({ UPSTREAM_RETRY_AFTER_MAX_MS: '1500' });
    upstream.fake.queue('forecast', { kind: 'status', status: 429, retryAfter: '120' });
    const { result, ms } = await timed(() => currentWeather(app, 'lat=10&lon=10'));
    expectProblem(result, 503);
    expect(result.headers['retry-after']).toBe('120');
    expect(upstream.fake.calls.forecast).toBe(1);
    expect(ms).toBeLessThan(3_000);
  });

  it('a 429 without Retry-After is retried with backoff; in vain, a 503 that still says when to come back', async () => {
    const app = await upstream.appWith({ UPSTREAM_MAX_ATTEMPTS: '2' });
    upstream.fake.queue('forecast', { kind: 'status', status: 429 }, 2);
    const result = await currentWeather(app, 'lat=10&lon=10');
    expectProblem(result, 503);
    expect(result.headers['retry-after']).toBe('30');
    expect(upstream.fake.calls.forecast).toBe(2);
  });
});
