/**
 * Roles: `customer` (every new account) and `admin`. The role lives in the database, not in the
 * access token, and is read on every admin request: demoting an admin takes effect at once,
 * instead of when their last token expires (up to ACCESS_TOKEN_TTL_SECONDS later).
 */
import type { FastifyRequest } from 'fastify';
import type { Queryable } from '../db/database.js';
import { forbidden } from '../http/problem.js';

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

/**
 * An `onRequest` hook for admin routes. It runs after `authentication` (so `request.user` is
 * set) and before the body is even parsed: a customer learns nothing from an admin route, not
 * even which fields it validates.
 */
export async function requireAdmin(request: FastifyRequest) {
  const role = await findRoleOfUser(request.server.db, request.user.id);
  if (role !== 'admin') throw forbidden('This route is for shop admins only.');
}
