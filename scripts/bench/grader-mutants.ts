/**
 * The grader's known gaps, as mutants: each one is a wrong solution a learner could write (or a
 * refactoring slip) that the issue found surviving the task-api tests. For each, the file is
 * changed, the test file of its exercise runs, and the mutant must be killed (the tests fail).
 * Not a replacement for a full Stryker run; a quick check that these holes stay closed.
 *
 *   node bin/create-backend-practice.js /tmp/mutants --template task-api --mode complete --yes --no-git
 *   npm run bench:mutants -- /tmp/mutants
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
];

const project = process.argv.slice(2).find((arg) => arg !== '--');
if (!project) {
  console.error('Usage: npm run bench:mutants -- <an installed task-api project generated with --mode complete>');
  process.exit(2);
}

let survived = 0;
for (const mutant of MUTANTS) {
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
console.log(`${MUTANTS.length - survived} of ${MUTANTS.length} known-gap mutants killed.`);
process.exitCode = survived === 0 ? 0 : 1;
