/**
 * What the task routes do, apart from HTTP: normalize input, keep a task and its tags in one
 * transaction, turn rows into the API shape, and read and write list cursors.
 */
import type { Database } from '../db/database.js';
import { cursorKey, decodeCursor, toPage } from '../http/cursor.js';
import { notFound } from '../http/problem.js';
import {
  deleteTaskForOwner,
  findTaskForOwner,
  insertTask,
  listTasksForOwner,
  replaceTaskTags,
  sortKeyOf,
  type TaskRow,
  updateTaskForOwner,
} from './tasks-repository.js';
import type { CreateTaskBody, Task, TaskListQuery, TaskSort, UpdateTaskBody } from './tasks-schemas.js';

export async function createTask(db: Database, ownerId: string, body: CreateTaskBody): Promise<Task> {
  return db.transaction(async (tx) => {
    const id = await insertTask(tx, ownerId, {
      title: body.title,
      description: body.description ?? null,
      status: body.status ?? 'todo',
      dueDate: body.dueDate ?? null,
    });
    await replaceTaskTags(tx, id, normalizeTags(body.tags ?? []));
    return toTask(await mustFind(tx, ownerId, id));
  });
}

export async function getTask(db: Database, ownerId: string, id: string): Promise<Task> {
  return toTask(await mustFind(db, ownerId, id));
}

export async function updateTask(db: Database, ownerId: string, id: string, body: UpdateTaskBody): Promise<Task> {
  return db.transaction(async (tx) => {
    const { tags, ...fields } = body;
    if (!(await updateTaskForOwner(tx, ownerId, id, fields))) throw taskNotFound();
    if (tags !== undefined) await replaceTaskTags(tx, id, normalizeTags(tags));
    return toTask(await mustFind(tx, ownerId, id));
  });
}

export async function deleteTask(db: Database, ownerId: string, id: string): Promise<void> {
  if (!(await deleteTaskForOwner(db, ownerId, id))) throw taskNotFound();
}

export async function listTasks(db: Database, ownerId: string, query: TaskListQuery) {
  const rows = await listTasksForOwner(db, ownerId, {
    status: query.status,
    tag: query.tag === undefined ? undefined : normalizeTag(query.tag),
    searchQuery: query.q === undefined ? undefined : toPrefixSearch(query.q),
    dueBefore: query.dueBefore,
    sort: query.sort,
    limit: query.limit,
    after: query.cursor === undefined ? undefined : decodeTaskCursor(query.cursor, query.sort),
  });
  return toPage(rows, query.limit, toTask, (row) => [query.sort, row.sort_key, row.id]);
}

/**
 * A cursor is `[sort, sortKey, id]`. It only makes sense for the sort that produced it, and its
 * values are checked strictly here (http/cursor.ts), so a bad one is a 400 before any SQL runs.
 */
function decodeTaskCursor(cursor: string, sort: TaskSort): { sortKey: string; id: string } {
  const sortKeyCheck = sortKeyOf(sort).type === 'date' ? cursorKey.date : cursorKey.timestamp;
  const [, sortKey, id] = decodeCursor(cursor, [cursorKey.literal(sort), sortKeyCheck, cursorKey.uuid]);
  return { sortKey, id };
}

/**
 * `?q=meet notes` becomes `meet:* & notes:*`: every word must appear, each as a word prefix.
 * Only letters and digits are kept, so nothing a user types can change the query's syntax.
 */
function toPrefixSearch(q: string): string {
  return (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map((word) => `${word}:*`).join(' & ');
}

const normalizeTag = (tag: string) => tag.trim().toLowerCase();
const normalizeTags = (tags: string[]) => [...new Set(tags.map(normalizeTag))];

async function mustFind(db: Pick<Database, 'query'>, ownerId: string, id: string): Promise<TaskRow> {
  const row = await findTaskForOwner(db, ownerId, id);
  if (!row) throw taskNotFound();
  return row;
}

/** Another user's task gets exactly this answer too: whether an id exists is not for them to know. */
const taskNotFound = () => notFound('No task with this id.');

function toTask(row: TaskRow): Task {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    status: row.status,
    dueDate: row.due_date,
    tags: row.tags,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
