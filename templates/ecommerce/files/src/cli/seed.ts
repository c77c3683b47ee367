/** `npm run db:seed`: migrate, then add the demo accounts and catalogue (idempotent). */
import { loadConfig } from '../config.js';
import { migrate } from '../db/migrate.js';
import { SEED_ACCOUNTS, seed } from '../seed.js';
import { openDatabaseForCommand } from './open-database.js';

const config = loadConfig();
if (config.isProduction) {
  // The seed accounts have published passwords: never on a production database.
  console.error('Refusing to seed with NODE_ENV=production: the demo accounts have published passwords.');
  process.exit(1);
}
const db = await openDatabaseForCommand(config.database);
try {
  await migrate(db);
  await seed(db, config.auth.password);
  console.log('Seeded the catalogue and these accounts:');
  for (const account of SEED_ACCOUNTS)
    console.log(`  ${account.role.padEnd(8)} ${account.email} / ${account.password}`);
} finally {
  await db.close();
}
