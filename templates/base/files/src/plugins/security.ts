/** Security headers (helmet) and the CORS allow-list. */
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export const security = fp(async (app: FastifyInstance, options: { corsOrigins: string[] }) => {
  await app.register(helmet, {
    // The interactive docs page (/docs) loads its own script and styles from this server only.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
      },
    },
  });
  // An explicit allow-list: `*` with credentials would let any site act as a logged-in user.
  // With no origins configured, browsers on other origins are refused (same-origin only).
  await app.register(cors, {
    origin: options.corsOrigins,
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    // Response headers a page's script may read (browsers hide all but a few by default):
    // where a new resource is, the id to quote in a bug report, the rate limit and when to
    // retry, and whether a checkout was replayed (ecommerce's `Idempotency-Key`).
    exposedHeaders: ['location', 'x-request-id', 'ratelimit', 'ratelimit-policy', 'retry-after', 'idempotent-replayed'],
    maxAge: 600,
  });
});
