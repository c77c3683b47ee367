/**
 * The calls a frontend makes to external-api, written the natural way against a client generated
 * from the served /openapi.json: no parameters where the server has defaults. Tier 6 type-checks
 * it (the weather routes need the fake upstream, so it does not run in the browser).
 */
import createClient from 'openapi-fetch';
import type { paths } from './schema';

export async function mainFlow(baseUrl: string) {
  const client = createClient<paths>({ baseUrl });
  const current = await client.GET('/v1/weather/current', { params: { query: { city: 'Berlin' } } });
  const forecast = await client.GET('/v1/weather/forecast', { params: { query: { city: 'Berlin' } } });
  const topCities = await client.GET('/v1/stats/top-cities');
  return {
    temperatureC: current.data?.temperatureC,
    days: forecast.data?.days.length,
    places: topCities.data?.items.map((place) => place.name),
    retryAfter: current.response.headers.get('retry-after'),
  };
}
