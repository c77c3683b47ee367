/**
 * SQL for tasks and their tags. Every statement is parameterized, and every one that reads or
 * changes a task filters on its owner: another user's task is simply not found.
 */
import { exactTimestamp, type Queryable } from '../db/database.js';
import type { TaskSort } from './tasks-schemas.js';

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
  /** the row's value of the current sort key, exact, for the next page's cursor */
  sort_key: string;
}

/**
 * The keyset for each sort: the expression ordered by (matching an index in
 * migrations/0010), how to write its value exactly into a cursor, and its SQL type.
 * Only these fixed strings are ever put into SQL text; values always go in as parameters.
 */
const SORT_KEYS = {
  createdAt: {
    expression: 'created_at',
    asCursorValue: exactTimestamp('created_at'),
    type: 'timestamptz',
  },
  dueDate: {
    expression: `coalesce(due_date, 'infinity'::date)`,
    asCursorValue: `coalesce(due_date, 'infinity'::date)::text`,
    type: 'date',
  },
} as const;

export function sortKeyOf(sort: TaskSort) {
  const descending = sort.startsWith('-');
  return { ...SORT_KEYS[(descending ? sort.slice(1) : sort) as keyof typeof SORT_KEYS], descending };
}

const TASK_COLUMNS = `
  tasks.id, tasks.title, tasks.description, tasks.status, tasks.due_date::text AS due_date,
  tasks.created_at, tasks.updated_at,
  ARRAY(
    SELECT tags.name FROM task_tags JOIN tags ON tags.id = task_tags.tag_id
     WHERE task_tags.task_id = tasks.id ORDER BY tags.name
  ) AS tags`;

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

/** The statement behind `listTasksForOwner`, separate so a test can EXPLAIN each query shape. */
export function listTasksQuery(ownerId: string, filters: TaskListFilters): { sql: string; params: unknown[] } {
  const params: unknown[] = [ownerId];
  const param = (value: unknown) => `$${params.push(value)}`;
  const key = sortKeyOf(filters.sort);
  const conditions = ['tasks.owner_id = $1'];

  if (filters.status) conditions.push(`tasks.status = ${param(filters.status)}`);
  if (filters.tag) {
    conditions.push(`EXISTS (
      SELECT 1 FROM task_tags JOIN tags ON tags.id = task_tags.tag_id
       WHERE task_tags.task_id = tasks.id AND tags.name = ${param(filters.tag)})`);
  }
  if (filters.searchQuery) conditions.push(`tasks.search @@ to_tsquery('simple', ${param(filters.searchQuery)})`);
  // Written with the due-date sort expression so it can use that index; the same rows as
  // `due_date < $n`, since a task without a due date is never due before anything.
  if (filters.dueBefore) conditions.push(`${SORT_KEYS.dueDate.expression} < ${param(filters.dueBefore)}::date`);
  if (filters.after) {
    // Row comparison: strictly after the previous page's last (sort key, id), in sort order.
    conditions.push(
      `(${key.expression}, tasks.id) ${key.descending ? '<' : '>'} (${param(filters.after.sortKey)}::${key.type}, ${param(filters.after.id)}::uuid)`,
    );
  }
  const direction = key.descending ? 'DESC' : 'ASC';
  const sql = `
    SELECT ${TASK_COLUMNS}, ${key.asCursorValue} AS sort_key
      FROM tasks
     WHERE ${conditions.join('\n       AND ')}
     ORDER BY ${key.expression} ${direction}, tasks.id ${direction}
     LIMIT ${param(filters.limit + 1)}`;
  return { sql, params };
}

/** One page of the owner's tasks plus one extra row, which only says whether another page exists. */
export async function listTasksForOwner(db: Queryable, ownerId: string, filters: TaskListFilters): Promise<TaskRow[]> {
  const { sql, params } = listTasksQuery(ownerId, filters);
  return db.query<TaskRow>(sql, params);
}

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

/** Makes `names` (already normalized and unique) the task's tags, creating tags that are new. */
export async function replaceTaskTags(db: Queryable, taskId: string, names: string[]): Promise<void> {
  await db.query('DELETE FROM task_tags WHERE task_id = $1', [taskId]);
  if (names.length === 0) return;
  // ON CONFLICT: another request may create the same tag at the same moment.
  await db.query('INSERT INTO tags (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING', [names]);
  await db.query('INSERT INTO task_tags (task_id, tag_id) SELECT $1, id FROM tags WHERE name = ANY($2::text[])', [
    taskId,
    names,
  ]);
}
