/**
 * Exercise 05 "owner-scoping" — .practice/exercises/05-owner-scoping.md
 *
 * What the task routes do, apart from HTTP: normalize input, keep a task and its tags in one
 * transaction, answer "not yours" exactly like "not there", and turn rows into the API shape.
 * Keep the exported names and signatures: the routes, the list service and the seed use them.
 */
import type { Database } from '../db/database.js';
import { HttpProblem } from '../http/problem.js';
import type { TaskRow } from './tasks-repository.js';
import type { CreateTaskBody, Task, UpdateTaskBody } from './tasks-schemas.js';

const notDone = () =>
  new HttpProblem(501, 'Exercise 05 "owner-scoping" is not done yet: open src/tasks/tasks-service.ts', {
    title: 'Not Implemented',
  });

/** Creates the caller's task (and its tags) and returns it. */
export async function createTask(_db: Database, _ownerId: string, _body: CreateTaskBody): Promise<Task> {
  throw notDone();
}

/** The caller's task, or a 404 problem. */
export async function getTask(_db: Database, _ownerId: string, _id: string): Promise<Task> {
  throw notDone();
}

/** Changes the fields given (and replaces the tags when `tags` is given); a 404 problem when not the caller's. */
export async function updateTask(_db: Database, _ownerId: string, _id: string, _body: UpdateTaskBody): Promise<Task> {
  throw notDone();
}

/** Deletes the caller's task, or throws a 404 problem. */
export async function deleteTask(_db: Database, _ownerId: string, _id: string): Promise<void> {
  throw notDone();
}

/** A tag as it is stored: trimmed and lowercase (`' Home'` → `'home'`). */
export const normalizeTag = (_tag: string): string => {
  throw notDone();
};

/** A row in the API's shape: camelCase, dates as ISO 8601 strings. */
export function toTask(_row: TaskRow): Task {
  throw notDone();
}
