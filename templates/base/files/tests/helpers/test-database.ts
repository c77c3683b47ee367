/**
 * A fresh, migrated database for one test file, so files never see each other's rows:
 * PGlite in memory by default, or a new database on the server at TEST_DATABASE_URL.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { connectDatabase, type Database, type PoolSettings } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';

export async function createTestDatabase(pool?: PoolSettings): Promise<Database> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const snapshot = await readFile(inject('pgliteSnapshot'));
    return connectDatabase({ kind: 'pglite', loadFrom: new Blob([snapshot]) });
  }

  const server = await createServerDatabase(serverUrl);
  const db = await connectDatabase({ kind: 'postgres', url: server.url }, pool);
  await migrate(db);
  return {
    ...db,
    async close() {
      await db.close();
      await server.drop();
    },
  };
}

/**
 * @public A fresh, migrated database filled by `statements` (SQL, run one by one, so VACUUM may be
 * among them): for test data too big to insert again on every run. On PGlite the filled database
 * is saved beside the migrated one after its first fill, named after that database and the
 * statements, and loaded from there on: only a changed migration or statement pays the fill again.
 */
export async function createFilledTestDatabase(statements: string[], pool?: PoolSettings): Promise<Database> {
  if (process.env.TEST_DATABASE_URL) {
    const db = await createTestDatabase(pool);
    for (const statement of statements) await db.exec(statement);
    return db;
  }
  const migrated = inject('pgliteSnapshot');
  const key = createHash('sha256')
    .update([migrated, ...statements].join('\n'))
    .digest('hex')
    .slice(0, 16);
  const filled = join(dirname(migrated), `filled-${key}.tar`);
  if (!(await stat(filled).catch(() => undefined))) {
    const pglite = await PGlite.create({ loadDataDir: new Blob([await readFile(migrated)]) });
    try {
      for (const statement of statements) await pglite.exec(statement);
      const dump = await pglite.dumpDataDir('none');
      // Written beside its final name, then renamed: a run that stops halfway leaves no bad file.
      await mkdir(dirname(filled), { recursive: true });
      await writeFile(`${filled}.${process.pid}.partial`, Buffer.from(await dump.arrayBuffer()));
      await rename(`${filled}.${process.pid}.partial`, filled);
    } finally {
      await pglite.close();
    }
  }
  return connectDatabase({ kind: 'pglite', loadFrom: new Blob([await readFile(filled)]) }, pool);
}

/**
 * @public Deletes every row of every table but the migrations' record, so the next test starts
 * from the freshly migrated state without loading a new database.
 */
export async function emptyTables(db: Database): Promise<void> {
  const tables = await db.query<{ name: string }>(
    `SELECT quote_ident(tablename) AS name FROM pg_tables
     WHERE schemaname = current_schema() AND tablename <> 'schema_migrations'`,
  );
  const names = tables.map((table) => table.name).join(', ');
  if (names) await db.query(`TRUNCATE ${names} RESTART IDENTITY CASCADE`);
}

/**
 * An empty database (no tables, not migrated) opened `count` times, like `count` app instances
 * starting against a new database: separate connection pools on a PostgreSQL server, or one
 * shared in-memory PGlite (a single connection by nature). PGlite runs `initdb` here, which
 * takes a few seconds, so use this only where an empty database is the point of the test.
 */
export async function openEmptyTestDatabase(count: number): Promise<{ instances: Database[]; close(): Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const db = await connectDatabase({ kind: 'pglite' });
    return { instances: Array.from({ length: count }, () => db), close: () => db.close() };
  }
  const server = await createServerDatabase(serverUrl);
  const instances = await Promise.all(
    Array.from({ length: count }, () => connectDatabase({ kind: 'postgres', url: server.url })),
  );
  return {
    instances,
    async close() {
      await Promise.all(instances.map((db) => db.close()));
      await server.drop();
    },
  };
}

/** Creates a database with a random name on the server at `serverUrl`; `drop` removes it. */
async function createServerDatabase(serverUrl: string) {
  const name = `test_${randomBytes(6).toString('hex')}`;
  await withAdminClient(serverUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withAdminClient(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

async function withAdminClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
