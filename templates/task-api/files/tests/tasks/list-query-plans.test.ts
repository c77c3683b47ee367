/**
 * Every filter and sort the task list offers reads only what its page needs. The test loads data
 * shaped like a real system's — 100 000 tasks over 500 users, tags, a rare word — refreshes the
 * planner's statistics and leaves the planner alone. Then it runs each list query shape with
 * `EXPLAIN (ANALYZE, BUFFERS)` and judges the plan by what it did, not by what it is called: how
 * many rows it read and threw away, how many 8 kB pages (buffers) it touched, and whether it read
 * the whole table or sorted a user's every task to return twenty. Index names do not matter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { listTasksQuery, type TaskListFilters } from '../../src/tasks/tasks-list-repository.js';
import { measurePlan } from '../helpers/query-plans.js';
import { createFilledTestDatabase } from '../helpers/test-database.js';

let db: Database;
/** A busy user, with one task in 20 (5 000), and an ordinary one, with about 190. */
const BUSY = '6f1d0c52-2b7a-4d8e-9a0b-3c4d5e6f7a8b';
const ORDINARY = '0c9e8d7f-1a2b-4c3d-8e5f-6a7b8c9d0e1f';

/**
 * The data, generated in SQL, one statement per table. 500 users: task n belongs to the busy user
 * when n % 20 = 0, else to user 1 + n % 499, so everyone's tasks are scattered over the whole
 * table, created a minute apart. 500 tags, one or two per task; "zeppelin" in 40 tasks (half of
 * them the busy user's). Then VACUUM ANALYZE, as autovacuum would on a live system: VACUUM also
 * moves the rows a GIN index parked in its pending list into the index proper. Left there, every
 * search reads the whole list (hundreds of pages, a different number each run), and the word
 * search would be judged on the bulk load.
 */
const REALISTIC_DATA = [
  `INSERT INTO users (id, email, password_hash)
    SELECT CASE n WHEN 0 THEN '${BUSY}'::uuid WHEN 1 THEN '${ORDINARY}'::uuid ELSE gen_random_uuid() END,
           'user' || n || '@example.com', 'x'
      FROM generate_series(0, 499) n;
    INSERT INTO tasks (owner_id, title, description, status, due_date, created_at)
    SELECT CASE WHEN n % 20 = 0 THEN '${BUSY}'::uuid ELSE owners.ids[1 + n % 499] END,
           'Task ' || n || ' ' || (ARRAY['call', 'write', 'buy', 'plan', 'fix'])[1 + n % 5]
             || CASE WHEN n % 5000 IN (0, 7) THEN ' zeppelin' ELSE '' END,
           CASE WHEN n % 3 = 0 THEN 'meeting notes ' || n END,
           (ARRAY['todo', 'in_progress', 'done'])[1 + (n / 7) % 3],
           CASE WHEN n % 4 <> 0 THEN date '2030-01-01' + n % 365 END,
           timestamptz '2030-01-01' + n * interval '1 minute'
      FROM (SELECT array_agg(id ORDER BY email) FILTER (WHERE id <> '${BUSY}') AS ids FROM users) owners,
           generate_series(0, 99999) n;
    INSERT INTO tags (name) SELECT 'tag' || n FROM generate_series(1, 500) n;
    INSERT INTO task_tags (task_id, tag_id)
    SELECT tasks.id, tags.id FROM tasks JOIN tags
        ON tags.name IN ('tag' || (1 + abs(hashtext(tasks.id::text)) % 500), 'tag' || (1 + abs(hashtext(tasks.title)) % 500));
  `,
  'VACUUM ANALYZE',
];

beforeAll(async () => {
  // Building the data takes longer than the app's statement timeout allows a request; on PGlite it
  // is built once and kept until a migration changes (createFilledTestDatabase).
  db = await createFilledTestDatabase(REALISTIC_DATA, {
    size: 2,
    acquireTimeoutMs: 60_000,
    statementTimeoutMs: 300_000,
  });
}, 300_000);
afterAll(() => db.close());

const AFTER = { sortKey: '2030-02-01T00:00:00.000000Z', id: '00000000-0000-4000-8000-000000000000' };

/**
 * What one page of 20 may cost. A page needs about 21 rows of its user plus their tags; a tag
 * filter also reads every task carrying the tag (about 400, all users'), which no index on
 * tasks avoids. Far above what a good plan uses; far below what a scan of a user's tasks costs.
 */
const PAGE = { discarded: 250, buffers: 600 };
const TAG_PAGE = { discarded: 1000, buffers: 4000 };

describe.each([
  ['an ordinary user (about 190 tasks)', ORDINARY],
  ['a busy user (5 000 tasks)', BUSY],
])('task list query plans on realistic data, for %s', (_user, owner) => {
  it.each<[string, Partial<TaskListFilters>, typeof PAGE]>([
    ['the default sort, newest first', {}, PAGE],
    ['sort=createdAt, from a cursor', { sort: 'createdAt', after: AFTER }, PAGE],
    ['sort=dueDate', { sort: 'dueDate' }, PAGE],
    ['sort=-dueDate, from a cursor', { sort: '-dueDate', after: { ...AFTER, sortKey: '2030-06-01' } }, PAGE],
    ['status', { status: 'done' }, PAGE],
    ['dueBefore', { dueBefore: '2030-03-01', sort: 'dueDate' }, PAGE],
    ['tag', { tag: 'tag7' }, TAG_PAGE],
    ['q, a rare word', { searchQuery: 'zeppelin' }, PAGE],
  ])('%s reads only what its page needs', async (_shape, filters, limits) => {
    const { sql, params } = listTasksQuery(owner, { sort: '-createdAt', limit: 20, ...filters });
    const plan = await measurePlan(db, sql, params);
    const why = `\n${plan.text}\nAn index that starts with owner_id and continues in the list's order (or, for a tag or a word, one that finds those rows) lets PostgreSQL read only this page.`;
    // (Reading the 500 tags whole to find a task's tag names is fine: it is a few pages.)
    const tablesReadWhole = plan.seqScans.filter((table) => table !== 'tags');
    expect(tablesReadWhole, `a sequential scan reads a whole table for one page${why}`).toEqual([]);
    expect(plan.rowsDiscarded, `rows read and thrown away by a filter${why}`).toBeLessThanOrEqual(limits.discarded);
    expect(plan.buffers, `8 kB pages touched for one page of 20 tasks${why}`).toBeLessThanOrEqual(limits.buffers);
  });
});
