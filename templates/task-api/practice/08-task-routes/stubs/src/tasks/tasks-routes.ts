/**
 * Exercise 08 "task-routes" — .practice/exercises/08-task-routes.md
 *
 * `/v1/tasks`: a user's own tasks. Every route needs a token (see auth/authentication-plugin.ts). The
 * routes are declared with their schemas, so validation already happens before a handler runs;
 * write each handler: call the service with `app.db` and `request.user.id`, and answer with the
 * status code (and headers) HTTP means for what happened.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParamsSchema } from '../http/pagination-schemas.js';
import { HttpProblem } from '../http/problem.js';
import { problemResponses } from '../http/schemas.js';
import {
  CreateTaskBodySchema,
  TaskListQuerySchema,
  TaskPageSchema,
  TaskSchema,
  UpdateTaskBodySchema,
} from './tasks-schemas.js';

const notDone = () =>
  new HttpProblem(501, 'Exercise 08 "task-routes" is not done yet: open src/tasks/tasks-routes.ts', {
    title: 'Not Implemented',
  });

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
    // 200 and one page of the caller's tasks: `listTasks` (tasks-list-service.ts) with `request.query`.
    async () => {
      throw notDone();
    },
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
    // 201, the new task, and where it lives (a Location header).
    async () => {
      throw notDone();
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
    // 200 and the task; the service throws the 404.
    async () => {
      throw notDone();
    },
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
    // 200 and the updated task.
    async () => {
      throw notDone();
    },
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
    // 204 and no body.
    async () => {
      throw notDone();
    },
  );
};
