/**
 * The SQL behind `GET /v1/tasks`: one statement per page, filtered, sorted and cut by a keyset.
 * Every value is a parameter; only fixed strings from this file reach the SQL text.
 */
import type { Queryable } from '../db/database.js';
import { exactTimestamp } from '../db/exact-timestamp.js';
import { TASK_COLUMNS, type TaskRow } from './tasks-repository.js';
import type { TaskSort } from './tasks-schemas.js';

/** A task of a list page, with the row's value of the current sort key, exact, for the next page's cursor. */
export interface TaskListRow extends TaskRow {
  sort_key: string;
}

/**
 * The keyset for each sort: the expression ordered by (matching an index in
 * migrations/0012), how to write its value exactly into a cursor, and its SQL type.
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
export async function listTasksForOwner(
  db: Queryable,
  ownerId: string,
  filters: TaskListFilters,
): Promise<TaskListRow[]> {
  const { sql, params } = listTasksQuery(ownerId, filters);
  return db.query<TaskListRow>(sql, params);
}
