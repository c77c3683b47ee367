/**
 * Your development database and the migrations you write. A migration runs once and is recorded
 * with a checksum; editing it afterwards would leave the database with the old schema. So before
 * `npm run dev`, `npm run db:migrate` and `npm run db:seed`, the two are compared and, when a
 * migration changed after it ran, the message says which one and how to start over:
 * `npm run db:reset` (development data only). tests/practice/dev-database.test.ts proves it.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { lockDataDirectory } from '../../src/db/data-directory-lock.js';
import { connectDatabase, type Database, type DatabaseConfig, type Queryable } from '../../src/db/database.js';
import { type Migration, readMigrations } from '../../src/db/migrate.js';
import { RUN } from './commands.js';

/** Migrations whose file no longer matches what ran against `db` (a deleted one is named too). */
export async function changedMigrations(db: Queryable, migrations?: Migration[]): Promise<string[]> {
  const [table] = await db.query<{ name: string | null }>("SELECT to_regclass('schema_migrations')::text AS name");
  if (!table?.name) return [];
  const applied = new Map(
    (await db.query<{ name: string; checksum: string }>('SELECT name, checksum FROM schema_migrations')).map((row) => [
      row.name,
      row.checksum,
    ]),
  );
  const files = migrations ?? (await readMigrations());
  const changed = files.filter((file) => applied.has(file.name) && applied.get(file.name) !== file.checksum);
  const removed = [...applied.keys()].filter((name) => !files.some((file) => file.name === name));
  return [
    ...changed.map((file) => `migrations/${file.name}`),
    ...removed.map((name) => `migrations/${name} (deleted)`),
  ];
}

export function changedMigrationsMessage(changed: string[]): string {
  return (
    `Changed after it ran against your development database: ${changed.join(', ')}. ` +
    `Run \`${RUN} db:reset\` to rebuild it from your migrations (its data is lost), or undo the change.`
  );
}

/** What is wrong with the development database, in one line; `undefined` when nothing is. */
export async function checkDevelopmentDatabase(config: DatabaseConfig): Promise<string | undefined> {
  // A PGlite folder that does not exist yet has nothing applied: nothing to compare.
  if (config.kind === 'pglite' && !(config.dataDir && existsSync(resolve(config.dataDir)))) return undefined;
  const db = await connectDatabase(config);
  try {
    const changed = await changedMigrations(db);
    return changed.length > 0 ? changedMigrationsMessage(changed) : undefined;
  } finally {
    await db.close();
  }
}

/**
 * Empties the development database: PGlite's folder is removed (refused while another process,
 * such as the dev server, holds it), a server's public schema dropped and created again.
 */
export async function resetDevelopmentDatabase(config: DatabaseConfig): Promise<void> {
  if (config.kind === 'pglite') {
    if (!config.dataDir) return;
    const release = lockDataDirectory(config.dataDir);
    try {
      await rm(resolve(config.dataDir), { recursive: true, force: true });
    } finally {
      release();
    }
    return;
  }
  const db = await connectDatabase(config);
  try {
    await emptySchema(db);
  } finally {
    await db.close();
  }
}

/** Drops every table, type and function of the public schema (migrations start again from 0001). */
export async function emptySchema(db: Database): Promise<void> {
  await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
}
