/**
 * The task service without HTTP: the API shape it returns, and owner scoping — another user's
 * task must look exactly like one that does not exist, and must stay as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Queryable, Transaction } from '../../src/db/database.js';
import { HttpProblem } from '../../src/http/problem.js';
import { createTask, deleteTask, getTask, normalizeTag, updateTask } from '../../src/tasks/tasks-service.js';
import { insertTestUser } from '../helpers/tasks.js';
import { createTestDatabase } from '../helpers/test-database.js';

let db: Database;
let alice: string;
let bob: string;

beforeAll(async () => {
  db = await createTestDatabase();
  alice = await insertTestUser(db);
  bob = await insertTestUser(db);
});
afterAll(() => db.close());

const MISSING = '9b2c1f4e-6a55-4f8e-8f0e-1c2d3e4f5a6b';

/**
 * The database as the service sees it, except that any statement touching the tags fails, like
 * a constraint or a lost connection would halfway through a write. Everything else runs for real.
 */
function failingOnTags(real: Database): Database {
  const guard = <T extends Queryable>(inner: T): T => ({
    ...inner,
    query(sql: string, params?: readonly unknown[]) {
      if (/\btask_tags\b|\binto\s+tags\b/i.test(sql) && !/^\s*select/i.test(sql)) {
        return Promise.reject(new Error('injected failure while writing the tags'));
      }
      return inner.query(sql, params);
    },
  });
  return {
    ...guard(real),
    transaction: (work) => real.transaction((tx) => work(guard(tx) as Transaction)),
  };
}

const countTasks = async (ownerId: string, title: string) =>
  (
    await db.query<{ n: number }>('SELECT count(*)::int AS n FROM tasks WHERE owner_id = $1 AND title = $2', [
      ownerId,
      title,
    ])
  )[0]?.n;

/** The problem a promise rejects with, as plain data (status and detail). */
async function problemOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  expect(error, 'expected a rejection with an HttpProblem').toBeInstanceOf(HttpProblem);
  return { status: (error as HttpProblem).status, detail: (error as HttpProblem).message };
}

describe('creating and reading', () => {
  it('creates a task with defaults and returns the API shape', async () => {
    const task = await createTask(db, alice, { title: 'Write the report' });
    expect(task).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      title: 'Write the report',
      description: null,
      status: 'todo',
      dueDate: null,
      tags: [],
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      updatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
    });
    expect(await getTask(db, alice, task.id)).toEqual(task);
  });

  it('keeps every field it is given', async () => {
    const body = {
      title: 'Plan the trip',
      description: 'Trains',
      status: 'in_progress' as const,
      dueDate: '2030-06-01',
    };
    expect(await createTask(db, alice, body)).toMatchObject(body);
  });

  it('a missing task is a 404', async () => {
    expect(await problemOf(getTask(db, alice, MISSING))).toEqual({ status: 404, detail: 'No task with this id.' });
  });

  it('normalizes a tag name: trimmed and lowercase, so `Home` and ` home` are one tag', () => {
    expect(normalizeTag('  Home ')).toBe('home');
    expect(normalizeTag('ÉTÉ')).toBe('été');
  });
});

describe('a task and its tags are written together or not at all', () => {
  it('a failure while tagging a new task leaves no task behind', async () => {
    const owner = await insertTestUser(db);
    await expect(
      createTask(failingOnTags(db), owner, { title: 'Half written', tags: ['home'] }),
      'creating a task whose tags fail to be written must fail',
    ).rejects.toThrow();
    expect(
      await countTasks(owner, 'Half written'),
      'the task was stored without its tags: write the task and its tags in one transaction (db.transaction)',
    ).toBe(0);
  });

  it('a failure while replacing the tags leaves the task as it was', async () => {
    const owner = await insertTestUser(db);
    const task = await createTask(db, owner, { title: 'Before' });
    await expect(updateTask(failingOnTags(db), owner, task.id, { title: 'After', tags: ['work'] })).rejects.toThrow();
    expect(
      await getTask(db, owner, task.id),
      'the title changed though its tags failed: update the task and its tags in one transaction',
    ).toEqual(task);
  });
});

describe('changing and deleting', () => {
  it('updateTask changes only the fields it is given, and null clears', async () => {
    const task = await createTask(db, alice, {
      title: 'Call Ada',
      description: 'About the engine',
      dueDate: '2030-01-01',
    });
    const updated = await updateTask(db, alice, task.id, { status: 'done' });
    expect(updated).toEqual({ ...task, status: 'done', updatedAt: expect.any(String) });
    expect(await updateTask(db, alice, task.id, { description: null, dueDate: null })).toMatchObject({
      title: 'Call Ada',
      description: null,
      dueDate: null,
      status: 'done',
    });
  });

  it('deleteTask removes the task; deleting it again is a 404', async () => {
    const task = await createTask(db, alice, { title: 'Temporary' });
    await deleteTask(db, alice, task.id);
    expect((await problemOf(getTask(db, alice, task.id))).status).toBe(404);
    expect((await problemOf(deleteTask(db, alice, task.id))).status).toBe(404);
    expect((await problemOf(updateTask(db, alice, task.id, { title: 'Back?' }))).status).toBe(404);
  });
});

describe('owner scoping', () => {
  it('another user’s task is a 404 exactly like a missing one, for reading, changing and deleting', async () => {
    const task = await createTask(db, alice, { title: 'Alice’s secret', description: 'Only mine' });
    const missing = await problemOf(getTask(db, bob, MISSING));
    expect(missing.status).toBe(404);

    expect(await problemOf(getTask(db, bob, task.id))).toEqual(missing);
    expect(await problemOf(updateTask(db, bob, task.id, { title: 'Bob was here', status: 'done' }))).toEqual(missing);
    expect(await problemOf(deleteTask(db, bob, task.id))).toEqual(missing);
    // The same answers for a missing id through every function, so nothing tells the two apart.
    expect(await problemOf(updateTask(db, bob, MISSING, { title: 'x' }))).toEqual(missing);
    expect(await problemOf(deleteTask(db, bob, MISSING))).toEqual(missing);
  });

  it('another user’s attempts leave the task exactly as it was', async () => {
    const task = await createTask(db, alice, { title: 'Untouchable', dueDate: '2030-05-05' });
    await problemOf(updateTask(db, bob, task.id, { title: 'Bob was here', description: 'hacked', dueDate: null }));
    await problemOf(deleteTask(db, bob, task.id));
    expect(await getTask(db, alice, task.id)).toEqual(task);
  });

  it('the owner’s own changes still work after a stranger tried', async () => {
    const task = await createTask(db, alice, { title: 'Mine' });
    await problemOf(updateTask(db, bob, task.id, { title: 'Theirs' }));
    expect((await updateTask(db, alice, task.id, { title: 'Still mine' })).title).toBe('Still mine');
    await deleteTask(db, alice, task.id);
    expect((await problemOf(getTask(db, alice, task.id))).status).toBe(404);
  });
});
