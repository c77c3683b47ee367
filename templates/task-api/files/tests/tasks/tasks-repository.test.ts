/** The task SQL on its own, against a real database: parameters, partial updates, owner filters. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Queryable } from '../../src/db/database.js';
import {
  deleteTaskForOwner,
  findTaskForOwner,
  insertTask,
  type TaskFields,
  updateTaskForOwner,
} from '../../src/tasks/tasks-repository.js';
import { insertTestUser } from '../helpers/tasks.js';
import { createTestDatabase } from '../helpers/test-database.js';

let db: Database;
let owner: string;
let stranger: string;

beforeAll(async () => {
  db = await createTestDatabase();
  owner = await insertTestUser(db);
  stranger = await insertTestUser(db);
});
afterAll(() => db.close());

const fields = (overrides: Partial<TaskFields> = {}): TaskFields => ({
  title: 'Write the report',
  description: null,
  status: 'todo',
  dueDate: null,
  ...overrides,
});

const MISSING = '9b2c1f4e-6a55-4f8e-8f0e-1c2d3e4f5a6b';

/** A Queryable that runs each statement on `db` and keeps its SQL text: what reached the text, not the parameters. */
function recording(inner: Queryable) {
  const texts: string[] = [];
  const spy: Queryable = {
    query(sql, params) {
      texts.push(sql);
      return inner.query(sql, params);
    },
  };
  return { spy, texts };
}

describe('insertTask and findTaskForOwner', () => {
  it('stores a task and reads it back exactly', async () => {
    const id = await insertTask(
      db,
      owner,
      fields({ description: 'Q3 numbers', status: 'in_progress', dueDate: '2030-06-01' }),
    );
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const row = await findTaskForOwner(db, owner, id);
    expect(row).toEqual({
      id,
      title: 'Write the report',
      description: 'Q3 numbers',
      status: 'in_progress',
      due_date: '2030-06-01',
      tags: [],
      created_at: expect.any(Date),
      updated_at: expect.any(Date),
    });
  });

  it('stores text that looks like SQL as plain text', async () => {
    const title = "Robert'); DROP TABLE tasks; --";
    const description = '$1 $2 \' " \\ ; -- /* */ %s ?';
    const id = await insertTask(db, owner, fields({ title, description }));
    expect(await findTaskForOwner(db, owner, id)).toMatchObject({ title, description });
    const [count] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM tasks');
    expect(count?.n).toBeGreaterThan(0);
  });

  it('finds nothing for an unknown id, or for another owner', async () => {
    const id = await insertTask(db, owner, fields());
    expect(await findTaskForOwner(db, owner, MISSING)).toBeUndefined();
    expect(await findTaskForOwner(db, stranger, id)).toBeUndefined();
  });
});

describe('values are parameters', () => {
  it('no value, id or owner ever reaches the SQL text, whatever the function', async () => {
    const { spy, texts } = recording(db);
    // Text that hand-quoting gets wrong (a doubled quote is not enough for all of it).
    const values = {
      title: "Marker O'Brien's \\ $1 -- /* ünïcødé 🚀",
      description: "Marker description; DROP TABLE tasks; --'",
      dueDate: '2030-06-01',
    };
    const id = await insertTask(spy, owner, fields({ ...values, status: 'in_progress' }));
    await findTaskForOwner(spy, owner, id);
    const changes = { title: 'Marker new $2 title', description: 'Marker new description', dueDate: '2031-07-02' };
    await updateTaskForOwner(spy, owner, id, changes);
    expect(await findTaskForOwner(db, owner, id)).toMatchObject({ title: changes.title, due_date: changes.dueDate });
    await deleteTaskForOwner(spy, owner, id);
    expect(texts.length, 'the functions must run their SQL through the db they are given').toBeGreaterThanOrEqual(4);
    for (const value of [...Object.values(values), ...Object.values(changes), owner, id]) {
      for (const text of texts) {
        expect(
          text.includes(value),
          `${JSON.stringify(value)} reached the SQL text of\n${text}\nPass every value as a parameter ($1, $2, …) in the query's array.`,
        ).toBe(false);
      }
    }
  });
});

