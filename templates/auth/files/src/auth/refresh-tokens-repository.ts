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

/**
 * Locks the row until the transaction ends: two requests presenting the same token at once are
 * served one after the other, so the second one sees it as already used.
 */
export async function findRefreshTokenForUpdate(
  db: Queryable,
  tokenHash: string,
): Promise<RefreshTokenRow | undefined> {
  const [row] = await db.query<RefreshTokenRow>(
    `SELECT id, family_id, user_id, expires_at, used_at, revoked_at, expires_at <= now() AS expired
       FROM refresh_tokens
      WHERE token_hash = $1
        FOR UPDATE`,
    [tokenHash],
  );
  return row;
}

export async function markRefreshTokenUsed(db: Queryable, id: string): Promise<void> {
  await db.query('UPDATE refresh_tokens SET used_at = now() WHERE id = $1', [id]);
}

export async function revokeRefreshTokenFamily(db: Queryable, familyId: string): Promise<void> {
  await db.query('UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL', [
    familyId,
  ]);
}

/** Logout: ends the login session the token belongs to. Unknown tokens are ignored. */
export async function revokeRefreshTokenFamilyOf(db: Queryable, tokenHash: string): Promise<void> {
  await db.query(
    `UPDATE refresh_tokens SET revoked_at = now()
      WHERE revoked_at IS NULL
        AND family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1)`,
    [tokenHash],
  );
}
