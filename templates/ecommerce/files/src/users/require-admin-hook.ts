/**
 * Admin routes. The role lives in the database, not in the access token, and is read on every
 * admin request: demoting an admin takes effect at once, instead of when their last token
 * expires (up to ACCESS_TOKEN_TTL_SECONDS later).
 */
import type { FastifyRequest } from 'fastify';
import { forbidden } from '../http/problem.js';
import { findRoleOfUser } from './roles-repository.js';

/**
 * An `onRequest` hook for admin routes. It runs after `authentication` (so `request.user` is
 * set) and before the body is even parsed: a customer learns nothing from an admin route, not
 * even which fields it validates.
 */
export async function requireAdmin(request: FastifyRequest) {
  const role = await findRoleOfUser(request.server.db, request.user.id);
  if (role !== 'admin') throw forbidden('This route is for shop admins only.');
}
