/** What the task tests share: the API called as one logged-in user, and owners for SQL tests. */
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Queryable } from '../../src/db/database.js';
import { type registerAndLogin, uniqueEmail } from './auth.js';
import type { TestApp } from './test-app.js';

export type User = Awaited<ReturnType<typeof registerAndLogin>>;

/** A task as the API answers it. */
export interface Task {
  id: string;
  title: string;
  description: string | null;
  status: string;
  dueDate: string | null;
  tags: string[];
  createdAt: string;
  updatedAt: string;
}

export const request = (
  app: TestApp,
  user: User,
  method: 'GET' | 'PATCH' | 'DELETE' | 'POST',
  url: string,
  payload?: unknown,
) =>
  app.inject({ method, url, headers: user.headers, ...(payload === undefined ? {} : { payload: payload as object }) });

/** `POST /v1/tasks` with a raw JSON text, so `\u` escapes (a lone surrogate, a decomposed "é") arrive exactly as written. */
export const createTaskRaw = (app: TestApp, user: User, json: string) =>
  app.inject({
    method: 'POST',
    url: '/v1/tasks',
    headers: { ...user.headers, 'content-type': 'application/json' },
    payload: json,
  });

/** Creates a task and expects a 201. */
export async function createTask(app: TestApp, user: User, payload: Record<string, unknown>): Promise<Task> {
  const response = await request(app, user, 'POST', '/v1/tasks', payload);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Task>();
}

/** One page of `GET /v1/tasks?<query>`; expects a 200. */
export async function listTasks(app: TestApp, user: User, query: string) {
  const response = await request(app, user, 'GET', `/v1/tasks?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ items: Task[]; nextCursor: string | null }>();
}

/** A problem+json answer with this status, naming `field` (a JSON pointer) when given. */
export function expectProblem(response: LightMyRequestResponse, status: number, field?: string): void {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toContain('application/problem+json');
  if (field) expect(response.json().errors?.[0]?.field, response.body).toBe(field);
}

/**
 * A user row written straight into the table, for service and SQL tests that need a task owner
 * but no login; returns its id. (Nothing in those tests checks the password hash.)
 */
export async function insertTestUser(db: Queryable): Promise<string> {
  const [user] = await db.query<{ id: string }>(
    "INSERT INTO users (email, password_hash) VALUES ($1, 'not a real hash') RETURNING id",
    [uniqueEmail()],
  );
  if (!user) throw new Error('inserting a test user returned no row');
  return user.id;
}
