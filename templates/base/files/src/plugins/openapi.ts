/**
 * The OpenAPI 3.1 document is generated from the route schemas, so it cannot drift from what
 * the API validates. `/openapi.json` serves it; `/docs` renders it for people.
 *
 * Route schemas say what is particular to a route (its body, its success answer, the errors its
 * own code raises). What every route shares — problem+json errors, the statuses the framework
 * answers (validation, body size, media type, rate limit, crashes), the response headers — is
 * added here, once, by `describeSharedBehaviour` (openapi-shared.ts), so no route can forget it.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { noBodyIsEmpty } from '../http/schemas.js';
import { describeSharedBehaviour, type OpenApiDocument, type RouteFacts, routeKey } from './openapi-shared.js';

export interface ApiDocs {
  title: string;
  description: string;
  bearerAuth: boolean;
}

export const openApi = fp(async (app: FastifyInstance, options: ApiDocs) => {
  // What the document cannot see in a route's schema: its rate limit, whether it is public,
  // whether it takes no body as `{}`. Collected as routes are added (this plugin comes first).
  const routes = new Map<string, RouteFacts>();
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      routes.set(routeKey(method, route.url), {
        isPublic:
          !options.bearerAuth ||
          !route.url.startsWith('/v1/') ||
          (route.config as { public?: boolean } | undefined)?.public === true,
        rateLimited: route.config?.rateLimit !== false,
        bodyOptional: [route.preValidation ?? []].flat().includes(noBodyIsEmpty),
      });
    }
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: options.title, description: describeApi(options.description), version: '1.0.0' },
      // Relative: the document describes whichever host serves it (local, staging, production).
      servers: [
        // `x-internal: false`: meant for clients outside the team (OpenAPI tools read the flag).
        {
          url: '/',
          description: 'The server that serves this document: local, staging or production alike',
          ...{ 'x-internal': false },
        },
      ],
      ...(options.bearerAuth
        ? {
            components: {
              securitySchemes: {
                bearerAuth: {
                  type: 'http',
                  scheme: 'bearer',
                  bearerFormat: 'JWT',
                  description:
                    'A short-lived access token from POST /v1/auth/login (HS256 only, issuer, audience and expiry ' +
                    'checked, as RFC8725 recommends). Get a new one with POST /v1/auth/refresh.',
                },
              },
            },
            security: [{ bearerAuth: [] }],
          }
        : { security: [] }),
    },
    // With bearer auth, operations that need no token say so (`security: []`) instead of
    // inheriting the document's requirement: everything outside /v1 (health, docs) and the
    // routes that declare `config: { public: true }`.
    transform: ({ schema, url, route }) => {
      const isPublic = routes.get(routeKey([route.method].flat()[0] ?? 'GET', url))?.isPublic ?? true;
      return { schema: options.bearerAuth && isPublic ? { ...schema, security: [] } : schema, url };
    },
    transformObject: (documentObject) =>
      describeSharedBehaviour((documentObject as { openapiObject: OpenApiDocument }).openapiObject, routes),
    // Shared schemas (added with `app.addSchema`) keep their `$id` as their component name.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
});

/** Answers no operation can document: the HTTP server sends them before a request reaches a route. */
const describeApi = (description: string) =>
  `${description}\n\nA request can be refused before any operation sees it: bytes that are not HTTP, a request ` +
  'not sent in time, headers too large. This server answers those with a problem+json 400, 408 or 431 and closes ' +
  'the connection; a client treats them as errors without relying on their body (servers in other stacks answer ' +
  'them their own way).';
