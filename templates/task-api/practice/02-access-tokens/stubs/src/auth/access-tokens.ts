/**
 * Exercise 02 "access-tokens" — .practice/exercises/02-access-tokens.md
 *
 * Access tokens are short-lived JWTs (RFC 7519) signed with HS256, made with `jose`. Login calls
 * `signAccessToken`; every protected route calls `verifyAccessToken` (see authentication-plugin.ts).
 * Keep the exported names and signatures. Until this file is written, logging in and every
 * protected route answer 501.
 */
import type { Config } from '../config.js';
import { HttpProblem } from '../http/problem.js';

type AuthConfig = Pick<Config['auth'], 'jwtSecret' | 'issuer' | 'audience' | 'accessTokenTtlSeconds'>;

export interface AuthenticatedUser {
  id: string;
  email: string;
}

const notDone = () =>
  new HttpProblem(501, 'Exercise 02 "access-tokens" is not done yet: open src/auth/access-tokens.ts', {
    title: 'Not Implemented',
  });

/**
 * A JWT for `user`: subject = the user's id, an `email` claim, our issuer and audience, issued
 * now, expiring after `config.accessTokenTtlSeconds`, signed with HS256 and `config.jwtSecret`.
 */
export async function signAccessToken(_user: AuthenticatedUser, _config: AuthConfig): Promise<string> {
  throw notDone();
}

/**
 * The user a token was issued to, or a 401 problem (`unauthorized(...)` from http/problem.ts):
 * one saying the token expired, one saying it is not valid for every other reason.
 */
export async function verifyAccessToken(_token: string, _config: AuthConfig): Promise<AuthenticatedUser> {
  throw notDone();
}
