/**
 * Refresh tokens renew short-lived access tokens without asking for the password again.
 * - Opaque random values (256 bits), not JWTs: they mean nothing outside this database, and
 *   revoking one is deleting its meaning, not waiting for an expiry.
 * - Stored as SHA-256 hashes: a copy of the table cannot be used to log in. (A fast hash is
 *   enough here, unlike for passwords: 256 random bits cannot be guessed.)
 * - Single use: every refresh returns a new token and spends the old one (rotation). All tokens
 *   of one login form a family; when a spent token comes back, either the user or a thief holds
 *   a copy, and we cannot tell which, so the whole family is revoked and both must log in again
 *   (OAuth 2.0 Security BCP, RFC 9700 §4.14).
 * - A family lives `refreshTokenTtlDays` from its login, however often it is rotated.
 * - Rotation, reuse detection and logout each lock the family first (`lockFamily`), so two
 *   requests about one login run one after the other whatever their timing: once a reuse is
 *   detected or a logout answered, no token of that login works again.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../db/database.js';
import { unauthorized } from '../http/problem.js';
import {
  findFamilyOf,
  findRefreshToken,
  insertRefreshToken,
  lockFamily,
  markRefreshTokenUsed,
  revokeRefreshTokenFamily,
} from './refresh-tokens-repository.js';

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** Starts a new family (a login) and returns its first token. */
export async function issueRefreshToken(db: Queryable, userId: string, ttlDays: number): Promise<string> {
  const expiresAt = new Date(Date.now() + ttlDays * 24 * 60 * 60 * 1000);
  return addTokenToFamily(db, { familyId: randomUUID(), userId, expiresAt });
}

async function addTokenToFamily(
  db: Queryable,
  family: { familyId: string; userId: string; expiresAt: Date },
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await insertRefreshToken(db, { ...family, tokenHash: hashOf(token) });
  return token;
}

/** Spends `token` and returns its successor, or throws a 401 problem. */
export async function rotateRefreshToken(
  db: Database,
  token: string,
): Promise<{ userId: string; refreshToken: string }> {
  // The transaction must commit a family's revocation, so a rejection is returned from it and
  // thrown afterwards; throwing inside would roll the revocation back.
  const tokenHash = hashOf(token);
  const outcome = await db.transaction(async (tx) => {
    const familyId = await findFamilyOf(tx, tokenHash);
    if (!familyId) return { rejected: true as const };
    await lockFamily(tx, familyId);
    // Read the token only now, under the lock: a reuse or logout that held it before us is visible.
    const stored = await findRefreshToken(tx, tokenHash);
    if (!stored || stored.revoked_at || stored.expired) return { rejected: true as const };
    if (stored.used_at) {
      await revokeRefreshTokenFamily(tx, stored.family_id);
      return { rejected: true as const };
    }
    await markRefreshTokenUsed(tx, stored.id);
    const refreshToken = await addTokenToFamily(tx, {
      familyId: stored.family_id,
      userId: stored.user_id,
      expiresAt: stored.expires_at,
    });
    return { rejected: false as const, userId: stored.user_id, refreshToken };
  });
  if (outcome.rejected) {
    throw unauthorized('The refresh token is not valid (expired, revoked or already used). Log in again.');
  }
  return outcome;
}

/** Logout: ends the login the token belongs to. Unknown tokens are ignored (nothing to reveal). */
export async function revokeRefreshToken(db: Database, token: string): Promise<void> {
  await db.transaction(async (tx) => {
    const familyId = await findFamilyOf(tx, hashOf(token));
    if (!familyId) return;
    // The same lock as rotation: a refresh racing this logout either finished before (and its
    // new token is revoked here) or runs after and finds the login revoked.
    await lockFamily(tx, familyId);
    await revokeRefreshTokenFamily(tx, familyId);
  });
}
