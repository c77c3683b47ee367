/**
 * Admin routes. A hook is HTTP, like a route: it asks a service (`assertAdmin`), which reads the
 * role from the database on every admin request.
 */
import type { FastifyRequest } from 'fastify';
import { assertAdmin } from './roles-service.js';

/**
 * An `onRequest` hook for admin routes. It runs after `authentication` (so `request.user` is
 * set) and before the body is even parsed: a customer learns nothing from an admin route, not
 * even which fields it validates.
 */
export async function requireAdmin(request: FastifyRequest) {
  await assertAdmin(request.server.db, request.user.id);
}
