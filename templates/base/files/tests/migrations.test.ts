import { describe, expect, it } from 'vitest';
import { migrate, readMigrations } from '../src/db/migrate.js';
import { createTestDatabase } from './helpers/test-database.js';

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
});
