/**
 * Runs once before all test files. PGlite's first start runs `initdb`, which takes seconds, so
 * it happens once here: an in-memory database is migrated and dumped, and every test file
 * starts its own database from that dump much faster.
 * With TEST_DATABASE_URL, each test file creates a database of its own on that server instead.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { migrate } from '../../src/db/migrate.js';
import { pgliteDatabase } from '../../src/db/pglite.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshot: string;
  }
}

export default async function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_URL) return;
  const pglite = await PGlite.create();
  await migrate(pgliteDatabase(pglite));
  const dump = await pglite.dumpDataDir('none');
  await pglite.close();

  const dir = await mkdtemp(join(tmpdir(), 'pglite-snapshot-'));
  const file = join(dir, 'migrated.tar');
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteSnapshot', file);
  return () => rm(dir, { recursive: true, force: true });
}
