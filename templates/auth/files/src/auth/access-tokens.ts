/**
 * Access tokens are short-lived JWTs (RFC 7519) signed with HS256. A valid one proves who the
 * caller is without a database lookup; the price is that it stays valid until it expires, which
 * is why it lives minutes, not days (refresh tokens cover the rest, see refresh-tokens.ts).
 */
import { webcrypto } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { Config } from '../config.js';
import { unauthorized } from '../http/problem.js';

type AuthConfig = Pick<Config['auth'], 'jwtSecret' | 'issuer' | 'audience' | 'accessTokenTtlSeconds'>;

export interface AuthenticatedUser {
  id: string;
  email: string;
}

/**
 * The only algorithm accepted. Without an allow-list a token could pick its own algorithm in
 * its header: `none` (no signature at all) or RS256 with our secret used as a public key.
 */
const ALGORITHMS = ['HS256'];

/**
 * The HMAC key, imported into WebCrypto once per auth configuration (an app has one; tests
 * build many). Handing jose the raw secret instead would import it again on every request.
 */
const keys = new WeakMap<AuthConfig, Promise<webcrypto.CryptoKey>>();

function keyOf(config: AuthConfig): Promise<webcrypto.CryptoKey> {
  let key = keys.get(config);
  if (!key) {
    const secret = new TextEncoder().encode(config.jwtSecret);
    key = webcrypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    keys.set(config, key);
  }
  return key;
}

export async function signAccessToken(user: AuthenticatedUser, config: AuthConfig): Promise<string> {
  return new SignJWT({ email: user.email })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(user.id)
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setIssuedAt()
    .setExpirationTime(`${config.accessTokenTtlSeconds}s`)
    .sign(await keyOf(config));
}

/** Returns the user a token was issued to, or throws a 401 problem saying what to do. */
export async function verifyAccessToken(token: string, config: AuthConfig): Promise<AuthenticatedUser> {
  try {
    const { payload } = await jwtVerify(token, await keyOf(config), {
      algorithms: ALGORITHMS,
      issuer: config.issuer,
      audience: config.audience,
      requiredClaims: ['exp', 'iat', 'sub', 'iss', 'aud'],
    });
    if (typeof payload.sub !== 'string' || typeof payload.email !== 'string') {
      throw new errors.JWTClaimValidationFailed('unexpected claims', payload);
    }
    return { id: payload.sub, email: payload.email };
  } catch (error) {
    if (error instanceof errors.JWTExpired) {
      throw unauthorized('The access token has expired. Get a new one with POST /v1/auth/refresh.');
    }
    if (error instanceof errors.JOSEError) {
      throw unauthorized('The access token is not valid. Log in again with POST /v1/auth/login.');
    }
    throw error;
  }
}
