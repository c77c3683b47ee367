/**
 * `npm run db:seed`: a demo account with a score of tasks, so the API has something to show.
 * Idempotent: running it again changes nothing. Refuses to run in production, where a
 * well-known password would be a way in.
 */
import { hashPassword } from '../auth/passwords.js';
import { findUserByEmail, insertUser } from '../auth/users-repository.js';
import { loadConfig } from '../config.js';
import { migrate } from '../db/migrate.js';
import { listTasksForOwner } from '../tasks/tasks-list-repository.js';
import type { CreateTaskBody } from '../tasks/tasks-schemas.js';
import { createTask } from '../tasks/tasks-service.js';
import { openDatabaseForCommand } from './open-database.js';

export const DEMO_EMAIL = 'demo@example.com';
export const DEMO_PASSWORD = 'demo password 1234';

const config = loadConfig();
if (config.isProduction) {
  console.error('Refusing to seed a production database with a demo account.');
  process.exit(1);
}

/** A date `days` from today, as `YYYY-MM-DD`. */
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

const DEMO_TASKS: CreateTaskBody[] = [
  { title: 'Buy groceries', description: 'Milk, eggs, coffee', tags: ['home', 'errands'], dueDate: inDays(1) },
  { title: 'Prepare the sprint review', status: 'in_progress', tags: ['work'], dueDate: inDays(3) },
  { title: 'Book the dentist', tags: ['health'], dueDate: inDays(14) },
  { title: 'Renew passport', description: 'Photos first', tags: ['admin'], dueDate: inDays(30) },
  { title: 'Fix the bike’s back brake', tags: ['home'], status: 'done' },
  { title: 'Write the onboarding guide', status: 'in_progress', tags: ['work', 'writing'], dueDate: inDays(7) },
  { title: 'Call the bank about the card', tags: ['admin', 'calls'], dueDate: inDays(2) },
  { title: 'Plan the weekend trip', description: 'Trains, not planes', tags: ['travel'] },
  { title: 'Read "Designing Data-Intensive Applications"', tags: ['reading'], status: 'in_progress' },
  { title: 'Review pull request #42', tags: ['work'], dueDate: inDays(1) },
  { title: 'Water the plants', tags: ['home'], status: 'done' },
  { title: 'Back up the laptop', tags: ['admin'], dueDate: inDays(-2) },
  { title: 'Send the meeting notes', description: 'To the whole team', tags: ['work', 'writing'], status: 'done' },
  { title: 'Pay the electricity bill', tags: ['admin', 'home'], dueDate: inDays(5) },
  { title: 'Learn keyset pagination', description: 'Why OFFSET gets slow', tags: ['learning'] },
  { title: 'Try the EXPLAIN of the task list', tags: ['learning', 'sql'] },
  { title: 'Birthday present for Sam', tags: ['errands'], dueDate: inDays(10) },
  { title: 'Clean the fridge', tags: ['home'] },
  { title: 'Update the CV', tags: ['writing'], dueDate: inDays(21) },
  { title: 'Go for a run', tags: ['health'], status: 'done' },
];

const db = await openDatabaseForCommand(config.database);
try {
  await migrate(db);
  const existing = await findUserByEmail(db, DEMO_EMAIL);
  const user =
    existing ??
    (await insertUser(db, {
      email: DEMO_EMAIL,
      passwordHash: await hashPassword(DEMO_PASSWORD, config.auth.password),
    }));

  if ((await listTasksForOwner(db, user.id, { sort: '-createdAt', limit: 1 })).length > 0) {
    console.log(`Already seeded: ${DEMO_EMAIL} has tasks. Nothing changed.`);
  } else {
    // Oldest first, so the default list (newest first) starts at the top of this array's end.
    for (const task of DEMO_TASKS) await createTask(db, user.id, task);
    console.log(`Seeded ${DEMO_TASKS.length} tasks for ${DEMO_EMAIL} (password: "${DEMO_PASSWORD}").`);
  }
} finally {
  await db.close();
}
