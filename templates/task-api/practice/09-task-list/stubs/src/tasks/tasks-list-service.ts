/**
 * Exercise 09 "task-list" — .practice/exercises/09-task-list.md
 *
 * `GET /v1/tasks` apart from HTTP: turn the query string into filters (a normalized tag, a safe
 * search expression, a checked cursor — src/http/cursor.ts) and a page of rows into the API's
 * page (`toPage`). The SQL is in tasks-list-repository.ts.
 */
import type { Database } from '../db/database.js';
import { HttpProblem } from '../http/problem.js';
import type { Task, TaskListQuery } from './tasks-schemas.js';

/** One page of the caller's tasks, and the cursor of the next page (null on the last). */
export async function listTasks(
  _db: Database,
  _ownerId: string,
  _query: TaskListQuery,
): Promise<{ items: Task[]; nextCursor: string | null }> {
  throw new HttpProblem(501, 'Exercise 09 "task-list" is not done yet: open src/tasks/tasks-list-service.ts', {
    title: 'Not Implemented',
  });
}
