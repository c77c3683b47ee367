/**
 * What a project adds to the account that registration and `GET /v1/me` return, beyond id,
 * email and creation time. Nothing here; a project layer that needs more replaces this file
 * (ecommerce adds the role, so a frontend knows whether to show the admin screens).
 */
import { Type } from 'typebox';
import type { Queryable } from '../db/database.js';

export const AccountExtrasSchema = Type.Object({});

export async function accountExtrasOf(_db: Queryable, _userId: string): Promise<Record<string, never>> {
  return {};
}
