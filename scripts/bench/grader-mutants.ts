/**
 * The grader's known gaps, as mutants: each one is a wrong solution a learner could write (or a
 * refactoring slip) that the issue found surviving the task-api tests. For each, the file is
 * changed, the test file of its exercise runs, and the mutant must be killed (the tests fail).
 * Not a replacement for a full Stryker run; a quick check that these holes stay closed.
 *
 *   node bin/create-backend-practice.js /tmp/mutants --template task-api --mode complete --yes --no-git
 *   npm run bench:mutants -- /tmp/mutants [tasks-table,task-tags]   (only those exercises' mutants)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface Mutant {
  name: string;
  /** the exercise whose tests must catch it */
  exercise: string;
  file: string;
  from: string;
  to: string;
  test: string;
}

const MUTANTS: Mutant[] = [
  { name: 'token without email accepted', exercise: 'access-tokens', file: 'src/auth/access-tokens.ts', from: "typeof payload.email !== 'string'", to: 'false', test: 'tests/routes/auth.test.ts' },
  { name: '`Bearer <token> extra` accepted', exercise: 'access-tokens', file: 'src/auth/authentication-plugin.ts', from: '|| rest.length > 0', to: '', test: 'tests/routes/auth.test.ts' },
  { name: 'refresh expiry in minutes, not hours', exercise: 'access-tokens', file: 'src/auth/refresh-tokens.ts', from: 'ttlDays * 24 * 60 * 60 * 1000', to: 'ttlDays * 24 * 60 * 1000', test: 'tests/routes/auth.test.ts' },
  { name: 'refresh expiry in seconds, not ms', exercise: 'access-tokens', file: 'src/auth/refresh-tokens.ts', from: 'ttlDays * 24 * 60 * 60 * 1000', to: 'ttlDays * 24 * 60 * 60', test: 'tests/routes/auth.test.ts' },
  { name: 'needsRehash ignores timeCost', exercise: 'hash-passwords', file: 'src/auth/passwords.ts', from: 'used.timeCost !== parameters.timeCost ||', to: '', test: 'tests/auth/passwords.test.ts' },
  { name: 'needsRehash ignores parallelism', exercise: 'hash-passwords', file: 'src/auth/passwords.ts', from: '||\n    used.parallelism !== parameters.parallelism', to: '', test: 'tests/auth/passwords.test.ts' },
  { name: 'login always rehashes', exercise: 'access-tokens', file: 'src/auth/auth-service.ts', from: 'if (needsRehash(user.password_hash, config.password))', to: 'if (true)', test: 'tests/routes/auth.test.ts' },
  { name: 'logout revokes every session of the user', exercise: 'access-tokens', file: 'src/auth/refresh-tokens-repository.ts', from: 'AND family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1)', to: 'AND user_id = (SELECT user_id FROM refresh_tokens WHERE token_hash = $1)', test: 'tests/routes/auth.test.ts' },
  { name: 'cursor checks lose their anchors', exercise: 'task-list', file: 'src/http/cursor.ts', from: 'const anchored = new RegExp(`^(?:${pattern.source})$`);', to: 'const anchored = new RegExp(pattern.source);', test: 'tests/routes/task-list.test.ts' },
  { name: 'delete ignores the owner', exercise: 'task-queries', file: 'src/tasks/tasks-repository.ts', from: "WHERE id = $1 AND owner_id = $2 RETURNING id', [id, ownerId]", to: "WHERE id = $1 AND $2::uuid IS NOT NULL RETURNING id', [id, ownerId]", test: 'tests/tasks/tasks-repository.test.ts' },
  { name: 'a tag linked twice to a task', exercise: 'task-tags', file: 'migrations/0011_create_tags.sql', from: 'PRIMARY KEY (task_id, tag_id)', to: 'CHECK (true)', test: 'tests/tasks/task-tags.test.ts' },
  { name: 'login limit keyed without the email', exercise: 'login-rate-limit', file: 'src/auth/login-rate-limit.ts', from: '`login:${request.ip}:${(request.body as { email: string }).email}`', to: '`login:${request.ip}`', test: 'tests/routes/login-rate-limit.test.ts' },
  { name: 'tasks table without the title check', exercise: 'tasks-table', file: 'migrations/0010_create_tasks.sql', from: 'CHECK (char_length(title) BETWEEN 1 AND 200)', to: 'CHECK (char_length(title) <= 200)', test: 'tests/tasks/tasks-table.test.ts' },
  // The migrations are the exercises Stryker cannot mutate (bench:stryker), so each has a few more.
  { name: 'tasks table accepts any status', exercise: 'tasks-table', file: 'migrations/0010_create_tasks.sql', from: "CHECK (status IN ('todo', 'in_progress', 'done'))", to: '', test: 'tests/tasks/tasks-table.test.ts' },
  { name: 'tasks table without the description limit', exercise: 'tasks-table', file: 'migrations/0010_create_tasks.sql', from: 'CHECK (char_length(description) <= 5000)', to: '', test: 'tests/tasks/tasks-table.test.ts' },
  { name: "a user's tasks block deleting the user (no cascade)", exercise: 'tasks-table', file: 'migrations/0010_create_tasks.sql', from: 'REFERENCES users (id) ON DELETE CASCADE', to: 'REFERENCES users (id)', test: 'tests/tasks/tasks-table.test.ts' },
  { name: 'search column ignores the description', exercise: 'tasks-table', file: 'migrations/0010_create_tasks.sql', from: "title || ' ' || coalesce(description, '')", to: 'title', test: 'tests/tasks/tasks-table.test.ts' },
  { name: 'tag names not unique', exercise: 'task-tags', file: 'migrations/0011_create_tags.sql', from: 'name text NOT NULL UNIQUE', to: 'name text NOT NULL', test: 'tests/tasks/task-tags.test.ts' },
  { name: 'tag name without its lower bound', exercise: 'task-tags', file: 'migrations/0011_create_tags.sql', from: 'CHECK (char_length(name) BETWEEN 1 AND 30)', to: 'CHECK (char_length(name) <= 30)', test: 'tests/tasks/task-tags.test.ts' },
  { name: "a task's links block deleting the task (no cascade)", exercise: 'task-tags', file: 'migrations/0011_create_tags.sql', from: 'REFERENCES tasks (id) ON DELETE CASCADE', to: 'REFERENCES tasks (id)', test: 'tests/tasks/task-tags.test.ts' },
  { name: 'due-date index on the column, not the sorted expression', exercise: 'list-indexes', file: 'migrations/0012_index_task_lists.sql', from: "(owner_id, (coalesce(due_date, 'infinity'::date)), id)", to: '(owner_id, due_date, id)', test: 'tests/tasks/list-query-plans.test.ts' },
  { name: 'created index without the id that breaks ties', exercise: 'list-indexes', file: 'migrations/0012_index_task_lists.sql', from: 'ON tasks (owner_id, created_at, id)', to: 'ON tasks (owner_id, created_at)', test: 'tests/tasks/list-query-plans.test.ts' },
  { name: 'search index a B-tree', exercise: 'list-indexes', file: 'migrations/0012_index_task_lists.sql', from: 'USING gin (search)', to: '(search)', test: 'tests/tasks/list-query-plans.test.ts' },
  { name: 'status index without the id that breaks ties', exercise: 'list-indexes', file: 'migrations/0012_index_task_lists.sql', from: '(owner_id, status, created_at, id)', to: '(owner_id, status, created_at)', test: 'tests/tasks/list-query-plans.test.ts' },
];

