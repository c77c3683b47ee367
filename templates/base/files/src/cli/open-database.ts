/**
 * Opens the database for a one-off command (`db:migrate`, `db:seed`). When a running process
 * (the dev server, say) holds the PGlite data directory, the command says so in one line and
 * exits 1 before touching anything.
 */
import { DataDirectoryInUseError } from '../db/data-directory-lock.js';
import { connectDatabase, type Database, type DatabaseConfig } from '../db/database.js';

export async function openDatabaseForCommand(config: DatabaseConfig): Promise<Database> {
  try {
    return await connectDatabase(config);
  } catch (error) {
    if (!(error instanceof DataDirectoryInUseError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
