/** SQL for the `refresh_tokens` table. Tokens are looked up by their SHA-256, never stored raw. */
import type { Queryable } from '../db/database.js';

export interface RefreshTokenRow {
  id: string;
  family_id: string;
  user_id: string;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
  /** computed by the database, so app and database clocks cannot disagree */
  expired: boolean;
}

export async function insertRefreshToken(
  db: Queryable,
  token: { familyId: string; userId: string; tokenHash: string; expiresAt: Date },
): Promise<void> {
  await db.query('INSERT INTO refresh_tokens (family_id, user_id, token_hash, expires_at) VALUES ($1, $2, $3, $4)', [
    token.familyId,
    token.userId,
    token.tokenHash,
    token.expiresAt,
  ]);
}

/** The login (family) a token belongs to, read without a lock: only to know which login to lock. */
export async function findFamilyOf(db: Queryable, tokenHash: string): Promise<string | undefined> {
  const [row] = await db.query<{ family_id: string }>('SELECT family_id FROM refresh_tokens WHERE token_hash = $1', [
    tokenHash,
  ]);
  return row?.family_id;
}

/**
 * Serializes everything that changes one login (rotation, reuse detection, logout) until the
 * transaction ends. Locking the token's own row is not enough: a rotation INSERTs the family's
 * next token, and an `UPDATE … WHERE family_id = …` running at the same moment cannot see (or
 * lock) a row that did not exist when it started, so that new token would escape a revocation.
 * A transaction-scoped advisory lock on the family id is a lock on the login itself, with no
 * row needed: it is released at COMMIT or ROLLBACK.
 */
export async function lockFamily(db: Queryable, familyId: string): Promise<void> {
  await db.query("SELECT pg_advisory_xact_lock(hashtextextended('refresh-token-family:' || $1, 0))", [familyId]);
}

/**
 * Read AFTER `lockFamily`: in READ COMMITTED each statement sees what was committed before it
 * began, so this sees what the login's previous holder of the lock did (a revocation, a use).
 */
export async function findRefreshToken(db: Queryable, tokenHash: string): Promise<RefreshTokenRow | undefined> {
  const [row] = await db.query<RefreshTokenRow>(
    `SELECT id, family_id, user_id, expires_at, used_at, revoked_at, expires_at <= now() AS expired
       FROM refresh_tokens
      WHERE token_hash = $1`,
    [tokenHash],
  );
  return row;
}

export async function markRefreshTokenUsed(db: Queryable, id: string): Promise<void> {
  await db.query('UPDATE refresh_tokens SET used_at = now() WHERE id = $1', [id]);
}

/** Call with the family locked (`lockFamily`), so no rotation can add a token meanwhile. */
export async function revokeRefreshTokenFamily(db: Queryable, familyId: string): Promise<void> {
  await db.query('UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL', [
    familyId,
  ]);
}
