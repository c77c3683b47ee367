/** The API under `/v1`: weather from Open-Meteo, and statistics over what people asked for. */
import type { FastifyInstance } from 'fastify';
import { statsRoutes } from './stats/stats-routes.js';
import { weatherUpstream } from './weather/weather-plugin.js';
import { weatherRoutes } from './weather/weather-routes.js';

export const apiDocs = {
  title: 'Weather API',
  description:
    'Current weather and forecasts by city or coordinates, over Open-Meteo, with caching, retries and a circuit ' +
    'breaker. Weather data by Open-Meteo.com (CC BY 4.0).',
  bearerAuth: false,
};

export async function apiRoutes(app: FastifyInstance) {
  await app.register(weatherUpstream);
  await app.register(weatherRoutes, { prefix: '/weather' });
  await app.register(statsRoutes, { prefix: '/stats' });
}
