/**
 * Tags, many-to-many with tasks: through the task service (as the routes use them) and in SQL
 * (one row per name, one link per pair, links gone with their task).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { createTask, deleteTask, getTask, updateTask } from '../../src/tasks/tasks-service.js';
import { insertTestUser } from '../helpers/tasks.js';
import { createTestDatabase } from '../helpers/test-database.js';

let db: Database;
let owner: string;

beforeAll(async () => {
  db = await createTestDatabase();
  owner = await insertTestUser(db);
});
afterAll(() => db.close());

const countOf = async (sql: string, params: unknown[] = []) =>
  (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params))[0]?.n;

describe('a task’s tags', () => {
  it('are stored trimmed, lowercase and once each, and read back sorted', async () => {
    const task = await createTask(db, owner, { title: 'Tagged', tags: [' Home', 'home', 'WORK ', 'errands'] });
    expect(task.tags).toEqual(['errands', 'home', 'work']);
    expect((await getTask(db, owner, task.id)).tags).toEqual(['errands', 'home', 'work']);
  });

  it('an update with tags replaces the whole set; without tags it keeps them', async () => {
    const task = await createTask(db, owner, { title: 'Garden', tags: ['home', 'outside'] });
    expect((await updateTask(db, owner, task.id, { tags: ['Outside', 'spring'] })).tags).toEqual(['outside', 'spring']);
    expect((await updateTask(db, owner, task.id, { status: 'done' })).tags).toEqual(['outside', 'spring']);
    expect((await updateTask(db, owner, task.id, { tags: [] })).tags).toEqual([]);
    expect(await countOf('task_tags WHERE task_id = $1', [task.id])).toBe(0);
  });

  it('shares one row per tag name between tasks', async () => {
    const name = `shared-${randomUUID().slice(0, 8)}`;
    const first = await createTask(db, owner, { title: 'One', tags: [name] });
    const second = await createTask(db, owner, { title: 'Two', tags: [name.toUpperCase(), 'other'] });
    expect(first.tags).toEqual([name]);
    expect(second.tags).toEqual(['other', name].sort());
    expect(await countOf('tags WHERE name = $1', [name])).toBe(1);
    expect(await countOf('task_tags JOIN tags ON tags.id = task_tags.tag_id WHERE tags.name = $1', [name])).toBe(2);
  });

  it('deleting a task removes its links, not the tags other tasks use', async () => {
    const name = `kept-${randomUUID().slice(0, 8)}`;
    const doomed = await createTask(db, owner, { title: 'Temporary', tags: [name] });
    const kept = await createTask(db, owner, { title: 'Stays', tags: [name] });
    await deleteTask(db, owner, doomed.id);
    expect(await countOf('task_tags WHERE task_id = $1', [doomed.id])).toBe(0);
    expect((await getTask(db, owner, kept.id)).tags).toEqual([name]);
  });

  it('deleting a user removes their tasks’ links', async () => {
    const leaving = await insertTestUser(db);
    const task = await createTask(db, leaving, { title: 'Goes too', tags: ['leaving'] });
    await db.query('DELETE FROM users WHERE id = $1', [leaving]);
    expect(await countOf('task_tags WHERE task_id = $1', [task.id])).toBe(0);
  });
});

describe('the tags and task_tags tables', () => {
  it('refuse a duplicate name, a name out of 1–30 characters, and a link twice or to nothing', async () => {
    const name = `unique-${randomUUID().slice(0, 8)}`;
    await db.query('INSERT INTO tags (name) VALUES ($1)', [name]);
    await expect(db.query('INSERT INTO tags (name) VALUES ($1)', [name])).rejects.toMatchObject({ code: '23505' });
    await expect(db.query("INSERT INTO tags (name) VALUES ('')")).rejects.toMatchObject({ code: '23514' });
    await expect(db.query('INSERT INTO tags (name) VALUES ($1)', ['x'.repeat(31)])).rejects.toMatchObject({
      code: '23514',
    });
    await expect(db.query('INSERT INTO tags (name) VALUES (NULL)')).rejects.toMatchObject({ code: '23502' });

    const task = await createTask(db, owner, { title: 'Linked', tags: [name] });
    const [tag] = await db.query<{ id: string }>('SELECT id FROM tags WHERE name = $1', [name]);
    await expect(
      db.query('INSERT INTO task_tags (task_id, tag_id) VALUES ($1, $2)', [task.id, tag?.id]),
    ).rejects.toMatchObject({ code: '23505' });
    await expect(
      db.query('INSERT INTO task_tags (task_id, tag_id) VALUES ($1, $2)', [randomUUID(), tag?.id]),
    ).rejects.toMatchObject({ code: '23503' });
    await expect(
      db.query('INSERT INTO task_tags (task_id, tag_id) VALUES ($1, $2)', [task.id, randomUUID()]),
    ).rejects.toMatchObject({ code: '23503' });
  });
});
