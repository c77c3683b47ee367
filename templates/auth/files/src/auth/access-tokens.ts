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
 * What this process keeps per auth configuration (an app has one; tests build many):
 * - the HMAC key, imported into WebCrypto once (handing jose the raw bytes would import it
 *   again on every request);
 * - the tokens it has already verified, until they expire. Verifying is an HMAC on WebCrypto's
 *   thread pool, the costliest step of a simple authenticated read; a token cannot change, so
 *   one that verified stays valid until its `exp`, and the cache answers exactly as jose would.
 *   It is bounded (oldest out first), so a flood of distinct tokens cannot grow it for ever.
 */
interface Verifier {
  key: Promise<webcrypto.CryptoKey>;
  verified: Map<string, { user: AuthenticatedUser; expiresAtMs: number }>;
}
const MAX_VERIFIED_TOKENS = 10_000;
const verifiers = new WeakMap<AuthConfig, Verifier>();

function verifierOf(config: AuthConfig): Verifier {
  let verifier = verifiers.get(config);
  if (!verifier) {
    const secret = new TextEncoder().encode(config.jwtSecret);
    verifier = {
      key: webcrypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']),
      verified: new Map(),
    };
    verifiers.set(config, verifier);
  }
  return verifier;
}

export async function signAccessToken(user: AuthenticatedUser, config: AuthConfig): Promise<string> {
  return new SignJWT({ email: user.email })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(user.id)
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setIssuedAt()
    .setExpirationTime(`${config.accessTokenTtlSeconds}s`)
    .sign(await verifierOf(config).key);
}

/** Returns the user a token was issued to, or throws a 401 problem saying what to do. */
export async function verifyAccessToken(token: string, config: AuthConfig): Promise<AuthenticatedUser> {
  const { key, verified } = verifierOf(config);
  const known = verified.get(token);
  if (known && Date.now() < known.expiresAtMs) return known.user;
  verified.delete(token);

  const { user, expiresAtMs } = await verifySignatureAndClaims(token, await key, config);
  if (verified.size >= MAX_VERIFIED_TOKENS) verified.delete(verified.keys().next().value as string);
  verified.set(token, { user, expiresAtMs });
  return user;
}

async function verifySignatureAndClaims(token: string, key: webcrypto.CryptoKey, config: AuthConfig) {
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ALGORITHMS,
      issuer: config.issuer,
      audience: config.audience,
      requiredClaims: ['exp', 'iat', 'sub', 'iss', 'aud'],
    });
    if (typeof payload.sub !== 'string' || typeof payload.email !== 'string' || payload.exp === undefined) {
      throw new errors.JWTClaimValidationFailed('unexpected claims', payload);
    }
    return { user: { id: payload.sub, email: payload.email }, expiresAtMs: payload.exp * 1000 };
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
