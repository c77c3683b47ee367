/**
 * `npm run db:reset`, and the check that runs before `npm run dev` and `npm run db:migrate`: has
 * a migration changed after it ran against your development database? (dev-database.ts)
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/config.js';
import { RUN } from './commands.js';
import { checkDevelopmentDatabase, resetDevelopmentDatabase } from './dev-database.js';

const { positionals } = parseArgs({ allowPositionals: true });
try {
  const config = loadConfig();
  if (positionals[0] === 'reset') {
    if (config.isProduction) throw new Error('db:reset refuses to run with NODE_ENV=production.');
    await resetDevelopmentDatabase(config.database);
    console.log(`The development database is empty; \`${RUN} dev\` or \`${RUN} db:migrate\` applies your migrations.`);
  } else {
    const problem = await checkDevelopmentDatabase(config.database);
    if (problem) {
      console.error(problem);
      process.exitCode = 1;
    }
  }
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
