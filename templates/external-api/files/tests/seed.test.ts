/** `npm run db:seed`'s data: sample places and example lookups, and a second run changes nothing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../src/seed.js';
import { buildTestApp, type TestApp } from './helpers/test-app.js';

let app: TestApp;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

const counts = async () =>
  (
    await app.db.query<{ locations: number; lookups: number }>(
      'SELECT (SELECT count(*)::integer FROM locations) AS locations, (SELECT count(*)::integer FROM lookups) AS lookups',
    )
  )[0];

describe('the seed', () => {
  it('saves the sample places and example lookups, and running it again changes nothing', async () => {
    expect(await seed(app.db)).toMatchObject({ addedLookups: true });
    const first = await counts();
    expect(first?.locations).toBeGreaterThan(0);
    expect(first?.lookups).toBeGreaterThan(0);

    expect(await seed(app.db)).toMatchObject({ addedLookups: false });
    expect(await counts()).toEqual(first);

    const top = await app.inject({ method: 'GET', url: '/v1/stats/top-cities' });
    expect(top.statusCode).toBe(200);
    expect(top.json().items.length).toBeGreaterThan(0);
  });
});
