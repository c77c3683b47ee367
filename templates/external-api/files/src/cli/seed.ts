/** `npm run db:seed`: migrate, then add the sample places and lookups (src/seed.ts). */
import { loadConfig } from '../config.js';
import { migrate } from '../db/migrate.js';
import { seed } from '../seed.js';
import { openDatabaseForCommand } from './open-database.js';

const config = loadConfig();
const db = await openDatabaseForCommand(config.database);
try {
  await migrate(db);
  const { places, addedLookups } = await seed(db);
  console.log(`Seeded ${places} places${addedLookups ? ' and example lookups' : ''}.`);
} finally {
  await db.close();
}
