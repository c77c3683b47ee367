/**
 * A mistake in one of your migrations, said once: the file, the line and column PostgreSQL
 * points at, and its own words. Without this, the test run stops while preparing its database
 * and prints the whole stack of the database driver (tens of kilobytes of minified code).
 * The migrations are replayed one by one on a new in-memory PGlite, so the failing file is
 * known exactly, whatever ran them (the tests' set-up, or a test file on a server).
 */
import { readMigrations } from '../../src/db/migrate.ts';
import { codeFrame } from './report.ts';
import { emptyPglite, migrationsKnownToApply } from './snapshots.ts';

export interface MigrationProblem {
  file: string;
  line?: number;
  column?: number;
  /** PostgreSQL's message, with its hint and detail when it gave them */
  message: string;
  frame: string[];
}

/** Errors that come from the database (a SQLSTATE code), not from JavaScript. */
export function isDatabaseError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

/** Which migration fails and where; `undefined` when they all apply. */
export async function findMigrationProblem(): Promise<MigrationProblem | undefined> {
  // The tests' database was made from these very migrations: they apply.
  if (await migrationsKnownToApply()) return undefined;
  const migrations = await readMigrations();
  const db = await emptyPglite();
  try {
    for (const migration of migrations) {
      try {
        await db.exec(migration.sql);
      } catch (error) {
        const { message, position, hint, detail } = error as {
          message: string;
          position?: string;
          hint?: string;
          detail?: string;
        };
        const file = `migrations/${migration.name}`;
        const words = [message, detail && `Detail: ${detail}`, hint && `Hint: ${hint}`].filter(Boolean).join(' ');
        const offset = Number(position);
        if (!Number.isInteger(offset) || offset < 1) return { file, message: words, frame: [] };
        // PostgreSQL counts characters from 1 in the text it was given: the whole file.
        const before = migration.sql.slice(0, offset - 1).split('\n');
        const line = before.length;
        const column = (before.at(-1)?.length ?? 0) + 1;
        return { file, line, column, message: words, frame: codeFrame(file, line, column) };
      }
    }
    return undefined;
  } finally {
    await db.close();
  }
}
