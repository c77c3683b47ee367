/**
 * The `tasks` table's own rules, tried directly in SQL: the API validates input too, but scripts,
 * seeds and future services write to the table without it, so the table must refuse bad rows itself.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { insertTestUser } from '../helpers/tasks.js';
import { createTestDatabase } from '../helpers/test-database.js';

let db: Database;
let ownerId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  ownerId = await insertTestUser(db);
});
afterAll(() => db.close());

const insertTask = (columns: Record<string, unknown>) => {
  const names = Object.keys(columns);
  return db.query<{ id: string }>(
    `INSERT INTO tasks (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
    Object.values(columns),
  );
};

/** SQLSTATE codes: https://www.postgresql.org/docs/current/errcodes-appendix.html */
const NOT_NULL_VIOLATION = '23502';
const FOREIGN_KEY_VIOLATION = '23503';
const CHECK_VIOLATION = '23514';
/** A value an enum or a varchar(n) column cannot hold: refused as well, with its own code. */
const INVALID_TEXT = '22P02';
const TOO_LONG = '22001';

describe('the tasks table', () => {
  it('has the columns the app reads and writes, with their types', async () => {
    const columns = await db.query<{ column_name: string; data_type: string; is_nullable: string; udt_name: string }>(
      `SELECT column_name, data_type, is_nullable, udt_name FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = 'tasks' ORDER BY column_name`,
    );
    // Text may be `text` or `varchar`; the status may also be an enum of exactly the three statuses.
    const TEXT = ['text', 'character varying'];
    const expected: Record<string, { types: string[]; nullable: boolean }> = {
      created_at: { types: ['timestamp with time zone'], nullable: false },
      description: { types: TEXT, nullable: true },
      due_date: { types: ['date'], nullable: true },
      id: { types: ['uuid'], nullable: false },
      owner_id: { types: ['uuid'], nullable: false },
      search: { types: ['tsvector'], nullable: true },
      status: { types: [...TEXT, 'USER-DEFINED'], nullable: false },
      title: { types: TEXT, nullable: false },
      updated_at: { types: ['timestamp with time zone'], nullable: false },
    };
    expect(
      columns.map((column) => column.column_name),
      'the columns of tasks',
    ).toEqual(Object.keys(expected));
    for (const column of columns) {
      const { types, nullable } = expected[column.column_name] ?? { types: [], nullable: false };
      expect(types, `column ${column.column_name} is ${column.data_type}, expected ${types.join(' or ')}`).toContain(
        column.data_type,
      );
      expect(column.is_nullable, `column ${column.column_name} must ${nullable ? 'allow' : 'refuse'} NULL`).toBe(
        nullable ? 'YES' : 'NO',
      );
      if (column.data_type === 'USER-DEFINED') {
        const labels = await db.query<{ label: string }>(
          'SELECT enumlabel AS label FROM pg_enum JOIN pg_type ON pg_type.oid = enumtypid WHERE typname = $1 ORDER BY enumlabel',
          [column.udt_name],
        );
        expect(
          labels.map((row) => row.label),
          `the enum type of column ${column.column_name}`,
        ).toEqual(['done', 'in_progress', 'todo']);
      }
    }
  });

  it('fills in the id, the status and both timestamps', async () => {
    const [task] = await insertTask({ owner_id: ownerId, title: 'Defaults' });
    const [row] = await db.query(
      'SELECT id, description, status, due_date, created_at, updated_at FROM tasks WHERE id = $1',
      [task?.id],
    );
    expect(row).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      description: null,
      status: 'todo',
      due_date: null,
      created_at: expect.any(Date),
      updated_at: expect.any(Date),
    });
  });

  it('keeps every field it is given', async () => {
    const [task] = await insertTask({
      owner_id: ownerId,
      title: 'x'.repeat(200),
      description: 'y'.repeat(5000),
      status: 'in_progress',
      due_date: '2030-06-01',
    });
    const [row] = await db.query(
      'SELECT title, description, status, due_date::text AS due_date FROM tasks WHERE id = $1',
      [task?.id],
    );
    expect(row).toEqual({
      title: 'x'.repeat(200),
      description: 'y'.repeat(5000),
      status: 'in_progress',
      due_date: '2030-06-01',
    });
  });

  it.each<[string, Record<string, unknown>, string | string[]]>([
    ['a task without an owner', { title: 'Orphan' }, NOT_NULL_VIOLATION],
    ['an owner who is not a user', { owner_id: randomUUID(), title: 'Stranger' }, FOREIGN_KEY_VIOLATION],
    ['a task without a title', { owner_id: 'OWNER' }, NOT_NULL_VIOLATION],
    ['an empty title', { owner_id: 'OWNER', title: '' }, CHECK_VIOLATION],
    ['a title of 201 characters', { owner_id: 'OWNER', title: 'x'.repeat(201) }, [CHECK_VIOLATION, TOO_LONG]],
    [
      'a description of 5001 characters',
      { owner_id: 'OWNER', title: 'ok', description: 'x'.repeat(5001) },
      [CHECK_VIOLATION, TOO_LONG],
    ],
    ['an unknown status', { owner_id: 'OWNER', title: 'ok', status: 'blocked' }, [CHECK_VIOLATION, INVALID_TEXT]],
    ['a null status', { owner_id: 'OWNER', title: 'ok', status: null }, NOT_NULL_VIOLATION],
  ])('refuses %s', async (_what, columns, code) => {
    const row = Object.fromEntries(
      Object.entries(columns).map(([name, value]) => [name, value === 'OWNER' ? ownerId : value]),
    );
    const error = await insertTask(row).then(
      () => undefined,
      (rejection: { code?: string }) => rejection,
    );
    expect(error, 'the table must refuse this row').toBeDefined();
    const codes = [code].flat();
    expect(codes, `refused with SQLSTATE ${error?.code} (${String(error)}), expected ${codes.join(' or ')}`).toContain(
      error?.code,
    );
  });

  it('accepts each of the three statuses, counting title length in characters', async () => {
    for (const status of ['todo', 'in_progress', 'done']) {
      await expect(insertTask({ owner_id: ownerId, title: 'é'.repeat(200), status })).resolves.toHaveLength(1);
    }
  });

  it('deletes a user’s tasks with the user', async () => {
    const doomed = await insertTestUser(db);
    await insertTask({ owner_id: doomed, title: 'Goes with its owner' });
    await db.query('DELETE FROM users WHERE id = $1', [doomed]);
    const [row] = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM tasks WHERE owner_id = $1', [
      doomed,
    ]);
    expect(row?.count).toBe(0);
  });

  it('generates the search column from the title and description, and keeps it current', async () => {
    const [task] = await insertTask({ owner_id: ownerId, title: 'Prepare Meeting', description: 'Bring NOTES' });
    const matches = async (query: string) => {
      const [row] = await db.query<{ matches: boolean }>(
        "SELECT search @@ to_tsquery('simple', $2) AS matches FROM tasks WHERE id = $1",
        [task?.id, query],
      );
      return row?.matches;
    };
    expect(await matches('meeting & notes')).toBe(true);
    expect(await matches('meet:*')).toBe(true);
    await db.query("UPDATE tasks SET title = 'Something else', description = NULL WHERE id = $1", [task?.id]);
    expect(await matches('meeting')).toBe(false);
    expect(await matches('something')).toBe(true);
    await expect(
      db.query("UPDATE tasks SET search = to_tsvector('simple', 'x') WHERE id = $1", [task?.id]),
    ).rejects.toThrow();
  });
});
