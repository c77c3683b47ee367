/**
 * The OpenAPI 3.1 document is generated from the route schemas, so it cannot drift from what
 * the API validates. `/openapi.json` serves it; `/docs` renders it for people.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export const openApi = fp(
  async (app: FastifyInstance, options: { title: string; description: string; bearerAuth: boolean }) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: { title: options.title, description: options.description, version: '1.0.0' },
        // Relative: the document describes whichever host serves it (local, staging, production).
        servers: [{ url: '/', description: 'The server that serves this document' }],
        ...(options.bearerAuth
          ? {
              components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
              security: [{ bearerAuth: [] }],
            }
          : { security: [] }),
      },
      // With bearer auth, operations that need no token say so (`security: []`) instead of
      // inheriting the document's requirement: everything outside /v1 (health, docs) and the
      // routes that declare `config: { public: true }`.
      ...(options.bearerAuth
        ? {
            transform: ({ schema, url, route }) => {
              const isPublic = !url.startsWith('/v1/') || (route.config as { public?: boolean } | undefined)?.public;
              return { schema: isPublic ? { ...schema, security: [] } : schema, url };
            },
          }
        : {}),
      // Shared schemas (added with `app.addSchema`) keep their `$id` as their component name.
      refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });

    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
);
