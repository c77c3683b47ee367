import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { Database, DatabaseConfig, Transaction } from './database.js';

export async function openPglite(config: Extract<DatabaseConfig, { kind: 'pglite' }>): Promise<Database> {
  if (config.dataDir) await mkdir(config.dataDir, { recursive: true });
  return pgliteDatabase(await PGlite.create(config.dataDir, config.loadFrom ? { loadDataDir: config.loadFrom } : {}));
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
