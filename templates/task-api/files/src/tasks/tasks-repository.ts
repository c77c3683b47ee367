/**
 * SQL for one user's tasks. Every statement is parameterized, and every one that reads or
 * changes a task filters on its owner: another user's task is simply not found.
 */
import type { Queryable } from '../db/database.js';
import { TAGS_OF_TASK } from './task-tags-repository.js';

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

/** What every read of a task selects, its tags included. */
export const TASK_COLUMNS = `
  tasks.id, tasks.title, tasks.description, tasks.status, tasks.due_date::text AS due_date,
  tasks.created_at, tasks.updated_at, ${TAGS_OF_TASK} AS tags`;

export async function findTaskForOwner(db: Queryable, ownerId: string, id: string): Promise<TaskRow | undefined> {
  const [row] = await db.query<TaskRow>(`SELECT ${TASK_COLUMNS} FROM tasks WHERE id = $1 AND owner_id = $2`, [
    id,
    ownerId,
  ]);
  return row;
}

export interface TaskFields {
  title: string;
  description: string | null;
  status: string;
  dueDate: string | null;
}

export async function insertTask(db: Queryable, ownerId: string, task: TaskFields): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO tasks (owner_id, title, description, status, due_date)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [ownerId, task.title, task.description, task.status, task.dueDate],
  );
  if (!row) throw new Error('INSERT … RETURNING returned no row');
  return row.id;
}

/** Fields a PATCH may change, and their columns. Only these names ever reach the SQL text. */
const UPDATABLE_COLUMNS = {
  title: 'title',
  description: 'description',
  status: 'status',
  dueDate: 'due_date',
} as const;

/** Sets the given fields (a missing field is left alone); false when the owner has no such task. */
export async function updateTaskForOwner(
  db: Queryable,
  ownerId: string,
  id: string,
  changes: Partial<TaskFields>,
): Promise<boolean> {
  const params: unknown[] = [id, ownerId];
  const assignments = ['updated_at = now()'];
  for (const [field, column] of Object.entries(UPDATABLE_COLUMNS)) {
    const value = changes[field as keyof TaskFields];
    if (value !== undefined) assignments.push(`${column} = $${params.push(value)}`);
  }
  const rows = await db.query(
    `UPDATE tasks SET ${assignments.join(', ')} WHERE id = $1 AND owner_id = $2 RETURNING id`,
    params,
  );
  return rows.length > 0;
}

export async function deleteTaskForOwner(db: Queryable, ownerId: string, id: string): Promise<boolean> {
  const rows = await db.query('DELETE FROM tasks WHERE id = $1 AND owner_id = $2 RETURNING id', [id, ownerId]);
  return rows.length > 0;
}
