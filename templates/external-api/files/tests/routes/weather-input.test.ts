/**
 * Exercise 01: what a caller may send. Bad input is a 400 problem naming the field and never
 * reaches the provider; every reasonable place name and coordinate gets through.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/test-app.js';
import { buildWeatherApp, type FakeOpenMeteo, startFakeOpenMeteo } from '../helpers/weather.js';

let fake: FakeOpenMeteo;
let app: TestApp;
beforeAll(async () => {
  fake = await startFakeOpenMeteo();
  app = await buildWeatherApp(fake);
});
afterAll(async () => {
  await app.close();
  await fake.close();
});
beforeEach(() => fake.reset());

const get = (path: string) => app.inject({ method: 'GET', url: `/v1/weather/${path}` });

describe('bad input is a 400 problem and never reaches the provider', () => {
  it.each([
    ['an empty city', 'current?city='],
    ['a city of spaces only', 'current?city=%20%20%20'],
    ['a city of digits and punctuation only', 'current?city=12345%20-%20!'],
    ['a city over 100 characters', `current?city=${'a'.repeat(101)}`],
    ['a city with a NUL byte', 'current?city=Ber%00lin'],
    ['a city with a line break', 'current?city=Ber%0Alin'],
    ['a city with an escape character', 'current?city=Ber%1Blin'],
    ['a city with a DEL character', 'current?city=Ber%7Flin'],
    ['a latitude above 90', 'current?lat=90.5&lon=0'],
    ['a latitude below -90', 'current?lat=-91&lon=0'],
    ['a longitude above 180', 'current?lat=0&lon=180.1'],
    ['a longitude below -180', 'forecast?lat=0&lon=-180.5'],
    ['a latitude that is not a number', 'current?lat=north&lon=0'],
    ['an infinite latitude', 'current?lat=Infinity&lon=0'],
    ['a latitude that overflows to infinity', 'current?lat=1e400&lon=0'],
    ['an infinite longitude', 'forecast?lat=0&lon=-Infinity'],
    ['infinitely many days', 'forecast?city=Berlin&days=Infinity'],
    // Lowercased, 60 × İ is 120 characters: the limit holds for the normalized name.
    ['a city over 100 characters once lowercased', `current?city=${encodeURIComponent('İ'.repeat(60))}`],
    ['a latitude without a longitude', 'current?lat=10'],
    ['a longitude without a latitude', 'forecast?lon=10'],
    ['neither city nor coordinates', 'current'],
    ['both city and coordinates', 'current?city=Berlin&lat=1&lon=2'],
    ['a city and a latitude', 'forecast?city=Berlin&lat=1'],
    ['0 forecast days', 'forecast?city=Berlin&days=0'],
    ['8 forecast days', 'forecast?city=Berlin&days=8'],
    ['a fractional number of days', 'forecast?city=Berlin&days=2.5'],
  ])('%s', async (_case, path) => {
    const response = await get(path);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status: 400, errors: [{ field: expect.stringMatching(/^\//) }] });
    expect(fake.calls).toEqual({ geocoding: 0, forecast: 0 });
  });

  it('names the field that is wrong', async () => {
    const fieldOf = async (path: string) => (await get(path)).json().errors?.[0]?.field;
    expect(await fieldOf('current?lat=95&lon=0')).toBe('/lat');
    expect(await fieldOf('current?lat=0&lon=200')).toBe('/lon');
    expect(await fieldOf('current?lat=10')).toBe('/lon');
    expect(await fieldOf('forecast?city=Berlin&days=9')).toBe('/days');
    expect(await fieldOf('current?city=%20')).toBe('/city');
  });
});

describe('every reasonable place and coordinate gets through', () => {
  it.each([
    ['a name with an apostrophe and a hyphen', `current?city=${encodeURIComponent("Val-d'Or")}`],
    ['a name with accents', `current?city=${encodeURIComponent('São Paulo')}`],
    ['a name in another script', `current?city=${encodeURIComponent('東京')}`],
    ['a name with digits and a dot', `current?city=${encodeURIComponent('St. Petersburg 2')}`],
    ['a name of exactly 100 characters', `current?city=${'a'.repeat(100)}`],
    ['a name of 50 × İ (100 characters once lowercased)', `current?city=${encodeURIComponent('İ'.repeat(50))}`],
    ['the north pole', 'current?lat=90&lon=0'],
    ['the south pole on the date line', 'current?lat=-90&lon=-180'],
    ['the antimeridian', 'forecast?lat=0&lon=180&days=1'],
    ['a forecast of 7 days', 'forecast?lat=10&lon=10&days=7'],
    ['a forecast without days (7 by default)', 'forecast?lat=10&lon=10'],
  ])('%s', async (_case, path) => {
    const response = await get(path);
    // Whatever the later exercises answer (a 501 until the provider is called), never a 400.
    expect(response.statusCode, response.body).not.toBe(400);
  });
});
