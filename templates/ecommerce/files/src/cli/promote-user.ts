/**
 * `npm run user:promote -- <email>`: make an existing account an admin. Roles change only from
 * here (and the seed), by someone with access to the database, never through the API.
 * `--demote` turns an admin back into a customer; it takes effect on their next request.
 */
import { loadConfig } from '../config.js';
import { connectDatabase } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { setRoleByEmail } from '../users/roles-repository.js';

const args = process.argv.slice(2);
const demote = args.includes('--demote');
const email = args.find((arg) => !arg.startsWith('--'));
if (!email) {
  console.error('Usage: npm run user:promote -- <email> [--demote]');
  process.exit(2);
}

const config = loadConfig();
const db = await connectDatabase(config.database);
try {
  await migrate(db);
  const role = demote ? 'customer' : 'admin';
  if (await setRoleByEmail(db, email, role)) {
    console.log(`${email} is now ${role === 'admin' ? 'an admin' : 'a customer'}.`);
  } else {
    console.error(`No account has the email ${email}. Register it first (POST /v1/auth/register).`);
    process.exitCode = 1;
  }
} finally {
  await db.close();
}
