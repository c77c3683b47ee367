/** `npm run db:migrate`: apply pending migrations and exit (the server also does this at start-up). */
import { loadConfig } from '../config.js';
import { migrate } from '../db/migrate.js';
import { openDatabaseForCommand } from './open-database.js';

const config = loadConfig();
const db = await openDatabaseForCommand(config.database);
try {
  const applied = await migrate(db);
  console.log(
    applied.length > 0 ? `Applied: ${applied.join(', ')}` : 'Nothing to migrate: the database is up to date.',
  );
} finally {
  await db.close();
}
