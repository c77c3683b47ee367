/**
 * Current weather and forecasts. Each request may cost calls to the provider, so these routes
 * have a stricter rate limit than the rest of the API: the provider's capacity (and its fair-use
 * terms) is shared by all our clients.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { problemResponses } from '../http/schemas.js';
import {
  CurrentWeatherSchema,
  ForecastQuerySchema,
  ForecastSchema,
  LocationQuerySchema,
  toLocationQuery,
} from './weather-schemas.js';
import { getCurrentWeather, getForecast } from './weather-service.js';

export const weatherRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const rateLimit = { max: app.config.upstream.rateLimitPerMinute, timeWindow: '1 minute' };
  // What a client can get when the provider misbehaves (see upstream/upstream-error.ts).
  const upstreamProblems = problemResponses(400, 404, 429, 502, 503, 504);

  app.get(
    '/current',
    {
      config: { rateLimit },
      schema: {
        tags: ['weather'],
        summary: 'The weather now, at a city or at coordinates',
        querystring: LocationQuerySchema,
        response: { 200: CurrentWeatherSchema, ...upstreamProblems },
      },
    },
    async (request) => getCurrentWeather(app.db, app.weatherUpstream, toLocationQuery(request.query)),
  );

  app.get(
    '/forecast',
    {
      config: { rateLimit },
      schema: {
        tags: ['weather'],
        summary: 'Daily minimum and maximum temperature and precipitation, for up to 7 days',
        querystring: ForecastQuerySchema,
        response: { 200: ForecastSchema, ...upstreamProblems },
      },
    },
    async (request) => getForecast(app.db, app.weatherUpstream, toLocationQuery(request.query), request.query.days),
  );
};
