/**
 * The shop's addition to the account that registration and `GET /v1/me` return: the role, so a
 * frontend knows whether to show the admin screens. (It replaces the auth layer's empty file of
 * the same name.) The server still checks the role on every admin request: this is for display.
 */
import { Type } from 'typebox';
import type { Queryable } from '../db/database.js';
import { findRoleOfUser, ROLES, type Role } from '../users/roles-repository.js';

export const AccountExtrasSchema = Type.Object({
  role: Type.Enum(ROLES, { description: '`admin` may manage the catalogue and orders; everyone else is a `customer`' }),
});

export async function accountExtrasOf(db: Queryable, userId: string): Promise<{ role: Role }> {
  return { role: (await findRoleOfUser(db, userId)) ?? 'customer' };
}
