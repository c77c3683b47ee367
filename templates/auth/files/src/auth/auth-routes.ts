/**
 * Accounts and sessions. Registration, login, refresh and logout are public (they are how a
 * client gets a token); `/me` is protected like everything else under `/v1`.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '../http/schemas.js';
import {
  LoginBodySchema,
  normalizeEmail,
  RefreshTokenBodySchema,
  RegisterBodySchema,
  TokenPairSchema,
  UserSchema,
} from './auth-schemas.js';
import { getCurrentUser, logIn, logOut, refreshTokens, registerUser } from './auth-service.js';
import { loginRateLimit } from './login-rate-limit.js';

export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const config = app.config.auth;
  const loginLimit = loginRateLimit(app, config);

  // Tokens and account details must never be stored by a browser or a proxy cache (RFC 6749 §5.1).
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  app.post(
    '/auth/register',
    {
      config: { public: true },
      preValidation: normalizeEmail,
      schema: {
        tags: ['auth'],
        summary: 'Create an account',
        security: [],
        body: RegisterBodySchema,
        response: { 201: UserSchema, ...problemResponses(400, 409) },
      },
    },
    async (request, reply) => {
      const user = await registerUser(app.db, request.body, config);
      return reply.code(201).header('location', '/v1/me').send(user);
    },
  );

  app.post(
    '/auth/login',
    {
      // Its own limits per client and account, and the global one per address (login-rate-limit.ts).
      config: { public: true, rateLimit: loginLimit.rateLimit },
      onRequest: loginLimit.onRequest,
      preValidation: normalizeEmail,
      schema: {
        tags: ['auth'],
        summary: 'Exchange email and password for an access token and a refresh token',
        security: [],
        body: LoginBodySchema,
        response: { 200: TokenPairSchema, ...problemResponses(400, 401, 429) },
      },
    },
    async (request) => logIn(app.db, request.body, config),
  );

  app.post(
    '/auth/refresh',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Spend a refresh token for a new token pair (the old refresh token stops working)',
        security: [],
        body: RefreshTokenBodySchema,
        response: { 200: TokenPairSchema, ...problemResponses(400, 401) },
      },
    },
    async (request) => refreshTokens(app.db, request.body.refreshToken, config),
  );

  app.post(
    '/auth/logout',
    {
      // Public: the refresh token itself proves the session, and an expired access token must
      // not stop anyone from logging out.
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'End the session of a login: its refresh tokens stop working (access tokens run out on their own)',
        security: [],
        body: RefreshTokenBodySchema,
        response: { 204: Type.Null(), ...problemResponses(400) },
      },
    },
    async (request, reply) => {
      await logOut(app.db, request.body.refreshToken);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The account the access token belongs to',
        response: { 200: UserSchema, ...problemResponses(401) },
      },
    },
    async (request) => getCurrentUser(app.db, request.user.id),
  );
};
