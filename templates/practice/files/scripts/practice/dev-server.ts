/**
 * `npm run dev` in practice mode: the migration check, then the server (src/server.ts). Run by
 * `tsx watch`, which also watches migrations/: saving a migration restarts it, so a migration
 * changed after it ran against your development database is named at once, with the way out
 * (`npm run db:reset`), instead of the server stopping with a stack trace.
 */
import { loadConfig } from '../../src/config.js';
import { checkDevelopmentDatabase } from './dev-database.js';

try {
  const problem = await checkDevelopmentDatabase(loadConfig().database);
  if (problem) {
    console.error(problem);
    console.error('The server starts again when you save a file (or a migration).');
    process.exitCode = 1;
  } else {
    await import('../../src/server.js');
  }
} catch (error) {
  // A bad setting (.env): the server would say the same; say it without a stack.
  console.error((error as Error).message);
  process.exitCode = 1;
}
