import pg from 'pg';
import type { Database, PoolSettings, Transaction } from './database.js';
import { DatabaseUnavailableError } from './database-errors.js';

export async function connectPostgres(url: string, settings: PoolSettings): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: settings.size,
    // A request waits this long for a free connection (or for an unreachable server), then
    // fails with a 503 instead of queueing behind slow requests forever.
    connectionTimeoutMillis: settings.acquireTimeoutMs,
    idleTimeoutMillis: 30_000,
    // One expensive query must not hold a connection (and the server's CPU) for minutes: the
    // server cancels it (SQLSTATE 57014), which the error handler also answers with a 503.
    statement_timeout: settings.statementTimeoutMs,
  });
  // An idle client that loses its connection emits 'error'; without a listener it would crash
  // the process. The pool replaces the client on the next checkout.
  pool.on('error', () => {});

  // Every statement is prepared once per connection, under a name of its own: PostgreSQL then
  // parses it once and can reuse its plan, instead of parsing and planning it on every call.
  // The names stay few because every SQL text in this app is fixed or built from fixed pieces;
  // values always travel as parameters, never inside the text.
  // (A pooler such as PgBouncer in transaction mode needs max_prepared_statements for this.)
  const statementNames = new Map<string, string>();
  const nameOf = (sql: string) => {
    let name = statementNames.get(sql);
    if (name === undefined) {
      name = `statement_${statementNames.size + 1}`;
      statementNames.set(sql, name);
    }
    return name;
  };
  const query = async <Row>(client: pg.PoolClient, sql: string, params?: readonly unknown[]) =>
    (await client.query({ name: nameOf(sql), text: sql, values: params as unknown[] })).rows as Row[];

  /** A connection from the pool; waiting too long for one (or for the server) is a 503, not a 500. */
  const connect = async () => {
    try {
      return await pool.connect();
    } catch (error) {
      throw new DatabaseUnavailableError('No database connection became free in time', { cause: error });
    }
  };
  const withClient = async <T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await connect();
    try {
      return await work(client);
    } finally {
      client.release();
    }
  };

  return {
    query: (sql, params) => withClient((client) => query(client, sql, params)),
    async transaction(work) {
      const client = await connect();
      try {
        await client.query('BEGIN');
        const tx: Transaction = {
          query: (sql, params) => query(client, sql, params),
          exec: async (sql) => void (await client.query(sql)),
        };
        const result = await work(tx);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async exec(sql) {
      await withClient((client) => client.query(sql));
    },
    async ping() {
      try {
        await pool.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    close: () => pool.end(),
  };
}
