/** SQL for the `users` table. Emails arrive here already normalized (see auth-schemas.ts). */
import type { Queryable } from '../db/database.js';

export interface UserRow {
  id: string;
  email: string;
  password_hash: string;
  created_at: Date;
}

export type PublicUser = Pick<UserRow, 'id' | 'email' | 'created_at'>;

/** Throws a unique violation (`isUniqueViolation`) when the email is taken. */
export async function insertUser(db: Queryable, user: { email: string; passwordHash: string }): Promise<PublicUser> {
  const [row] = await db.query<PublicUser>(
    'INSERT INTO users (email, password_hash) VALUES ($1, $2) RETURNING id, email, created_at',
    [user.email, user.passwordHash],
  );
  if (!row) throw new Error('INSERT … RETURNING returned no row');
  return row;
}

export async function findUserByEmail(db: Queryable, email: string): Promise<UserRow | undefined> {
  const [row] = await db.query<UserRow>('SELECT id, email, password_hash, created_at FROM users WHERE email = $1', [
    email,
  ]);
  return row;
}

export async function findUserById(db: Queryable, id: string): Promise<PublicUser | undefined> {
  const [row] = await db.query<PublicUser>('SELECT id, email, created_at FROM users WHERE id = $1', [id]);
  return row;
}

export async function updatePasswordHash(db: Queryable, id: string, passwordHash: string): Promise<void> {
  await db.query('UPDATE users SET password_hash = $2 WHERE id = $1', [id, passwordHash]);
}
