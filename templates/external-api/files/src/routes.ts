/**
 * The API under `/v1`: weather from Open-Meteo, and statistics over what people asked for.
 * The weather service is built here, once, from the config, the database and Redis (when
 * configured), and handed to the routes that use it.
 */
import type { FastifyInstance } from 'fastify';
import { statsRoutes } from './stats/stats-routes.js';
import { weatherRoutes } from './weather/weather-routes.js';
import { buildWeatherService } from './weather/weather-service.js';

export const apiDocs = {
  title: 'Weather API',
  description:
    'Current weather and forecasts by city or coordinates, over Open-Meteo, with caching, retries and a circuit ' +
    'breaker. Weather data by Open-Meteo.com (CC BY 4.0).',
  bearerAuth: false,
};

export async function apiRoutes(app: FastifyInstance) {
  const weather = buildWeatherService({ config: app.config.upstream, db: app.db, redis: app.redis, log: app.log });
  await app.register(weatherRoutes, { prefix: '/weather', weather });
  await app.register(statsRoutes, { prefix: '/stats' });
}
