/**
 * Exercise 09 "task-list" — .practice/exercises/09-task-list.md
 *
 * The SQL behind `GET /v1/tasks`: one statement per page — the owner's tasks, filtered, sorted
 * by a key and then id, starting strictly after the previous page's last (key, id), `limit + 1`
 * rows. Every value is a parameter; only fixed strings from this file reach the SQL text.
 * Keep the exported names: the list service, the seed script and the EXPLAIN test use them.
 */
import type { Queryable } from '../db/database.js';
import { HttpProblem } from '../http/problem.js';
import type { TaskRow } from './tasks-repository.js';
import type { TaskSort } from './tasks-schemas.js';

/** A task of a list page, with the row's value of the current sort key, exact, for the next page's cursor. */
export interface TaskListRow extends TaskRow {
  sort_key: string;
}

export interface TaskListFilters {
  status?: string;
  /** normalized tag name */
  tag?: string;
  /** a `to_tsquery` expression built by the service from words only */
  searchQuery?: string;
  dueBefore?: string;
  sort: TaskSort;
  limit: number;
  /** the sort key and id of the last task of the previous page */
  after?: { sortKey: string; id: string };
}

const notDone = () =>
  new HttpProblem(501, 'Exercise 09 "task-list" is not done yet: open src/tasks/tasks-list-repository.ts', {
    title: 'Not Implemented',
  });

/** The statement behind `listTasksForOwner`, separate so a test can EXPLAIN each query shape. */
export function listTasksQuery(_ownerId: string, _filters: TaskListFilters): { sql: string; params: unknown[] } {
  throw notDone();
}

/** One page of the owner's tasks plus one extra row, which only says whether another page exists. */
export async function listTasksForOwner(
  _db: Queryable,
  _ownerId: string,
  _filters: TaskListFilters,
): Promise<TaskListRow[]> {
  throw notDone();
}
