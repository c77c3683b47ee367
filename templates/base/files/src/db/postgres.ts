import pg from 'pg';
import type { Database, Transaction } from './database.js';

export async function connectPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // Fail fast instead of queueing forever when the server is unreachable.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
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
  const query = async <Row>(client: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]) =>
    (await client.query({ name: nameOf(sql), text: sql, values: params as unknown[] })).rows as Row[];

  return {
    query: (sql, params) => query(pool, sql, params),
    async transaction(work) {
      const client = await pool.connect();
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
      await pool.query(sql);
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
