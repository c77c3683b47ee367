/**
 * `npm run db:seed`: migrate, then add the demo account and its tasks (src/seed.ts). Refuses to
 * run in production, where a well-known password would be a way in.
 */
import { loadConfig } from '../config.js';
import { migrate } from '../db/migrate.js';
import { DEMO_ACCOUNT, seed } from '../seed.js';
import { openDatabaseForCommand } from './open-database.js';

const config = loadConfig();
if (config.isProduction) {
  console.error('Refusing to seed a production database with a demo account.');
  process.exit(1);
}
const db = await openDatabaseForCommand(config.database);
try {
  await migrate(db);
  const added = await seed(db, config.auth.password);
  console.log(
    added > 0
      ? `Seeded ${added} tasks for ${DEMO_ACCOUNT.email} (password: "${DEMO_ACCOUNT.password}").`
      : `Already seeded: ${DEMO_ACCOUNT.email} has tasks. Nothing changed.`,
  );
} finally {
  await db.close();
}
