/**
 * Applies the numbered `.sql` files in `migrations/` that have not run yet, in name order.
 * The same runner serves `npm run db:migrate` and every start-up.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Database } from './database.js';

/**
 * `migrations/` in the working directory, as migration tools usually have it: npm scripts, the
 * tests and the Docker image (WORKDIR /app) all run from the project root. (Not relative to this
 * file: the production build bundles it into `dist/server.js`.)
 */
const MIGRATIONS_DIR = resolve('migrations');

/** Any constant shared by every instance of this app; it names the lock in `pg_locks`. */
const MIGRATION_LOCK_ID = 7_262_105;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.sql')).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(join(dir, name), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

/** Returns the names of the migrations it applied. */
export async function migrate(db: Database, migrations?: Migration[]): Promise<string[]> {
  const all = migrations ?? (await readMigrations());
  return db.transaction(async (tx) => {
    // The app's statement_timeout guards requests; a migration (an index on a big table) or the
    // wait for another instance's migration may take longer, and must not fail half-way.
    await tx.exec('SET LOCAL statement_timeout = 0');
    // Several instances may start at once against an empty database: the first takes this
    // lock and migrates, the others wait here and then find nothing left to do. A
    // transaction-scoped lock is released on commit or rollback, even if the process dies.
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_ID]);
    await tx.exec(`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        name       text PRIMARY KEY,
        checksum   text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    const applied = new Map(
      (await tx.query<{ name: string; checksum: string }>('SELECT name, checksum FROM schema_migrations')).map(
        (row) => [row.name, row.checksum],
      ),
    );
    const pending: string[] = [];
    for (const migration of all) {
      const checksum = applied.get(migration.name);
      if (checksum === undefined) {
        await tx.exec(migration.sql);
        await tx.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [
          migration.name,
          migration.checksum,
        ]);
        pending.push(migration.name);
      } else if (checksum !== migration.checksum) {
        throw new Error(
          `Migration ${migration.name} changed after it was applied. Never edit an applied migration: add a new one.`,
        );
      }
    }
    return pending;
  });
}