describe('updateTaskForOwner', () => {
  it('only the fields it knows become columns: another key in the changes never reaches the SQL', async () => {
    const id = await insertTask(db, owner, fields({ title: 'Guarded' }));
    // The routes validate bodies, but this function must not trust its caller's keys either.
    const moveIt = { title: 'Renamed', ownerId: stranger, owner_id: stranger } as Partial<TaskFields>;
    await updateTaskForOwner(db, owner, id, moveIt).catch(() => undefined);
    expect(
      await findTaskForOwner(db, stranger, id),
      'an `ownerId` key moved the task to another owner',
    ).toBeUndefined();
    const injected = { "status = 'done', title": 'pwned' } as Partial<TaskFields>;
    await updateTaskForOwner(db, owner, id, injected).catch(() => undefined);
    const row = await findTaskForOwner(db, owner, id);
    expect(row, 'the task must still be its owner’s').toBeDefined();
    expect(row?.status, 'a key of the changes object became SQL text').toBe('todo');
    expect(row?.title).not.toBe('pwned');
  });

  it('changes only the fields it is given, and moves updated_at', async () => {
    const id = await insertTask(db, owner, fields({ description: 'Keep me', dueDate: '2030-01-01' }));
    await db.query("UPDATE tasks SET updated_at = '2001-01-01T00:00:00Z' WHERE id = $1", [id]);
    const before = await findTaskForOwner(db, owner, id);
    expect(await updateTaskForOwner(db, owner, id, { status: 'done' })).toBe(true);
    const after = await findTaskForOwner(db, owner, id);
    expect(after).toEqual({ ...before, status: 'done', updated_at: expect.any(Date) });
    expect(after?.updated_at.getTime()).toBeGreaterThan(Date.parse('2001-01-01T00:00:00Z'));
  });

  it('sets every field, and null clears description and due date', async () => {
    const id = await insertTask(db, owner, fields({ description: 'Old', dueDate: '2030-01-01' }));
    const changes = { title: 'New title', description: null, status: 'in_progress', dueDate: null };
    expect(await updateTaskForOwner(db, owner, id, changes)).toBe(true);
    expect(await findTaskForOwner(db, owner, id)).toMatchObject({
      title: 'New title',
      description: null,
      status: 'in_progress',
      due_date: null,
    });
    expect(await updateTaskForOwner(db, owner, id, { dueDate: '2031-02-03', description: "it's" })).toBe(true);
    expect(await findTaskForOwner(db, owner, id)).toMatchObject({ due_date: '2031-02-03', description: "it's" });
  });

  it('answers false and changes nothing for an unknown id or another owner', async () => {
    const id = await insertTask(db, owner, fields({ title: 'Mine' }));
    const before = await findTaskForOwner(db, owner, id);
    expect(await updateTaskForOwner(db, owner, MISSING, { title: 'Nobody' })).toBe(false);
    expect(await updateTaskForOwner(db, stranger, id, { title: 'Not yours' })).toBe(false);
    expect(await findTaskForOwner(db, owner, id)).toEqual(before);
  });
});

describe('deleteTaskForOwner', () => {
  it('deletes once, then answers false', async () => {
    const id = await insertTask(db, owner, fields());
    expect(await deleteTaskForOwner(db, owner, id)).toBe(true);
    expect(await findTaskForOwner(db, owner, id)).toBeUndefined();
    expect(await deleteTaskForOwner(db, owner, id)).toBe(false);
  });

  it('never deletes another owner’s task', async () => {
    const id = await insertTask(db, owner, fields({ title: 'Stays' }));
    expect(await deleteTaskForOwner(db, stranger, id)).toBe(false);
    expect(await findTaskForOwner(db, owner, id)).toMatchObject({ title: 'Stays' });
  });
});
