/**
 * Builds the Fastify app from three kinds of parts: third-party wiring (plugins/), the app's own
 * services (database, Redis), and routes. `server.ts` starts it; tests build it with a fresh
 * database and call it through `app.inject`, without opening a port.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import type { Redis } from 'ioredis';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { healthRoutes, PROBES } from './health/health-routes.js';
import { HttpProblem, ProblemSchema } from './http/problem.js';
import { validatorCompiler } from './http/validation.js';
import { loggerOptions, requestIdOf } from './logger.js';
import { clientErrorHandler, errorHandling, frameworkErrors } from './plugins/errors.js';
import { openApi } from './plugins/openapi.js';
import { rateLimiting } from './plugins/rate-limit.js';
import { security } from './plugins/security.js';
import { apiDocs, apiRoutes } from './routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    db: Database;
    redis: Redis | null;
  }
}

export interface AppDependencies {
  config: Config;
  db: Database;
  redis?: Redis | null;
}

export async function buildApp({ config, db, redis = null }: AppDependencies) {
  const app = Fastify({
    logger: loggerOptions(config),
    genReqId: requestIdOf,
    bodyLimit: config.server.bodyLimitBytes,
    // Trust exactly as many proxy hops as are configured, so clients cannot spoof their IP.
    trustProxy: (_address, hop) => hop < config.server.trustProxyHops,
    // Keep-alive sockets would hold a graceful shutdown open; see server.ts.
    forceCloseConnections: 'idle',
    return503OnClosing: false,
    // A client that sends its request slowly (or never finishes it) must not hold a connection
    // open forever: after these times it gets a 408 and the connection is closed.
    requestTimeout: config.server.requestTimeoutMs,
    keepAliveTimeout: config.server.keepAliveTimeoutMs,
    // Node checks the two timeouts above every `connectionsCheckingInterval` (30 s by default).
    http: { headersTimeout: config.server.headersTimeoutMs, connectionsCheckingInterval: 1_000 },
    // Errors raised before a route runs are problem+json like every other error.
    frameworkErrors,
    clientErrorHandler,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('config', config);
  app.decorate('db', db);
  app.decorate('redis', redis);
  // ioredis reports each failed reconnection as an 'error' event (printed when nobody listens).
  // Redis is optional: the rate limiter warns once when it goes away and /readyz reports it, so
  // here the details go to the debug level only.
  redis?.on('error', (error) => app.log.debug({ err: error }, 'Redis connection error'));

  app.setValidatorCompiler(validatorCompiler);
  // Fastify accepts text/plain bodies out of the box; this API speaks JSON only, so anything
  // else is a 415 instead of a confusing 400.
  app.removeContentTypeParser(['text/plain']);
  app.addSchema(ProblemSchema);
  // Graceful shutdown: `close()` stops accepting connections and closes idle keep-alive sockets,
  // but a request still running at that moment would leave its socket open for keep-alive
  // reuse, holding the shutdown open until the keep-alive timeout. Those responses close it.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // A request that still arrives on an open connection while the server drains is turned
    // away like every other error (problem+json, Retry-After) instead of with Fastify's own
    // plain-JSON 503 (`return503OnClosing: false` above): the client retries, and a load
    // balancer sends it to another instance. The probes keep answering for themselves.
    if (closing && !PROBES.has(request.routeOptions.url ?? '')) {
      throw new HttpProblem(503, 'This instance is shutting down. Send the request again.', {
        headers: { 'retry-after': '1' },
      });
    }
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });

  await app.register(errorHandling);
  await app.register(security, { corsOrigins: config.corsOrigins });
  await app.register(rateLimiting, { perMinute: config.rateLimit.perMinute, redis: redis ?? undefined });
  await app.register(openApi, apiDocs);

  await app.register(healthRoutes);
  await app.register(apiRoutes, { prefix: '/v1' });

  return app;
}
