/**
 * Your development database and your migrations (scripts/practice/dev-database.ts, run before
 * `npm run dev`, `db:migrate` and `db:seed`): a migration changed after it ran is named with the
 * way out, a new migration simply applies, and `npm run db:reset` leaves a clean schema. On
 * PGlite, and on PostgreSQL when TEST_DATABASE_URL is set.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RUN } from '../../scripts/practice/commands.js';
import {
  changedMigrations,
  changedMigrationsMessage,
  checkDevelopmentDatabase,
  emptySchema,
  resetDevelopmentDatabase,
} from '../../scripts/practice/dev-database.js';
import { DataDirectoryInUseError } from '../../src/db/data-directory-lock.js';
import { connectDatabase, type Database, type Queryable } from '../../src/db/database.js';
import { type Migration, migrate, readMigrations } from '../../src/db/migrate.js';
import { createTestDatabase } from '../helpers/test-database.js';

let db: Database;
let migrations: Migration[];
beforeAll(async () => {
  db = await createTestDatabase();
  migrations = await readMigrations();
});
afterAll(() => db.close());

const edited = (migration: Migration): Migration => ({
  ...migration,
  sql: `${migration.sql}\n-- edited after it ran`,
  checksum: `${migration.checksum}-edited`,
});

const tablesOf = async (database: Queryable) =>
  (
    await database.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
    )
  ).map((row) => row.name);

describe('the development database and your migrations', () => {
  it('reports nothing while every migration is the file that ran', async () => {
    expect(await changedMigrations(db, migrations)).toEqual([]);
  });

  it('names a migration edited after it ran, and the way out', async () => {
    const last = migrations.at(-1) as Migration;
    const changed = await changedMigrations(db, [...migrations.slice(0, -1), edited(last)]);
    expect(changed).toEqual([`migrations/${last.name}`]);
    const message = changedMigrationsMessage(changed);
    expect(message).toContain(`migrations/${last.name}`);
    expect(message).toContain(`\`${RUN} db:reset\``);
  });

  it('names a migration deleted after it ran', async () => {
    const last = migrations.at(-1) as Migration;
    expect(await changedMigrations(db, migrations.slice(0, -1))).toEqual([`migrations/${last.name} (deleted)`]);
  });

  it('applies a new migration, which is not a change', async () => {
    const added = {
      name: '9999_practice_probe.sql',
      sql: 'CREATE TABLE practice_probe (id integer);',
      checksum: 'probe',
    };
    expect(await migrate(db, [...migrations, added])).toEqual([added.name]);
    expect(await changedMigrations(db, [...migrations, added])).toEqual([]);
    expect(await tablesOf(db)).toContain('practice_probe');
  });

  it('db:reset leaves an empty schema, which your migrations build again from the first', async () => {
    await emptySchema(db);
    expect(await tablesOf(db)).toEqual([]);
    expect(await changedMigrations(db, migrations)).toEqual([]);
    expect(await migrate(db, migrations)).toEqual(migrations.map((migration) => migration.name));
    expect(await tablesOf(db)).toContain('schema_migrations');
  });
});

// `npm run dev` without DATABASE_URL keeps the database in a PGlite folder (.data/).
describe.skipIf(process.env.TEST_DATABASE_URL)('a PGlite data directory', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'practice-dev-db-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is checked as it is on disk, and db:reset removes it (never while in use)', async () => {
    const config = { kind: 'pglite', dataDir: join(dir, 'data') } as const;
    expect(await checkDevelopmentDatabase(config), 'no folder yet: nothing ran').toBeUndefined();

    const dev = await connectDatabase({ ...config, loadFrom: new Blob([await readFile(inject('pgliteSnapshot'))]) });
    const last = migrations.at(-1) as Migration;
    // What a migration edited after it ran looks like: the checksum that ran is not the file's.
    await dev.query("UPDATE schema_migrations SET checksum = 'what ran before' WHERE name = $1", [last.name]);
    await expect(resetDevelopmentDatabase(config), 'the dev server holds it').rejects.toThrow(DataDirectoryInUseError);
    await dev.close();

    expect(await checkDevelopmentDatabase(config)).toBe(changedMigrationsMessage([`migrations/${last.name}`]));
    await resetDevelopmentDatabase(config);
    expect(existsSync(config.dataDir)).toBe(false);
    expect(await checkDevelopmentDatabase(config)).toBeUndefined();
  });
});
