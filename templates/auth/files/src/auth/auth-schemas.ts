/** Request and response shapes of the auth routes: validation, types and OpenAPI in one place. */
import type { FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { BodyObject, DateTimeSchema, UuidSchema } from '../http/schemas.js';
import { AccountExtrasSchema } from './account-extras.js';

/** RFC 5321 caps an address at 254 characters. */
const EmailSchema = Type.String({ format: 'email', maxLength: 254, examples: ['ada@example.com'] });

export const RegisterBodySchema = BodyObject({
  email: EmailSchema,
  // Length is what makes a password strong (NIST SP 800-63B): at least 12, no composition
  // rules. At most 128 so one request cannot make us hash a megabyte; never truncated.
  password: Type.String({ minLength: 12, maxLength: 128, examples: ['correct horse battery staple'] }),
});

/** No minimum at login: a short password is simply a wrong one, and the rule may change. */
export const LoginBodySchema = BodyObject({
  email: EmailSchema,
  password: Type.String({ minLength: 1, maxLength: 128 }),
});

export const RefreshTokenBodySchema = BodyObject({
  refreshToken: Type.String({ minLength: 1, maxLength: 256 }),
});

export const UserSchema = Type.Object({
  id: UuidSchema,
  email: Type.String({ format: 'email', maxLength: 254 }),
  createdAt: DateTimeSchema,
  ...AccountExtrasSchema.properties,
});
export type User = Static<typeof UserSchema>;

export const TokenPairSchema = Type.Object({
  accessToken: Type.String({
    maxLength: 2048,
    pattern: '^[\\w-]+\\.[\\w-]+\\.[\\w-]+$',
    description: 'JWT for `Authorization: Bearer …`',
  }),
  refreshToken: Type.String({
    maxLength: 256,
    pattern: '^[\\w.-]+$',
    description: 'Single use: POST it to /v1/auth/refresh for a new pair',
  }),
  tokenType: Type.Literal('Bearer'),
  expiresIn: Type.Integer({
    format: 'int32',
    minimum: 60,
    maximum: 3600,
    description: 'Seconds until the access token expires',
  }),
});

/**
 * A `preValidation` hook: trims and lowercases `body.email` before the schema checks its
 * format, so `"  Ada@Example.com "` is the same account as `ada@example.com` (a 409 on
 * registration, a login that works) instead of a 400.
 */
export async function normalizeEmail(request: FastifyRequest) {
  const body = request.body as { email?: unknown } | null;
  if (body && typeof body === 'object' && typeof body.email === 'string') {
    body.email = body.email.trim().toLowerCase();
  }
}
