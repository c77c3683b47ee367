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
import { healthRoutes } from './health/health-routes.js';
import { ProblemSchema } from './http/problem.js';
import { validatorCompiler } from './http/validation.js';
import { loggerOptions, requestIdOf } from './logger.js';
import { errorHandling } from './plugins/errors.js';
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
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('config', config);
  app.decorate('db', db);
  app.decorate('redis', redis);

  app.setValidatorCompiler(validatorCompiler);
  // Fastify accepts text/plain bodies out of the box; this API speaks JSON only, so anything
  // else is a 415 instead of a confusing 400.
  app.removeContentTypeParser(['text/plain']);
  app.addSchema(ProblemSchema);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // Graceful shutdown: `close()` stops accepting connections and closes idle keep-alive sockets,
  // but a request still running at that moment would leave its socket open for keep-alive
  // reuse, holding the shutdown open until the keep-alive timeout. Those responses close it.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
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
