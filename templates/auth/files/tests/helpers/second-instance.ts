/**
 * A second app instance on the SAME database as a test app, to show what holds across several
 * instances behind a load balancer. On PostgreSQL it opens its own connection pool to the test
 * database, exactly as a second process would. PGlite is one connection inside this process,
 * so there the second app shares it (and transactions run one after another). With `REDIS_URL`,
 * it has its own Redis client on the same keys as the first app.
 */
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { connectDatabase, type Database, type PoolSettings } from '../../src/db/database.js';
import { connectTestRedis, type TestApp } from './test-app.js';

export async function buildSecondInstance(first: TestApp, env: Record<string, string> = {}) {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
  const db = await sameDatabase(first.db, config.databasePool);
  const redis = connectTestRedis(config);
  const app = await buildApp({ config, db, redis });
  app.addHook('onClose', async () => {
    await db.close();
    await redis?.quit();
  });
  await app.ready();
  return app;
}

async function sameDatabase(db: Database, pool: PoolSettings): Promise<Database> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return { ...db, close: async () => {} }; // the first app closes it
  const [row] = await db.query<{ name: string }>('SELECT current_database() AS name');
  const url = new URL(serverUrl);
  url.pathname = `/${row?.name}`;
  return connectDatabase({ kind: 'postgres', url: url.toString() }, pool);
}
