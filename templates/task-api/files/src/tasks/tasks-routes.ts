/** `/v1/tasks`: a user's own tasks. Every route needs a token (see auth/authentication-plugin.ts). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParamsSchema } from '../http/pagination-schemas.js';
import { problemResponses } from '../http/schemas.js';
import { listTasks } from './tasks-list-service.js';
import {
  CreateTaskBodySchema,
  TaskListQuerySchema,
  TaskPageSchema,
  TaskSchema,
  UpdateTaskBodySchema,
} from './tasks-schemas.js';
import { createTask, deleteTask, getTask, updateTask } from './tasks-service.js';

export const taskRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '',
    {
      schema: {
        tags: ['tasks'],
        summary: 'List your tasks, filtered and sorted, one page at a time',
        querystring: TaskListQuerySchema,
        response: { 200: TaskPageSchema, ...problemResponses(400, 401) },
      },
    },
    async (request) => listTasks(app.db, request.user.id, request.query),
  );

  app.post(
    '',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Create a task',
        body: CreateTaskBodySchema,
        response: { 201: TaskSchema, ...problemResponses(400, 401) },
      },
    },
    async (request, reply) => {
      const task = await createTask(app.db, request.user.id, request.body);
      return reply.code(201).header('location', `/v1/tasks/${task.id}`).send(task);
    },
  );

  app.get(
    '/:id',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Get one of your tasks',
        params: IdParamsSchema,
        response: { 200: TaskSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => getTask(app.db, request.user.id, request.params.id),
  );

  app.patch(
    '/:id',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Change some fields of a task (`null` clears description and dueDate)',
        params: IdParamsSchema,
        body: UpdateTaskBodySchema,
        response: { 200: TaskSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => updateTask(app.db, request.user.id, request.params.id, request.body),
  );

  app.delete(
    '/:id',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Delete a task',
        params: IdParamsSchema,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      await deleteTask(app.db, request.user.id, request.params.id);
      return reply.code(204).send(null);
    },
  );
};
