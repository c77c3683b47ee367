/**
 * The app as the tests use it: real plugins, real routes, a real database of its own, and no
 * open port (requests go through `app.inject`). Close it in `afterAll`.
 */
import { randomBytes } from 'node:crypto';
import { relative } from 'node:path';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { Redis } from 'ioredis';
import { expect } from 'vitest';
import { buildApp } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { openApiChecker } from './openapi-check.js';
import { createTestDatabase } from './test-database.js';

/**
 * With `REDIS_URL` in `env`, the app gets a Redis client whose keys all start with a prefix of
 * this run and test file: apps built in one test file share their Redis state (like several
 * instances of one service), while other test files and other test runs on the same Redis server
 * never see it. The file comes from vitest, because test files share this module (vitest.config.ts).
 */
const testRun = randomBytes(6).toString('hex');
const redisKeyPrefix = () => `test-${testRun}:${relative(process.cwd(), expect.getState().testPath ?? '')}:`;

/**
 * @public The Redis client of a test app (null without `REDIS_URL`): the app's own prefix after
 * the test file's. A second instance of the app (tests/helpers/second-instance.ts, where a project
 * has one) shares its keys through it.
 */
export function connectTestRedis(config: Config): Redis | null {
  if (!config.redisUrl) return null;
  return new Redis(config.redisUrl, { keyPrefix: redisKeyPrefix() + config.redisKeyPrefix, maxRetriesPerRequest: 1 });
}

/** Throwaway routes a test adds before the app is ready (e.g. one that throws, or is slow). */
type ExtraRoutes = (app: Awaited<ReturnType<typeof buildApp>>) => void;

export async function buildTestApp(env: Record<string, string> = {}, extraRoutes?: ExtraRoutes) {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
  const db = await createTestDatabase(config.databasePool);
  return assemble(config, db, { closesDatabase: true, extraRoutes });
}

/**
 * @public An app on a database the caller opened and will close. A test file that needs a new
 * app in every test (fresh in-memory state) shares one database this way and empties it between
 * tests (`emptyTables`): loading a database costs far more than building an app.
 */
export async function buildTestAppOn(db: Database, env: Record<string, string> = {}) {
  return assemble(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env }), db, { closesDatabase: false });
}

async function assemble(config: Config, db: Database, options: { closesDatabase: boolean; extraRoutes?: ExtraRoutes }) {
  const { closesDatabase, extraRoutes } = options;
  const redis = connectTestRedis(config);
  const app = await buildApp({ config, db, redis });
  app.addHook('onClose', async () => {
    if (closesDatabase) await db.close();
    await redis?.quit();
  });
  extraRoutes?.(app);
  await app.ready();
  // Every response a test receives must be one the OpenAPI document describes (status,
  // content type, body schema, required headers); otherwise the request itself fails.
  const check = openApiChecker(app.swagger() as unknown as Parameters<typeof openApiChecker>[0]);
  const inject = app.inject.bind(app) as (options: InjectOptions | string) => Promise<LightMyRequestResponse>;
  app.inject = (async (options: InjectOptions | string) => {
    const response = await inject(options);
    check(response);
    return response;
  }) as unknown as typeof app.inject;
  return app;
}

export type TestApp = Awaited<ReturnType<typeof buildTestApp>>;
