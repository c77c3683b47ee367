/**
 * Exercise 03: answers that are well-formed JSON of the right shape, but whose VALUES are broken:
 * out of any physical range, dates that do not exist, numbers JavaScript cannot hold, bytes no
 * database stores, columns that do not line up. All the provider's fault: a 502, never a 500,
 * never passed on to our client as if it were weather.
 */
import { describe, expect, it } from 'vitest';
import { currentWeather, expectProblem, fakeAndAppPerTest, forecast } from '../helpers/weather.js';

const upstream = fakeAndAppPerTest();
const ONE_ATTEMPT = { UPSTREAM_MAX_ATTEMPTS: '1' };

const current = (values: Record<string, unknown>) => ({
  timezone: 'Europe/Berlin',
  current: {
    time: 1_800_000_000,
    temperature_2m: 12,
    wind_speed_10m: 5,
    wind_direction_10m: 90,
    weather_code: 1,
    ...values,
  },
});
const daily = (time: string[], columns: Record<string, unknown[]> = {}) => ({
  timezone: 'Europe/Berlin',
  daily: {
    time,
    weather_code: time.map(() => 1),
    temperature_2m_max: time.map(() => 20),
    temperature_2m_min: time.map(() => 10),
    precipitation_sum: time.map(() => 0),
    ...columns,
  },
});
const place = (values: Record<string, unknown>) => ({
  results: [
    {
      id: 2950159,
      name: 'Berlin',
      latitude: 52.52,
      longitude: 13.41,
      country: 'Germany',
      timezone: 'Europe/Berlin',
      ...values,
    },
  ],
});

describe('current weather values out of bounds', () => {
  it.each([
    ['an observation time of 1e300', current({ time: 1e300 })],
    ['a time before 1970', current({ time: -1 })],
    ['a fractional time', current({ time: 1_800_000_000.5 })],
    ['a temperature of 1e300 °C', current({ temperature_2m: 1e300 })],
    ['a temperature of -300 °C', current({ temperature_2m: -300 })],
    ['a negative wind speed', current({ wind_speed_10m: -5 })],
    ['a wind from 720°', current({ wind_direction_10m: 720 })],
    ['a weather code of 100', current({ weather_code: 100 })],
    ['a fractional weather code', current({ weather_code: 1.5 })],
    ['a time zone with spaces and quotes', { ...current({}), timezone: 'Europe/Berlin" or 1=1' }],
    ['a time zone of 200 characters', { ...current({}), timezone: 'A'.repeat(200) }],
  ])('%s is a 502', async (_name, body) => {
    const app = await upstream.appWith(ONE_ATTEMPT);
    upstream.fake.queue('forecast', { kind: 'answer', body });
    const response = await currentWeather(app, 'lat=10&lon=10');
    expectProblem(response, 502);
    expect(response.json().detail).toMatch(/answer we cannot use/);
  });

  it('values at the edges of the ranges are weather', async () => {
    const app = await upstream.appWith(ONE_ATTEMPT);
    upstream.fake.queue('forecast', {
      kind: 'answer',
      body: current({ temperature_2m: -89.2, wind_speed_10m: 0, wind_direction_10m: 360, weather_code: 99, time: 0 }),
    });
    const response = await currentWeather(app, 'lat=10&lon=10');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      temperatureC: -89.2,
      windDirectionDeg: 360,
      observedAt: '1970-01-01T00:00:00.000Z',
    });
  });
});

describe('forecast values out of bounds', () => {
  it.each([['9999-99-99'], ['2030-02-30'], ['tomorrow'], ['2030-01-01T00:00']])(
    'a day dated %s is a 502',
    async (date) => {
      const app = await upstream.appWith(ONE_ATTEMPT);
      upstream.fake.queue('forecast', { kind: 'answer', body: daily(['2030-01-01', date]) });
      expectProblem(await forecast(app, 'lat=10&lon=10'), 502);
    },
  );

  it('columns of different lengths are a 502', async () => {
    const app = await upstream.appWith(ONE_ATTEMPT);
    upstream.fake.queue('forecast', {
      kind: 'answer',
      body: daily(['2030-01-01', '2030-01-02', '2030-01-03'], { temperature_2m_max: [20, 21] }),
    });
    expectProblem(await forecast(app, 'lat=10&lon=10'), 502);
  });

  it('more than 16 days is a 502', async () => {
    const app = await upstream.appWith(ONE_ATTEMPT);
    const days = Array.from({ length: 17 }, (_, i) => `2030-01-${String(i + 1).padStart(2, '0')}`);
    upstream.fake.queue('forecast', { kind: 'answer', body: daily(days) });
    expectProblem(await forecast(app, 'lat=10&lon=10'), 502);
  });

  it('a negative precipitation is a 502', async () => {
    const app = await upstream.appWith(ONE_ATTEMPT);
    upstream.fake.queue('forecast', { kind: 'answer', body: daily(['2030-01-01'], { precipitation_sum: [-1] }) });
    expectProblem(await forecast(app, 'lat=10&lon=10'), 502);
  });

  it('missing values (null) in a day are passed on as null, not refused', async () => {
    const app = await upstream.appWith(ONE_ATTEMPT);
    upstream.fake.queue('forecast', {
      kind: 'answer',
      body: daily(['2030-01-01'], {
        weather_code: [null],
        temperature_2m_max: [null],
        temperature_2m_min: [null],
        precipitation_sum: [null],
      }),
    });
    const response = await forecast(app, 'lat=10&lon=10&days=1');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().days[0]).toEqual({
      date: '2030-01-01',
      temperatureMinC: null,
      temperatureMaxC: null,
      precipitationMm: null,
      weatherCode: null,
      weatherText: null,
    });
  });
});

describe('places out of bounds', () => {
  it.each([
    ['a NUL byte in the name', place({ name: 'Ber\u0000lin' })],
    ['an escape character in the name', place({ name: 'Ber\u001blin' })],
    ['a name of 201 characters', place({ name: 'B'.repeat(201) })],
    ['an empty name', place({ name: '' })],
    ['an id a JavaScript number cannot hold exactly (2^53)', place({ id: 2 ** 53 })],
    ['an id of 0', place({ id: 0 })],
    ['a fractional id', place({ id: 1.5 })],
    ['a latitude of 91', place({ latitude: 91 })],
    ['a longitude of -181', place({ longitude: -181 })],
    ['a country with a control character', place({ country: 'Germ\u0007any' })],
  ])('%s is a 502, not the client’s 400 and not a 500', async (_name, body) => {
    const app = await upstream.appWith(ONE_ATTEMPT);
    upstream.fake.queue('geocoding', { kind: 'answer', body });
    expectProblem(await currentWeather(app, 'city=Berlin'), 502);
    expect(upstream.fake.calls.forecast).toBe(0);
  });

  it('fields we do not read may be added by the provider without breaking us', async () => {
    const app = await upstream.appWith(ONE_ATTEMPT);
    upstream.fake.queue('geocoding', { kind: 'answer', body: place({ population: 3_500_000, admin1: 'Berlin' }) });
    expect((await currentWeather(app, 'city=Berlin')).statusCode).toBe(200);
  });

  it('a place without a country is a place', async () => {
    const app = await upstream.appWith(ONE_ATTEMPT);
    const { country: _country, ...withoutCountry } = place({}).results[0] ?? {};
    upstream.fake.queue('geocoding', { kind: 'answer', body: { results: [withoutCountry] } });
    const response = await currentWeather(app, 'city=Berlin');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().location.country).toBeNull();
  });
});
