/**
 * Exercise 04 "task-queries" — .practice/exercises/04-task-queries.md
 *
 * SQL for one user's tasks: one parameterized statement per function, every value a `$n`
 * parameter, and every statement that reads or changes a task filtered on its owner.
 * Keep the exported names and signatures: the service and the list query use them.
 */
import type { Queryable } from '../db/database.js';
import { HttpProblem } from '../http/problem.js';

/** A task as the database returns it. */
export interface TaskRow {
  id: string;
  title: string;
  description: string | null;
  status: 'todo' | 'in_progress' | 'done';
  /** `YYYY-MM-DD` text: a date has no time zone, so it must not become a JS Date */
  due_date: string | null;
  tags: string[];
  created_at: Date;
  updated_at: Date;
}

/**
 * What every read of a task selects, its tags included (`${TAGS_OF_TASK} AS tags`, from
 * task-tags-repository.ts), so that each row has exactly the fields of `TaskRow`.
 */
export const TASK_COLUMNS = '';

export interface TaskFields {
  title: string;
  description: string | null;
  status: string;
  dueDate: string | null;
}

const notDone = () =>
  new HttpProblem(501, 'Exercise 04 "task-queries" is not done yet: open src/tasks/tasks-repository.ts', {
    title: 'Not Implemented',
  });

/** The owner's task with this id, or `undefined` (none, or another owner's). */
export async function findTaskForOwner(_db: Queryable, _ownerId: string, _id: string): Promise<TaskRow | undefined> {
  throw notDone();
}

/** Inserts a task for its owner and returns the new id. */
export async function insertTask(_db: Queryable, _ownerId: string, _task: TaskFields): Promise<string> {
  throw notDone();
}

/**
 * Sets the given fields (a field that is `undefined` is left alone, `null` clears it) and moves
 * `updated_at`; false when the owner has no such task.
 */
export async function updateTaskForOwner(
  _db: Queryable,
  _ownerId: string,
  _id: string,
  _changes: Partial<TaskFields>,
): Promise<boolean> {
  throw notDone();
}

/** Deletes the owner's task; false when the owner has no such task. */
export async function deleteTaskForOwner(_db: Queryable, _ownerId: string, _id: string): Promise<boolean> {
  throw notDone();
}
