/**
 * Demo data for `npm run db:seed` (src/cli/seed.ts): a demo account with a score of tasks, so
 * the API has something to show. Idempotent: running it again changes nothing.
 */
import { hashPassword, type PasswordHashing } from './auth/passwords.js';
import { findUserByEmail, insertUser } from './auth/users-repository.js';
import type { Database } from './db/database.js';
import { listTasksForOwner } from './tasks/tasks-list-repository.js';
import type { CreateTaskBody } from './tasks/tasks-schemas.js';
import { createTask } from './tasks/tasks-service.js';

/** Published in the README: for a local database only (the seed refuses to run in production). */
export const DEMO_ACCOUNT = { email: 'demo@example.com', password: 'demo password 1234' };

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

/** Creates the demo account and its tasks; returns how many tasks it added (0 when already seeded). */
export async function seed(db: Database, hashing: PasswordHashing): Promise<number> {
  const user =
    (await findUserByEmail(db, DEMO_ACCOUNT.email)) ??
    (await insertUser(db, {
      email: DEMO_ACCOUNT.email,
      passwordHash: await hashPassword(DEMO_ACCOUNT.password, hashing),
    }));
  if ((await listTasksForOwner(db, user.id, { sort: '-createdAt', limit: 1 })).length > 0) return 0;
  // Oldest first, so the default list (newest first) starts at the top of this array's end.
  for (const task of DEMO_TASKS) await createTask(db, user.id, task);
  return DEMO_TASKS.length;
}
