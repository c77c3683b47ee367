/**
 * The app as the tests use it: real plugins, real routes, a real database of its own, and no
 * open port (requests go through `app.inject`). Close it in `afterAll`.
 */
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createTestDatabase } from './test-database.js';

export async function buildTestApp(env: Record<string, string> = {}) {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
  const db = await createTestDatabase();
  const app = await buildApp({ config, db });
  app.addHook('onClose', () => db.close());
  await app.ready();
  return app;
}

export type TestApp = Awaited<ReturnType<typeof buildTestApp>>;
