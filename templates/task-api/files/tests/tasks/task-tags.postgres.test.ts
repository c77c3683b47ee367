/**
 * Tags under concurrent writes. PGlite has a single connection, so its requests never overlap:
 * this runs on a PostgreSQL server only (TEST_DATABASE_URL, as in CI and `docker compose up -d`).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { createTask } from '../../src/tasks/tasks-service.js';
import { insertTestUser } from '../helpers/tasks.js';
import { createTestDatabase } from '../helpers/test-database.js';

describe.runIf(process.env.TEST_DATABASE_URL)('tags under concurrent writes (PostgreSQL)', () => {
  let db: Database;
  let owner: string;
  beforeAll(async () => {
    db = await createTestDatabase(); // a pool of 10 connections: 8 transactions really overlap;
    owner = await insertTestUser(db);
  });
  afterAll(() => db.close());

  it('8 tasks created at once with the same new tag are all stored, each with that one tag', async () => {
    // A few rounds: a race between "is the tag there?" and "insert it" does not lose every time.
    for (let round = 0; round < 10; round++) {
      const tag = `new-${randomUUID().slice(0, 8)}`;
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) => createTask(db, owner, { title: `At once ${round}.${i}`, tags: [tag] })),
      );
      const failures = results.flatMap((result) => (result.status === 'rejected' ? [String(result.reason)] : []));
      expect(
        failures,
        `round ${round}: creating 8 tasks at once with the new tag "${tag}" failed; another request may create the same tag between your look-up and your insert (INSERT … ON CONFLICT (name) DO NOTHING)`,
      ).toEqual([]);
      const [counts] = await db.query<{ tags: number; links: number }>(
        `SELECT (SELECT count(*)::int FROM tags WHERE name = $1) AS tags,
                (SELECT count(*)::int FROM task_tags JOIN tags ON tags.id = task_tags.tag_id WHERE tags.name = $1) AS links`,
        [tag],
      );
      expect(counts, `round ${round}: one row for the tag, and all 8 tasks linked to it`).toEqual({
        tags: 1,
        links: 8,
      });
    }
  });
});
