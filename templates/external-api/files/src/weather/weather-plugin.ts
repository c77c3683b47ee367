/**
 * Makes the upstream clients and their cache available to routes as `app.weatherUpstream`:
 * built once per app, so every request shares the cache and the circuit breakers.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { buildWeatherUpstream, type WeatherUpstream } from './weather-service.js';

declare module 'fastify' {
  interface FastifyInstance {
    weatherUpstream: WeatherUpstream;
  }
}

export const weatherUpstream = fp(
  async (app: FastifyInstance) => {
    app.decorate(
      'weatherUpstream',
      buildWeatherUpstream({ config: app.config.upstream, redis: app.redis, log: app.log }),
    );
  },
  { name: 'weather-upstream' },
);
