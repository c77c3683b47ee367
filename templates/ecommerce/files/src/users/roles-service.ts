/**
 * The rules about roles. The role lives in the database, not in the access token, and is read on
 * every admin request: demoting an admin takes effect at once, instead of when their last token
 * expires (up to ACCESS_TOKEN_TTL_SECONDS later).
 */
import type { Queryable } from '../db/database.js';
import { forbidden } from '../http/problem.js';
import { findRoleOfUser } from './roles-repository.js';

/** Throws a 403 unless the account is an admin now. */
export async function assertAdmin(db: Queryable, userId: string): Promise<void> {
  const role = await findRoleOfUser(db, userId);
  if (role !== 'admin') throw forbidden('This route is for shop admins only.');
}
