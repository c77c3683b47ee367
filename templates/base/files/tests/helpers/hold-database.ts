/**
 * A second process for tests/data-directory-lock.test.ts: opens the PGlite directory given as
 * its argument, writes a row, says "holding", and keeps the database open until SIGTERM.
 */
import { connectDatabase } from '../../src/db/database.js';

const db = await connectDatabase({ kind: 'pglite', dataDir: process.argv[2] });
await db.exec('CREATE TABLE IF NOT EXISTS notes (body text NOT NULL)');
await db.query('INSERT INTO notes (body) VALUES ($1)', [`written by ${process.pid}`]);
console.log('holding');
process.once('SIGTERM', async () => {
  await db.close();
  process.exit(0);
});
setInterval(() => {}, 60_000); // stay alive until told to stop
