/**
 * Deny by default, checked over the real route table: every route under /v1 that does not say
 * `config: { public: true }` must refuse a request without a token. A route added tomorrow is
 * covered without anyone writing a test for it.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

const routes: RouteOptions[] = [];
let app: TestApp;

// Fastify announces every new instance on this channel (it is how APM agents hook in), which
// lets the test see each route as it is registered, before `buildApp` returns.
const CHANNEL = 'fastify.initialization';
const collectRoutes = (message: unknown) => {
  (message as { fastify: FastifyInstance }).fastify.addHook('onRoute', (route) => {
    routes.push(route);
  });
};

beforeAll(async () => {
  subscribe(CHANNEL, collectRoutes);
  try {
    app = await buildTestApp();
  } finally {
    unsubscribe(CHANNEL, collectRoutes);
  }
});
afterAll(() => app.close());

const apiRoutes = () => routes.filter((route) => route.url.startsWith('/v1/'));
const isPublic = (route: RouteOptions) => route.config?.public === true;
/** Any well-formed value for a path parameter: the request must be refused before it is looked up. */
const withParams = (url: string) => url.replace(/:\w+/g, '00000000-0000-4000-8000-000000000000');

describe('route protection', () => {
  it('sees the route table', () => {
    expect(apiRoutes().length).toBeGreaterThan(5);
    expect(
      apiRoutes()
        .filter(isPublic)
        .map((route) => route.url),
    ).toContain('/v1/auth/login');
  });

  it('every non-public /v1 route answers 401 without a token', async () => {
    const protectedRoutes = apiRoutes().filter((route) => !isPublic(route));
    expect(protectedRoutes.length).toBeGreaterThan(0);
    for (const route of protectedRoutes) {
      for (const method of [route.method].flat()) {
        const response = await app.inject({
          method,
          url: withParams(route.url),
          payload: method === 'GET' || method === 'HEAD' ? undefined : {},
        });
        expect({ route: `${method} ${route.url}`, status: response.statusCode }).toEqual({
          route: `${method} ${route.url}`,
          status: 401,
        });
      }
    }
  });

  it('the OpenAPI document says which operations need a token, matching the routes', async () => {
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(document.security).toEqual([{ bearerAuth: [] }]);
    for (const route of apiRoutes()) {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      for (const method of [route.method].flat()) {
        if (method === 'HEAD') continue;
        const operation = document.paths[path]?.[method.toLowerCase()];
        expect(operation, `${method} ${path} is documented`).toBeDefined();
        // An operation without its own `security` inherits the document's bearer requirement.
        expect({ route: `${method} ${path}`, needsToken: operation.security === undefined }).toEqual({
          route: `${method} ${path}`,
          needsToken: !isPublic(route),
        });
      }
    }
  });

  it('every non-public /v1 route refuses an invalid token too', async () => {
    for (const route of apiRoutes().filter((candidate) => !isPublic(candidate))) {
      for (const method of [route.method].flat()) {
        const response = await app.inject({
          method,
          url: withParams(route.url),
          headers: { authorization: 'Bearer not.a.token' },
        });
        expect({ route: `${method} ${route.url}`, status: response.statusCode }).toEqual({
          route: `${method} ${route.url}`,
          status: 401,
        });
      }
    }
  });
});
