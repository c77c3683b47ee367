/** `npm run db:seed` run for real, twice, on a database of its own (PGlite in a temp directory). */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../src/db/database.js';

const run = promisify(execFile);
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'seed-test-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const seed = () =>
  run(process.execPath, ['--import', 'tsx', 'src/cli/seed.ts'], {
    env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: '', PGLITE_DATA_DIR: dataDir },
  });

describe('db:seed', () => {
  it('creates a demo user with tasks, and a second run changes nothing', { timeout: 120_000 }, async () => {
    expect((await seed()).stdout).toContain('Seeded 20 tasks for demo@example.com');
    expect((await seed()).stdout).toContain('Already seeded');

    const db = await connectDatabase({ kind: 'pglite', dataDir });
    try {
      const [counts] = await db.query<{ users: number; tasks: number; tagged: number }>(
        `SELECT (SELECT count(*)::int FROM users) AS users,
                (SELECT count(*)::int FROM tasks) AS tasks,
                (SELECT count(DISTINCT task_id)::int FROM task_tags) AS tagged`,
      );
      expect(counts).toEqual({ users: 1, tasks: 20, tagged: 20 });
    } finally {
      await db.close();
    }
  });
});
