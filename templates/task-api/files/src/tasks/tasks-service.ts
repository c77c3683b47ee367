/**
 * What the task routes do, apart from HTTP: normalize input, keep a task and its tags in one
 * transaction, answer "not yours" exactly like "not there", and turn rows into the API shape.
 * The list has its own service (tasks-list-service.ts).
 */
import type { Database } from '../db/database.js';
import { notFound } from '../http/problem.js';
import { replaceTaskTags } from './task-tags-repository.js';
import {
  deleteTaskForOwner,
  findTaskForOwner,
  insertTask,
  type TaskRow,
  updateTaskForOwner,
} from './tasks-repository.js';
import type { CreateTaskBody, Task, UpdateTaskBody } from './tasks-schemas.js';

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

export const normalizeTag = (tag: string) => tag.trim().toLowerCase();
const normalizeTags = (tags: string[]) => [...new Set(tags.map(normalizeTag))];

async function mustFind(db: Pick<Database, 'query'>, ownerId: string, id: string): Promise<TaskRow> {
  const row = await findTaskForOwner(db, ownerId, id);
  if (!row) throw taskNotFound();
  return row;
}

/** Another user's task gets exactly this answer too: whether an id exists is not for them to know. */
const taskNotFound = () => notFound('No task with this id.');

export function toTask(row: TaskRow): Task {
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
