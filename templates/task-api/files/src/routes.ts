/**
 * The API under `/v1`, composed from feature folders. Authentication is registered first and
 * applies to everything here: a route is public only if it says so (`config: { public: true }`).
 */
import type { FastifyInstance } from 'fastify';
import { authRoutes } from './auth/auth-routes.js';
import { authentication } from './auth/authentication-plugin.js';
import { taskRoutes } from './tasks/tasks-routes.js';

export const apiDocs = {
  title: 'Task API',
  description: 'Tasks with tags, filters and cursor pagination, owned by their users. Log in for a bearer token.',
  bearerAuth: true,
};

export async function apiRoutes(app: FastifyInstance) {
  await app.register(authentication);
  await app.register(authRoutes);
  await app.register(taskRoutes, { prefix: '/tasks' });
}
