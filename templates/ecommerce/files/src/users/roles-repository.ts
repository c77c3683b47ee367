/**
 * SQL for roles: `customer` (every new account) and `admin`, in the `users.role` column.
 */
import type { Queryable } from '../db/database.js';

export const ROLES = ['customer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export async function findRoleOfUser(db: Queryable, userId: string): Promise<Role | undefined> {
  const [row] = await db.query<{ role: Role }>('SELECT role FROM users WHERE id = $1', [userId]);
  return row?.role;
}

/** Returns false when no account has this email. Only the CLI and the seed call this. */
export async function setRoleByEmail(db: Queryable, email: string, role: Role): Promise<boolean> {
  const rows = await db.query('UPDATE users SET role = $2 WHERE email = $1 RETURNING id', [
    email.trim().toLowerCase(),
    role,
  ]);
  return rows.length > 0;
}
