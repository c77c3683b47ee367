/**
 * The main user flow against a live instance: `npm run smoke -- --base-url <url>`. It asks for
 * real weather, so the instance must reach its provider (Open-Meteo, or `npm run dev:fake`).
 */
import { runSmoke } from './smoke-runner.js';

interface Weather {
  location: { name: string | null };
  temperatureC: number;
  attribution: string;
}

await runSmoke(async (api) => {
  await api.step('current weather by city', async () => {
    const weather = await api.request<Weather>('GET', '/v1/weather/current?city=Berlin');
    if (weather.location.name !== 'Berlin') throw new Error(`resolved to ${weather.location.name}`);
    if (typeof weather.temperatureC !== 'number') throw new Error('no temperature');
  });
  await api.step('current weather by coordinates', () => api.request('GET', '/v1/weather/current?lat=48.85&lon=2.35'));
  await api.step('a 3-day forecast', async () => {
    const forecast = await api.request<{ days: unknown[] }>('GET', '/v1/weather/forecast?city=Berlin&days=3');
    if (forecast.days.length !== 3) throw new Error(`${forecast.days.length} days`);
  });
  await api.step('an unknown city is a 404', () =>
    api.request('GET', '/v1/weather/current?city=Nowhereville%20Xq', { expect: 404 }),
  );
  await api.step('invalid input is a 400', () =>
    api.request('GET', '/v1/weather/current?lat=91&lon=0', { expect: 400 }),
  );
  await api.step('top cities', () => api.request('GET', '/v1/stats/top-cities?limit=5'));
});
