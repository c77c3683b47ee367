/**
 * SQL for tags, many-to-many with tasks through `task_tags`. A tag name is stored once and
 * shared by every task that carries it.
 */
import type { Queryable } from '../db/database.js';

/**
 * The names of the tags of the task in the current row (`tasks`), sorted: a correlated subquery
 * for the select list of every task read, so a page of tasks and their tags is one statement.
 */
export const TAGS_OF_TASK = `ARRAY(
    SELECT tags.name FROM task_tags JOIN tags ON tags.id = task_tags.tag_id
     WHERE task_tags.task_id = tasks.id ORDER BY tags.name
  )`;

/** Makes `names` (already normalized and unique) the task's tags, creating tags that are new. */
export async function replaceTaskTags(db: Queryable, taskId: string, names: string[]): Promise<void> {
  await db.query('DELETE FROM task_tags WHERE task_id = $1', [taskId]);
  if (names.length === 0) return;
  // ON CONFLICT: another request may create the same tag at the same moment. Then this insert
  // waits for that request's row. In name order: two requests adding the tags [a, b] and [b, a]
  // would otherwise each wait for the other's first tag, a deadlock PostgreSQL ends by failing one.
  await db.query(
    'INSERT INTO tags (name) SELECT name FROM unnest($1::text[]) AS name ORDER BY name ON CONFLICT (name) DO NOTHING',
    [names],
  );
  await db.query('INSERT INTO task_tags (task_id, tag_id) SELECT $1, id FROM tags WHERE name = ANY($2::text[])', [
    taskId,
    names,
  ]);
}
