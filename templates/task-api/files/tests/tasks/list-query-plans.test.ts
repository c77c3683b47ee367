/**
 * Every filter and sort the task list offers can be answered from an index. On tiny tables
 * PostgreSQL rightly prefers reading everything, so the test loads a few thousand tasks for many
 * users, refreshes the planner's statistics, and switches sequential scans off for the EXPLAIN:
 * the question is "can this query shape use its index?", which a missing index would fail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { listTasksQuery, type TaskListFilters } from '../../src/tasks/tasks-list-repository.js';
import { planWithoutSeqScan } from '../helpers/query-plans.js';
import { createTestDatabase } from '../helpers/test-database.js';

let db: Database;
const OWNER = '6f1d0c52-2b7a-4d8e-9a0b-3c4d5e6f7a8b';

beforeAll(async () => {
  db = await createTestDatabase();
  // One busy user (whose queries are explained) among others, many tags, and a rare word: for a
  // word or tag on most of the user's tasks, reading those tasks in order is the better plan.
  await db.exec(`
    INSERT INTO users (id, email, password_hash) VALUES ('${OWNER}', 'plans@example.com', 'x');
    INSERT INTO users (email, password_hash) SELECT 'user' || n || '@example.com', 'x' FROM generate_series(1, 20) n;
    INSERT INTO tasks (owner_id, title, description, status, due_date, created_at)
    SELECT users.id,
           'Task ' || n || ' ' || (ARRAY['call', 'write', 'buy', 'plan', 'fix'])[1 + n % 5]
             || CASE WHEN n = 17 THEN ' zeppelin' ELSE '' END,
           CASE WHEN n % 3 = 0 THEN 'meeting notes ' || n END,
           (ARRAY['todo', 'in_progress', 'done'])[1 + n % 3],
           CASE WHEN n % 4 <> 0 THEN date '2030-01-01' + n % 365 END,
           timestamptz '2030-01-01' + n * interval '1 minute'
      FROM users, generate_series(1, CASE WHEN users.id = '${OWNER}' THEN 3000 ELSE 50 END) n;
    INSERT INTO tags (name) SELECT 'tag' || n FROM generate_series(1, 500) n;
    INSERT INTO task_tags (task_id, tag_id)
    SELECT tasks.id, tags.id FROM tasks JOIN tags ON tags.name = 'tag' || (1 + abs(hashtext(tasks.id::text)) % 500);
    ANALYZE;
  `);
});
afterAll(() => db.close());

function planOf(filters: Partial<TaskListFilters>): Promise<string> {
  const { sql, params } = listTasksQuery(OWNER, { sort: '-createdAt', limit: 20, ...filters });
  return planWithoutSeqScan(db, (explaining) => explaining.query(sql, params));
}

const AFTER = { sortKey: '2030-01-01T00:00:00.000000Z', id: '00000000-0000-4000-8000-000000000000' };

describe('task list query plans', () => {
  it.each<[string, Partial<TaskListFilters>, string]>([
    ['the default sort, newest first', {}, 'tasks_owner_created_idx'],
    ['sort=createdAt, from a cursor', { sort: 'createdAt', after: AFTER }, 'tasks_owner_created_idx'],
    ['sort=dueDate', { sort: 'dueDate' }, 'tasks_owner_due_idx'],
    [
      'sort=-dueDate, from a cursor',
      { sort: '-dueDate', after: { ...AFTER, sortKey: 'infinity' } },
      'tasks_owner_due_idx',
    ],
    ['status', { status: 'done' }, 'tasks_owner_status_created_idx'],
    ['dueBefore', { dueBefore: '2030-01-05', sort: 'dueDate' }, 'tasks_owner_due_idx'],
    ['tag', { tag: 'tag7' }, 'task_tags_tag_id_idx'],
    ['q', { searchQuery: 'zeppelin:*' }, 'tasks_search_idx'],
  ])('%s can use %s, without a sequential scan', async (_shape, filters, index) => {
    const plan = await planOf(filters);
    expect(plan, plan).toContain(index);
    expect(plan, plan).not.toMatch(/Seq Scan/);
    // A tasks index in the list's order hands the rows over sorted: no Sort but the tags' own by
    // name. (GIN and the tag index find rows in no list order, so those plans sort them, as they should.)
    if (index.startsWith('tasks_owner_')) {
      expect(plan, `${plan}\nrows come out of ${index} in list order, not sorted afterwards`).not.toMatch(
        /Sort Key: (?!tags(?:_\d+)?\.name)/,
      );
    }
  });
});
