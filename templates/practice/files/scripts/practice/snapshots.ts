/**
 * PGlite databases saved between runs in node_modules/.cache/pglite-snapshots, because the runner
 * starts them again and again. PGlite's first start runs `initdb`, which takes seconds: it runs
 * once per PGlite version, and every later "new" database is that empty one, loaded. The migrated
 * database the tests start from is kept per set of migrations (named after their contents), so
 * editing a migration costs a replay of the migrations, not another `initdb`. The databases of
 * earlier migrations are deleted then (tens of megabytes each), once no run can still be using them.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { type Migration, readMigrations } from '../../src/db/migrate.ts';

const CACHE = join('node_modules', '.cache', 'pglite-snapshots');

async function pgliteVersion(): Promise<string> {
  const manifest = await readFile('node_modules/@electric-sql/pglite/package.json', 'utf8');
  return (JSON.parse(manifest) as { version: string }).version;
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

/** Where the database migrated by exactly these migrations is (or will be) kept. */
export async function migratedSnapshotPath(migrations: Migration[]): Promise<string> {
  const key = createHash('sha256')
    .update(
      [await pgliteVersion(), ...migrations.map((migration) => `${migration.name}:${migration.checksum}`)].join('\n'),
    )
    .digest('hex')
    .slice(0, 16);
  return join(CACHE, `${key}.tar`);
}

/** True when today's migrations have been applied once already: they are known to apply. */
export async function migrationsKnownToApply(): Promise<boolean> {
  return exists(await migratedSnapshotPath(await readMigrations()));
}

/** A new in-memory database, as `initdb` leaves it (no migrations), without running `initdb` again. */
export async function emptyPglite(): Promise<PGlite> {
  const empty = join(CACHE, `empty-${await pgliteVersion()}.tar`);
  if (await exists(empty)) return PGlite.create({ loadDataDir: new Blob([await readFile(empty)]) });
  const pglite = await PGlite.create();
  await saveSnapshot(empty, pglite);
  return pglite;
}

/** Dumps the database to `path`: written beside it, then renamed, so a run that stops halfway leaves no bad file. */
export async function saveSnapshot(path: string, pglite: PGlite): Promise<void> {
  const dump = await pglite.dumpDataDir('none');
  await mkdir(dirname(path), { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
  await rename(partial, path);
}

/** Long enough for any run that started before a migration changed to have loaded its databases. */
const IN_USE_FOR_MS = 10 * 60_000;

/** Deletes the saved databases made from other migrations (and their filled copies), but `empty-*`. */
export async function pruneSnapshots(keep: string): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(CACHE).catch(() => [])) {
    const path = join(CACHE, name);
    if (path === keep || name.startsWith('empty-')) continue;
    const modified = await stat(path).then(
      (info) => info.mtimeMs,
      () => now,
    );
    if (now - modified > IN_USE_FOR_MS) await rm(path, { force: true });
  }
}
