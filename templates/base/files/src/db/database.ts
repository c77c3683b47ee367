/**
 * The one small interface the app uses to talk to PostgreSQL, whichever engine runs it:
 * PGlite (Postgres compiled to WebAssembly, in-process, zero setup) or a real server through `pg`.
 * Repositories only see `Queryable`, so the same SQL runs on both.
 */
export interface Queryable {
  /** Runs one parameterized statement (`$1`, `$2`, …) and returns its rows. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

/** Runs a script of several statements without parameters (migrations, test fixtures). */
interface ScriptRunner {
  exec(sql: string): Promise<void>;
}

export type Transaction = Queryable & ScriptRunner;

export interface Database extends Queryable, ScriptRunner {
  /** Runs `work` in a transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  /** True when the database answers; used by `/readyz`. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * How a PostgreSQL connection pool protects the server (and is protected from slow queries).
 * PGlite is one connection inside the process and ignores these.
 */
export interface PoolSettings {
  /** Connections per app instance. */
  size: number;
  /** How long a request waits for a free connection before it is answered 503. */
  acquireTimeoutMs: number;
  /** The server cancels any statement running longer than this (`statement_timeout`). */
  statementTimeoutMs: number;
}

const DEFAULT_POOL: PoolSettings = { size: 10, acquireTimeoutMs: 5_000, statementTimeoutMs: 5_000 };

export type DatabaseConfig =
  | { kind: 'postgres'; url: string }
  /** `dataDir` undefined keeps the database in memory (tests). */
  | { kind: 'pglite'; dataDir?: string; loadFrom?: Blob };

export async function connectDatabase(config: DatabaseConfig, pool: PoolSettings = DEFAULT_POOL): Promise<Database> {
  // Imported on demand so a deployment on PostgreSQL never loads the WebAssembly engine, and back.
  if (config.kind === 'postgres') {
    const { connectPostgres } = await import('./postgres.js');
    return connectPostgres(config.url, pool);
  }
  const { openPglite } = await import('./pglite.js');
  return openPglite(config);
}
