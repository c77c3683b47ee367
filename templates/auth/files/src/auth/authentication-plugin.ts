/**
 * Deny by default: every route in the scope where this plugin is registered (all of `/v1`)
 * needs a valid access token, unless the route itself says `config: { public: true }`. A new
 * route is therefore protected without anyone remembering to protect it, and
 * tests/routes/protected-routes.test.ts checks that for the whole route table.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { unauthorized } from '../http/problem.js';
import { type AuthenticatedUser, verifyAccessToken } from './access-tokens.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without an access token (login, registration, public catalogue pages). */
    public?: boolean;
  }
  interface FastifyRequest {
    /** The caller, on every route that is not public. */
    user: AuthenticatedUser;
  }
}

export const authentication = fp(
  async (app: FastifyInstance) => {
    app.decorateRequest('user', null as unknown as AuthenticatedUser);

    app.addHook('onRequest', async (request) => {
      if (request.routeOptions.config.public) return;
      request.user = await verifyAccessToken(bearerTokenOf(request), app.config.auth);
    });
  },
  { name: 'authentication' },
);

function bearerTokenOf(request: FastifyRequest): string {
  const [scheme, token, ...rest] = (request.headers.authorization ?? '').split(' ');
  if (scheme?.toLowerCase() !== 'bearer' || !token || rest.length > 0) {
    throw unauthorized(
      'This route needs `Authorization: Bearer <access token>`. Get a token with POST /v1/auth/login.',
    );
  }
  return token;
}
