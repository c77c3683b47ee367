import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { lockDataDirectory } from './data-directory-lock.js';
import type { Database, DatabaseConfig, Transaction } from './database.js';

export async function openPglite(config: Extract<DatabaseConfig, { kind: 'pglite' }>): Promise<Database> {
  const options = config.loadFrom ? { loadDataDir: config.loadFrom } : {};
  if (!config.dataDir) return pgliteDatabase(await PGlite.create(options)); // in memory: nothing to share
  await mkdir(config.dataDir, { recursive: true });
  // Before opening: a second process on one data directory would overwrite the first one's data.
  const release = lockDataDirectory(config.dataDir);
  try {
    const database = pgliteDatabase(await PGlite.create(config.dataDir, options));
    return {
      ...database,
      close: async () => {
        try {
          await database.close();
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

export function pgliteDatabase(db: PGlite): Database {
  const wrap = (target: Pick<PGlite, 'query' | 'exec'>): Transaction => ({
    query: async (sql, params) => (await target.query(sql, params as unknown[])).rows as never,
    exec: async (sql) => void (await target.exec(sql)),
  });

  return {
    ...wrap(db),
    // PGlite is a single connection: while a transaction runs, other queries wait for it.
    transaction: (work) => db.transaction((tx) => work(wrap(tx))),
    ping: async () => !db.closed,
    close: () => db.close(),
  };
}
