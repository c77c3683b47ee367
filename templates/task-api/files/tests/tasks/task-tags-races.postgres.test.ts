/**
 * Tags created at the same moment by two requests, in opposite orders. Creating a tag that
 * another transaction is creating waits for it; if each request holds the tag the other wants
 * next, PostgreSQL detects a deadlock and aborts one of them. Inserting a task's new tags in one
 * order (by name) makes the second request wait for the first instead. Concurrency needs
 * PostgreSQL (TEST_DATABASE_URL): its pool gives each call its own connection; PGlite has one.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { createTask } from '../../src/tasks/tasks-service.js';
import { insertTestUser } from '../helpers/tasks.js';
import { createTestDatabase } from '../helpers/test-database.js';

// Before the fixed order, 4–16 of these 100 rounds ended in a deadlock.
const ROUNDS = 100;

describe.runIf(process.env.TEST_DATABASE_URL)('new tags created concurrently', { timeout: 60_000 }, () => {
  let db: Database;
  let owners: string[];
  beforeAll(async () => {
    db = await createTestDatabase();
    owners = [await insertTestUser(db), await insertTestUser(db)];
  });
  afterAll(() => db?.close());

  it('in opposite orders by two users: every task is created, none deadlocks', async () => {
    const failures: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const names = Array.from({ length: 20 }, (_, i) => `${i}-${randomUUID().slice(0, 8)}`);
      // Four requests: each user sends the same new tags forwards and backwards.
      const results = await Promise.allSettled(
        [names, [...names].reverse(), names, [...names].reverse()].map((tags, i) =>
          createTask(db, owners[i % 2] ?? '', { title: `Request ${i}`, tags }),
        ),
      );
      for (const result of results) {
        if (result.status === 'rejected') failures.push(`round ${round}: ${String(result.reason)}`);
        else expect(result.value.tags).toEqual([...names].sort());
      }
    }
    expect(failures).toEqual([]);
  });
});