const [project, only] = process.argv.slice(2).filter((arg) => arg !== '--');
if (!project) {
  console.error('Usage: npm run bench:mutants -- <an installed task-api project generated with --mode complete> [exercise-id,…]');
  process.exit(2);
}
const mutants = only ? MUTANTS.filter((mutant) => only.split(',').includes(mutant.exercise)) : MUTANTS;

let survived = 0;
for (const mutant of mutants) {
  const path = join(project, mutant.file);
  const original = readFileSync(path, 'utf8');
  if (!original.includes(mutant.from)) {
    console.log(`?  ${mutant.name}: the code it mutates is not in ${mutant.file} any more (update this script)`);
    survived++;
    continue;
  }
  writeFileSync(path, original.replace(mutant.from, mutant.to));
  const started = Date.now();
  try {
    const result = spawnSync('npx', ['vitest', 'run', mutant.test], { cwd: project, encoding: 'utf8' });
    const killed = result.status !== 0;
    if (!killed) survived++;
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    console.log(`${killed ? 'killed  ' : 'SURVIVED'} ${mutant.name} [${mutant.exercise}: ${mutant.test}, ${seconds} s]`);
  } finally {
    writeFileSync(path, original);
  }
}
console.log(`${mutants.length - survived} of ${mutants.length} known-gap mutants killed.`);
process.exitCode = survived === 0 ? 0 : 1;
