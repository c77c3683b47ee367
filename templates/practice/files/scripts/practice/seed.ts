/**
 * `npm run db:seed` in practice mode. The seed (src/cli/seed.ts) creates its demo data with your
 * code — hashing, queries, the service, the list — so until the exercises it needs are done it
 * would stop at the first stub. Instead it says, in one line, which exercises it is waiting for
 * (the track's `needs`), and checks your migrations like `npm run dev` does.
 */
import { loadConfig } from '../../src/config.js';
import { RUN } from './commands.js';
import { checkDevelopmentDatabase } from './dev-database.js';
import { PracticeError, unfinishedNeeds } from './track.js';

const SCRIPT = 'db:seed';

try {
  const needs = unfinishedNeeds(SCRIPT);
  if (needs) {
    console.error(
      `\`${RUN} ${SCRIPT}\` runs your code from the exercises up to ${needs.upTo}: ${needs.waiting.length} of them ` +
        `not done yet, the next is ${needs.waiting[0]}. Finish them (\`${RUN} practice\`), then seed.`,
    );
    process.exit(1);
  }
  const problem = await checkDevelopmentDatabase(loadConfig().database);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
  await import('../../src/cli/seed.js');
} catch (error) {
  // A stub reached anyway (say, progress.json lists an exercise whose file is still a stub):
  // its 501 names the exercise and the file, which is all there is to say.
  const status = (error as { status?: unknown }).status;
  if (!(error instanceof PracticeError) && status !== 501) throw error;
  console.error(
    status === 501
      ? `\`${RUN} ${SCRIPT}\` stopped at unfinished code: ${(error as Error).message}`
      : (error as Error).message,
  );
  process.exit(1);
}
