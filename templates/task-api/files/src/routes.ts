import type { FastifyInstance } from 'fastify';

export const apiDocs = { title: 'Task API', description: 'Tasks with tags, owned by their users.', bearerAuth: true };

export async function apiRoutes(_app: FastifyInstance) {}
