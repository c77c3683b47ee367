/**
 * Your development database and the migrations you write. A migration runs once and is recorded
 * with a checksum; editing it afterwards would leave the database with the old schema. So before
 * `npm run dev` and `npm run db:migrate`, this compares the two and, when a migration changed
 * after it ran, says which one and how to start over: `npm run db:reset` (development data only).
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/config.js';
import { connectDatabase, type Database } from '../../src/db/database.js';
import { readMigrations } from '../../src/db/migrate.js';
import { RUN } from './commands.js';

/** Migrations whose file no longer matches what ran against `db`. */
export async function changedMigrations(db: Database): Promise<string[]> {
  const [table] = await db.query<{ name: string | null }>("SELECT to_regclass('schema_migrations')::text AS name");
  if (!table?.name) return [];
  const applied = new Map(
    (await db.query<{ name: string; checksum: string }>('SELECT name, checksum FROM schema_migrations')).map((row) => [
      row.name,
      row.checksum,
    ]),
  );
  const files = await readMigrations();
  const changed = files.filter((file) => applied.has(file.name) && applied.get(file.name) !== file.checksum);
  const removed = [...applied.keys()].filter((name) => !files.some((file) => file.name === name));
  return [...changed.map((file) => file.name), ...removed.map((name) => `${name} (deleted)`)];
}

async function check(db: Database): Promise<boolean> {
  const changed = await changedMigrations(db);
  if (changed.length === 0) return true;
  console.error(
    `Changed after it ran against your development database: ${changed.join(', ')}. ` +
      `Run \`${RUN} db:reset\` to rebuild it from your migrations (its data is lost), or undo the change.`,
  );
  return false;
}

/** Empties the development database: PGlite's folder is removed, a server's public schema dropped. */
async function reset(): Promise<void> {
  const config = loadConfig();
  if (config.isProduction) throw new Error('db:reset refuses to run with NODE_ENV=production.');
  if (config.database.kind === 'pglite') {
    if (config.database.dataDir) await rm(resolve(config.database.dataDir), { recursive: true, force: true });
  } else {
    const db = await connectDatabase(config.database);
    try {
      await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    } finally {
      await db.close();
    }
  }
  console.log(`The development database is empty; \`${RUN} dev\` or \`${RUN} db:migrate\` applies your migrations.`);
}

const { positionals } = parseArgs({ allowPositionals: true });
try {
  if (positionals[0] === 'reset') {
    await reset();
  } else {
    const config = loadConfig();
    // A PGlite folder that does not exist yet has nothing applied: nothing to compare.
    if (
      config.database.kind === 'pglite' &&
      !(config.database.dataDir && existsSync(resolve(config.database.dataDir)))
    ) {
      process.exit(0);
    }
    const db = await connectDatabase(config.database);
    let ok: boolean;
    try {
      ok = await check(db);
    } finally {
      await db.close();
    }
    if (!ok) process.exitCode = 1;
  }
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
