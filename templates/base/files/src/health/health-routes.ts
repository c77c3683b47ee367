/**
 * Liveness and readiness, for orchestrators and load balancers:
 * `/healthz` says the process runs (restart it if not); `/readyz` says it can serve traffic
 * (stop sending requests while a dependency is down, but do not restart it).
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';

const HealthSchema = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  /** the running build (the commit SHA in an image from CI): a deploy job waits until it changes */
  version: Type.Optional(Type.String({ maxLength: 200 })),
  checks: Type.Optional(Type.Record(Type.String(), Type.Union([Type.Literal('ok'), Type.Literal('failing')]))),
});

/** The paths orchestrators probe; they answer even while the server shuts down. */
export const PROBES = new Set(['/healthz', '/readyz']);

export async function healthRoutes(app: FastifyInstance) {
  app.get(
    '/healthz',
    {
      schema: { tags: ['health'], summary: 'The process is alive', response: { 200: HealthSchema } },
      logLevel: 'warn',
      // Orchestrators probe these every few seconds; they must never be throttled.
      config: { rateLimit: false },
    },
    async () => ({ status: 'ok' as const, version: app.config.version }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        summary: 'The database (and Redis, when configured) can be reached',
        response: { 200: HealthSchema, 503: HealthSchema },
      },
      logLevel: 'warn',
      config: { rateLimit: false },
    },
    async (_request, reply) => {
      const checks: Record<string, 'ok' | 'failing'> = { database: (await app.db.ping()) ? 'ok' : 'failing' };
      if (app.redis) checks.redis = (await pingRedis(app)) ? 'ok' : 'failing';
      const ready = Object.values(checks).every((check) => check === 'ok');
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ok' : 'unavailable', checks });
    },
  );
}

async function pingRedis(app: FastifyInstance): Promise<boolean> {
  try {
    return (await app.redis?.ping()) === 'PONG';
  } catch {
    return false;
  }
}
