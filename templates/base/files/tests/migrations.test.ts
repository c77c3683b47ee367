import { describe, expect, it } from 'vitest';
import { migrate, readMigrations } from '../src/db/migrate.js';
import { createTestDatabase, openEmptyTestDatabase } from './helpers/test-database.js';

describe('migrations', () => {
  it('a migrated database has nothing left to apply', async () => {
    const db = await createTestDatabase();
    try {
      expect(await migrate(db)).toEqual([]);
      const applied = await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
      expect(applied.map((row) => row.name)).toEqual((await readMigrations()).map((m) => m.name));
    } finally {
      await db.close();
    }
  });

  it('refuses to run when an applied migration was edited', async () => {
    const db = await createTestDatabase();
    try {
      await db.query("INSERT INTO schema_migrations (name, checksum) VALUES ('0000_example.sql', 'old')");
      await expect(migrate(db, [{ name: '0000_example.sql', sql: 'SELECT 1', checksum: 'new' }])).rejects.toThrow(
        /changed after it was applied/,
      );
    } finally {
      await db.close();
    }
  });

  it('two instances migrating one empty database at once both succeed, and each migration runs once', async () => {
    const { instances, close } = await openEmptyTestDatabase(2);
    try {
      const names = (await readMigrations()).map((m) => m.name);
      // Without the advisory lock both would create the tracking table and apply every file.
      const results = await Promise.all(instances.map((db) => migrate(db)));
      expect(results.flat().sort()).toEqual(names);
      expect(results).toContainEqual([]);
      const applied = await instances[0]?.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
      expect(applied?.map((row) => row.name)).toEqual(names);
    } finally {
      await close();
    }
  }, 60_000);
});
