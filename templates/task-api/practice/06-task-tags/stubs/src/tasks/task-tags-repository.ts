/**
 * Exercise 06 "task-tags" — .practice/exercises/06-task-tags.md
 *
 * SQL for tags, many-to-many with tasks through a join table (write it in
 * migrations/0011_create_tags.sql first). Keep the exported names and signatures.
 */
import type { Queryable } from '../db/database.js';
import { HttpProblem } from '../http/problem.js';

/**
 * The names of the tags of the task in the current row (`tasks`), sorted: an SQL expression
 * for the select list of every task read (tasks-repository.ts puts it in `TASK_COLUMNS`).
 * For now: an empty array, so every task reads back with `tags: []`.
 */
export const TAGS_OF_TASK = 'ARRAY[]::text[]';

/**
 * Makes `names` (already normalized and unique) the task's tags, creating tags that are new.
 * For now a task without tags is fine, and any tag answers 501.
 */
export async function replaceTaskTags(_db: Queryable, _taskId: string, names: string[]): Promise<void> {
  if (names.length === 0) return;
  throw new HttpProblem(
    501,
    'Exercise 06 "task-tags" is not done yet: open src/tasks/task-tags-repository.ts (and migrations/0011_create_tags.sql)',
    { title: 'Not Implemented' },
  );
}
