/**
 * The practice walk: a template's whole track, from a generated, installed practice project.
 * Fresh, the project lints, builds and tests green, and a call reaching an unfinished feature
 * answers 501 problem+json (the complete project's smoke flow run against it). Then, exercise by exercise in
 * track order: its tests fail ON ASSERTIONS (every test file loads; failures are expectations,
 * not TypeError/ReferenceError/SyntaxError), its reference files from the complete project are
 * copied in, the analyzers find nothing essential in it, `npm run practice` passes it and records
 * it (the runner itself reruns every finished exercise's tests and type-checks the project before
 * recording), lint and build (typecheck included) pass. Done means done: at the second exercise,
 * a failing test added to the first one's tests and a type error added to the second's file each
 * stop the recording, naming the broken exercise or the type error. Skip: the third exercise is
 * skipped (status says so, the next one is current), then taken up by id and recorded. At the end
 * `src/` and `migrations/` equal the complete project's, `npm run practice` says "All done", and
 * the whole `npm test` is green.
 * Around the track, the commands a learner runs by hand: the fresh server's served OpenAPI
 * document lints clean with Spectral (as tier 3 lints the complete one), its 501s are logged as
 * warnings without a stack, its own smoke test passes; `db:seed` refuses in one line until the
 * exercises it needs are done and seeds after; a migration replaced after it ran against the
 * development database stops `db:migrate` with a message naming it and `db:reset`, which fixes it.
 */
import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CommandFailed, run } from './exec.js';
import { createDatabase, NPM_CACHE, REDIS_URL, REPO, TOOLS_BIN, WORK } from './environment.js';
import type { UpstreamStarter } from './generated-project.js';
import type { Log } from './report.js';
import { startServer } from './server.js';

interface ExerciseStatus {
  id: string;
  title: string;
  files: string[];
  done: boolean;
}

interface VitestJsonReport {
  testResults: {
    name: string;
    status: string;
    message?: string;
    assertionResults: { fullName: string; status: string; failureMessages: string[] }[];
  }[];
}

/** A fresh PGlite data directory runs initdb at boot: slow on a busy machine. */
const BOOT_MS = 120_000;

/**
 * Failures that mean the code did not even run as intended, not that an expectation failed. A
 * matcher refusing what it received (`TypeError: .toMatch() expects to receive a string, but got
 * undefined`) is an expectation failing on a missing value, not a crash.
 */
const CRASH = /^(TypeError(?!: \.\w+\(\) expects)|ReferenceError|SyntaxError|Error: Cannot find module|Error: Failed to load)/;

/**
 * `fresh: false` skips the fresh-project checks (to resume a walk while writing a track);
 * `upstream` starts what a booted server calls (external-api: its fake provider), per boot.
 */
export async function practiceWalk(
  log: Log,
  projectDir: string,
  completeDir: string,
  { fresh = true, upstream }: { fresh?: boolean; upstream?: UpstreamStarter } = {},
): Promise<string> {
  const sh = (command: string, args: string[], env: Record<string, string> = {}) =>
    run(log, command, args, { cwd: projectDir, env: { npm_config_cache: NPM_CACHE, ...env }, timeoutMs: 15 * 60_000 });
  const timings: string[] = [];
  const timed = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    const result = await work();
    timings.push(`${label} ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return result;
  };

  if (fresh) await timed('fresh: lint, build, npm test', async () => {
    await sh('npm', ['run', 'lint']);
    await sh('npm', ['run', 'build']);
    await sh('npm', ['test']);
  });
  if (fresh) await timed('fresh: 501 problem+json, Spectral, smoke', () => unfinishedAnswers501(log, projectDir, completeDir, upstream));

  const { exercises } = JSON.parse(await sh('npm', ['run', '--silent', 'practice', '--', 'status', '--json'])) as { exercises: ExerciseStatus[] };
  const track = JSON.parse(await readFile(join(projectDir, '.practice/track.json'), 'utf8')) as {
    exercises: { id: string; tests: string[] }[];
    needs?: Record<string, string>;
  };
  const testsOf = (id: string) => track.exercises.find((exercise) => exercise.id === id)?.tests ?? [];
  /** Runs a command that must fail, with one line (no stack trace) matching `expected`. */
  const refuses = async (args: string[], expected: RegExp, what: string, env: Record<string, string> = {}) => {
    try {
      await sh('npm', ['run', '--silent', ...args], env);
    } catch (error) {
      if (!(error instanceof CommandFailed)) throw error;
      if (!expected.test(error.output) || /^\s+at /m.test(error.output)) throw new Error(`${what}: ${error.output.slice(-400)}`);
      return;
    }
    throw new Error(`${what}: \`npm run ${args.join(' ')}\` succeeded`);
  };
  const seedNeeds = track.needs?.['db:seed'];
  if (fresh && seedNeeds) {
    await timed('fresh: db:seed waits, db:migrate', async () => {
      await refuses(['db:seed'], new RegExp(`up to \\d\\d "${seedNeeds}"`), 'db:seed must name the exercises it waits for, in one line');
      await sh('npm', ['run', 'db:migrate']); // the development database, with the stub migrations
    });
  }
  let driftChecked = !fresh;
  const finished: string[] = [];
  for (const [index, exercise] of exercises.entries()) {
    const label = `${String(index + 1).padStart(2, '0')} ${exercise.id}`;
    await timed(label, async () => {
      log.write(`\n=== exercise ${label}: ${exercise.title} ===\n`);
      const tests = testsOf(exercise.id);
      const needsServer = (await Promise.all(tests.map((test) => readFile(join(projectDir, test), 'utf8')))).some((text) => text.includes('PRACTICE_BASE_URL'));

      await withLiveServer(needsServer, async (env) => assertFailsOnAssertions(log, projectDir, tests, env));
      if (index === 2) await skipAndStatus(exercise.id, exercises[index + 1]?.id ?? null);
      await installReference(projectDir, completeDir, exercise.files);
      const analysis = JSON.parse(await sh('npm', ['run', '--silent', 'practice', '--', 'analyze', exercise.id, '--json'])) as { essential: number; findings: unknown[] };
      if (analysis.essential > 0) throw new Error(`the analyzers find an essential mistake in ${exercise.id}'s reference: ${JSON.stringify(analysis.findings).slice(0, 400)}`);
      const [first] = exercises;
      if (index === 1 && first) await doneMeansDone(first.id, exercise);
      if (needsServer) await sh('npm', ['run', 'build']); // the live server runs the built code
      await withLiveServer(needsServer, async (env) => {
        // Recorded from the local run (the deploy exercise as "ready"); a local PRACTICE_BASE_URL is
        // then refused as a deployment, and nothing more is recorded.
        const output = await sh('npm', ['run', 'practice', ...(index === 2 ? ['--', exercise.id] : [])]);
        if (!/: (done|ready) \(\d+ tests pass/.test(output)) throw new Error(`npm run practice did not record ${exercise.id}`);
        if (needsServer) await refuses(['practice'], /not a deployment/, 'a local PRACTICE_BASE_URL must not be recorded as deployed', env);
      });
      finished.push(exercise.id);
      if (!driftChecked && exercise.files.some((file) => file.startsWith('migrations/'))) {
        // The stub migration ran against the development database at the start; the learner's replaced it.
        const [migration] = exercise.files.filter((file) => file.startsWith('migrations/'));
        await refuses(['db:migrate'], new RegExp(`${migration}[^\\n]*npm run db:reset`), `db:migrate must name ${migration} and db:reset`);
        await sh('npm', ['run', 'db:reset']);
        await sh('npm', ['run', 'db:migrate']);
        driftChecked = true;
      }
      if (exercise.id === seedNeeds) {
        await sh('npm', ['run', 'db:reset']); // later exercises replaced more stub migrations
        const seeded = await sh('npm', ['run', '--silent', 'db:seed']);
        log.write(`\ndb:seed after ${exercise.id}: ${seeded.trim()}\n`);
        await sh('npm', ['run', 'db:reset']);
      }
      // The finished exercises' tests were rerun by the runner before it recorded this one.
      await sh('npm', ['run', 'lint']);
      if (!needsServer) await sh('npm', ['run', 'build']);
    });
  }

  await timed('end: src/ and migrations/ equal complete, npm test', async () => {
    for (const folder of ['src', 'migrations']) {
      const differences = await compareTrees(join(projectDir, folder), join(completeDir, folder));
      if (differences.length > 0) throw new Error(`${folder}/ differs from the complete project's: ${differences.join(', ')}`);
    }
    await sh('npm', ['test']);
    const status = JSON.parse(await sh('npm', ['run', '--silent', 'practice', '--', 'status', '--json'])) as { current: string | null };
    if (status.current !== null) throw new Error(`practice status still has a current exercise: ${status.current}`);
    // Every exercise's tests again, the deploy exercise's against apps it starts itself: a local
    // PRACTICE_BASE_URL would be refused as a deployment (exercise 12 above proves that).
    const final = await sh('npm', ['run', '--silent', 'practice']);
    if (!/All done|Every exercise passes on PGlite|ready, not deployed yet/.test(final)) throw new Error(`the last npm run practice did not say all is done: ${final.slice(-400)}`);
  });
  await timed('end: the PostgreSQL checks that waited, run by npm run practice', () => pendingChecksOnServer());
  return timings.join(' · ');

  /**
   * On PGlite the `*.postgres.test.ts` checks waited (status: done, checks pending). With a
   * server in DATABASE_URL, as after `docker compose up -d postgres redis`, `npm run practice`
   * runs them: without REDIS_URL the checks that also need Redis skip themselves and their
   * exercises stay pending, named with the way out; with REDIS_URL every one runs and clears.
   */
  async function pendingChecksOnServer() {
    const pendingNow = async () =>
      ((JSON.parse(await readFile(join(projectDir, '.practice/progress.json'), 'utf8')) as { postgresPending?: string[] }).postgresPending ?? []).sort();
    const withChecks = [];
    for (const exercise of track.exercises) {
      const checks = exercise.tests.filter((test) => test.endsWith('.postgres.test.ts'));
      if (checks.length === 0) continue;
      const texts = await Promise.all(checks.map((test) => readFile(join(projectDir, test), 'utf8')));
      withChecks.push({ id: exercise.id, needsRedis: texts.some((text) => text.includes('REDIS_URL')) });
    }
    if (withChecks.length === 0) return;
    const before = await pendingNow();
    if (before.join() !== withChecks.map((item) => item.id).sort().join()) {
      throw new Error(`on PGlite every exercise with PostgreSQL checks must be pending: ${JSON.stringify({ before, withChecks })}`);
    }
    const database = await createDatabase('walk_dev');
    const server = { DATABASE_URL: database, TEST_DATABASE_URL: '' };
    const noRedis = await sh('npm', ['run', '--silent', 'practice'], { ...server, REDIS_URL: '' });
    const waitingForRedis = withChecks.filter((item) => item.needsRedis).map((item) => item.id).sort();
    if ((await pendingNow()).join() !== waitingForRedis.join()) {
      throw new Error(`without REDIS_URL, exactly the exercises whose checks need Redis must stay pending (${waitingForRedis.join(', ') || 'none'}): ${noRedis.slice(-600)}`);
    }
    if (waitingForRedis.length > 0 && !/skipped themselves against DATABASE_URL: they need Redis as well: set REDIS_URL/.test(noRedis)) {
      throw new Error(`the runner must say which checks skipped and what they need: ${noRedis.slice(-600)}`);
    }
    const withRedis = await sh('npm', ['run', '--silent', 'practice'], { ...server, REDIS_URL });
    if ((await pendingNow()).length > 0 || !/All done|ready, not deployed yet/.test(withRedis)) {
      throw new Error(`with PostgreSQL and Redis, every waiting check must run and be recorded: ${withRedis.slice(-600)}`);
    }
    log.write(`\nPostgreSQL checks on a server: without Redis ${waitingForRedis.join(', ') || 'nothing'} still pending; with Redis all recorded\n`);
  }
  return timings.join(' · ');

  /** Before its reference: skip it (status shows it skipped, the next one current); `-- <id>` takes it up later. */
  async function skipAndStatus(id: string, next: string | null) {
    await sh('npm', ['run', '--silent', 'practice', '--', 'skip']);
    const status = JSON.parse(await sh('npm', ['run', '--silent', 'practice', '--', 'status', '--json'])) as {
      current: string | null;
      exercises: { id: string; state: string; done: boolean }[];
    };
    const skipped = status.exercises.find((item) => item.id === id);
    if (skipped?.state !== 'skipped' || skipped.done || status.current !== next) {
      throw new Error(`after skip, status must show ${id} skipped (not done) and ${next} current: ${JSON.stringify({ current: status.current, skipped })}`);
    }
    log.write(`\nskip: ${id} skipped, ${next} current; taken up again with npm run practice -- ${id}\n`);
  }

  /**
   * With the second exercise's reference in place, its tests pass, but nothing is recorded while
   * a finished exercise fails (a failing test added to the first exercise's tests) or while the
   * project does not type-check (a type error added to the second exercise's file).
   */
  async function doneMeansDone(firstId: string, second: ExerciseStatus) {
    const [firstTest] = testsOf(firstId);
    const [secondFile] = second.files.filter((file) => file.endsWith('.ts'));
    if (!firstTest || !secondFile) return;
    const blocked = async (what: string, expected: RegExp) => {
      try {
        await sh('npm', ['run', '--silent', 'practice']);
      } catch (error) {
        if (!(error instanceof CommandFailed)) throw error;
        if (!expected.test(error.output)) throw new Error(`${what}: ${error.output.slice(-600)}`);
        const progress = JSON.parse(await readFile(join(projectDir, '.practice/progress.json'), 'utf8')) as { done: string[] };
        if (progress.done.includes(second.id)) throw new Error(`${what}: ${second.id} was recorded anyway`);
        return;
      }
      throw new Error(`${what}: npm run practice recorded ${second.id}`);
    };
    const testPath = join(projectDir, firstTest);
    const test = await readFile(testPath, 'utf8');
    await writeFile(testPath, `${test}\nit('a regression the walk adds', () => {\n  expect(1).toBe(2);\n});\n`);
    try {
      await blocked('a broken finished exercise must stop the recording, naming it', /not recorded yet: your change broke exercise 01 /);
    } finally {
      await writeFile(testPath, test);
    }
    const filePath = join(projectDir, secondFile);
    const code = await readFile(filePath, 'utf8');
    await writeFile(filePath, `${code}\nexport const walkTypeError: number = 'not a number';\n`);
    try {
      await blocked('a type error must stop the recording', /not recorded yet: the project does not type-check[\s\S]*TS2322/);
    } finally {
      await writeFile(filePath, code);
    }
    log.write('\ndone means done: a broken finished exercise and a type error each stopped the recording\n');
  }

  /** Exercises whose tests check a live URL (deploying) get a locally booted, built server. */
  async function withLiveServer<T>(needed: boolean, work: (env: Record<string, string>) => Promise<T>): Promise<T> {
    if (!needed) return work({});
    const extra = upstream ? await upstream(log, projectDir) : { env: {}, stop: async () => {} };
    const server = await startServer(log, projectDir, { NODE_ENV: 'development', PGLITE_DATA_DIR: join(projectDir, '.data/walk'), ...extra.env }, BOOT_MS);
    try {
      return await work({ PRACTICE_BASE_URL: server.baseUrl });
    } finally {
      await server.stop();
      await extra.stop();
      await rm(join(projectDir, '.data/walk'), { recursive: true, force: true });
    }
  }
}

/** What a run of some test files showed: all passed, failed on expectations, or did not run as intended. */
export interface TestVerdict {
  outcome: 'pass' | 'fail' | 'crash';
  /** failed expectations (not crashes) */
  expectations: number;
  /** crashes and files that did not load, one line each */
  problems: string[];
  /** the first failed expectation, one line */
  firstFailure?: string;
}

/**
 * Runs the test files with vitest's JSON report (every exercise's tests: `PRACTICE_TESTS=all`)
 * and sorts the result: a failure counts as an expectation only when every file loaded and the
 * failure is not a crash (CRASH).
 */
export async function testVerdict(log: Log, dir: string, tests: string[], env: Record<string, string>): Promise<TestVerdict> {
  const reportFile = join(WORK, `vitest-report-${process.pid}.json`);
  await rm(reportFile, { force: true });
  try {
    await run(log, 'npx', ['vitest', 'run', ...tests, '--reporter=json', `--outputFile=${reportFile}`], {
      cwd: dir,
      env: { ...env, PRACTICE_TESTS: 'all' },
      timeoutMs: 10 * 60_000,
    });
    return { outcome: 'pass', expectations: 0, problems: [] };
  } catch (error) {
    if (!(error instanceof CommandFailed)) throw error;
    let report: VitestJsonReport;
    try {
      report = JSON.parse(await readFile(reportFile, 'utf8')) as VitestJsonReport;
    } catch {
      return { outcome: 'crash', expectations: 0, problems: [`vitest wrote no report: ${error.output.slice(-300)}`] };
    }
    const problems: string[] = [];
    let expectations = 0;
    let firstFailure: string | undefined;
    for (const file of report.testResults) {
      const name = file.name.slice(dir.length + 1);
      const failed = file.assertionResults.filter((result) => result.status === 'failed');
      if (file.assertionResults.length === 0 || (file.status === 'failed' && failed.length === 0 && file.message)) {
        problems.push(`${name} did not load or crashed before its tests: ${(file.message ?? '').split('\n')[0]}`);
      }
      for (const result of failed) {
        const message = result.failureMessages[0] ?? '';
        if (CRASH.test(message)) problems.push(`${name} › ${result.fullName} crashed: ${message.split('\n')[0]}`);
        else {
          expectations += 1;
          firstFailure ??= `${name} › ${result.fullName}: ${message.split('\n')[0]}`;
        }
      }
    }
    if (report.testResults.length < tests.length) problems.push(`only ${report.testResults.length} of ${tests.length} test files ran`);
    if (problems.length > 0 || expectations === 0) return { outcome: 'crash', expectations, problems, firstFailure };
    return { outcome: 'fail', expectations, problems, firstFailure };
  } finally {
    await rm(reportFile, { force: true });
  }
}

/** Runs the test files: they must fail, and only on expectations. */
async function assertFailsOnAssertions(log: Log, dir: string, tests: string[], env: Record<string, string>) {
  const verdict = await testVerdict(log, dir, tests, env);
  if (verdict.outcome === 'pass') throw new Error(`the exercise's tests pass before its reference is applied: ${tests.join(', ')}`);
  if (verdict.problems.length > 0) {
    throw new Error(`before its reference, the exercise's tests must fail on assertions: ${verdict.problems.join('; ')}`);
  }
  if (verdict.expectations === 0) throw new Error('before its reference, no expectation failed');
  log.write(`\n${verdict.expectations} expectations fail before the reference, every test file loaded\n`);
}

/** Copies an exercise's reference files from the complete project into the practice project. */
export async function installReference(projectDir: string, completeDir: string, files: string[]): Promise<void> {
  for (const file of files) await cp(join(completeDir, file), join(projectDir, file));
}

/**
 * The complete project's smoke flow (its main user flow: the practice project's own may be an
 * exercise) against a fresh practice server stops at a 501 problem+json naming an exercise, which
 * the server logs as one warning line, without a stack. Its served document lints clean with
 * Spectral, and, where the smoke test is an exercise of the track (a stub that passes at every
 * step, as CI runs it after each deploy), the project's own smoke test passes.
 */
async function unfinishedAnswers501(log: Log, dir: string, completeDir: string, upstream?: UpstreamStarter) {
  const extra = upstream ? await upstream(log, dir) : { env: {}, stop: async () => {} };
  const server = await startServer(log, dir, { NODE_ENV: 'development', PGLITE_DATA_DIR: join(dir, '.data/walk'), ...extra.env }, BOOT_MS);
  try {
    const output = await run(log, process.execPath, ['--import', 'tsx', 'src/cli/smoke.ts', '--base-url', server.baseUrl], { cwd: completeDir, timeoutMs: 60_000 }).then(
      () => {
        throw new Error('the full smoke flow passed against a fresh practice project: nothing is left to build?');
      },
      (error: unknown) => {
        if (!(error instanceof CommandFailed)) throw error;
        return error.output;
      },
    );
    if (/answered 500/.test(output)) throw new Error(`an unfinished feature answered 500: ${output.slice(-400)}`);
    if (!/answered 501/.test(output) || !/"status":501/.test(output) || !/Exercise \d\d/.test(output)) {
      throw new Error(`the smoke flow did not stop at a 501 problem+json naming an exercise: ${output.slice(-400)}`);
    }
    const [step] = /✗ [^\n]*answered 501[^\n]*/.exec(output) ?? [''];
    log.write(`\nan unfinished feature answers 501 problem+json: ${step}\n`);

    // An unfinished exercise is expected: its 501 is one warning line naming it, never an error with a stack.
    const lines = server
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: number; msg?: string; status?: number; err?: unknown });
    const notBuilt = lines.filter((line) => line.status === 501);
    if (notBuilt.length === 0) throw new Error('the 501 was not logged');
    const loud = notBuilt.find((line) => line.level !== 40 || line.err !== undefined || !/^Exercise \d\d /.test(line.msg ?? ''));
    if (loud) throw new Error(`a 501 must be logged as a warning naming the exercise, without a stack: ${JSON.stringify(loud).slice(0, 300)}`);
    const errors = lines.filter((line) => line.level >= 50);
    if (errors.length > 0) throw new Error(`the fresh practice server logged an error: ${JSON.stringify(errors[0]).slice(0, 300)}`);
    const warnings = lines.filter((line) => line.level === 40 && line.status === undefined).map((line) => line.msg);
    log.write(`\n501s are logged as warnings; start-up warnings: ${warnings.join(' | ') || 'none'}\n`);

    // The served document is bounded like the complete project's (tier 3 lints that one the same way).
    const document = join(WORK, 'practice-openapi.json');
    await writeFile(document, await (await fetch(`${server.baseUrl}/openapi.json`)).text());
    await run(log, join(TOOLS_BIN, 'spectral'), ['lint', '--ruleset', join(REPO, '.ci/tools/spectral.yaml'), '--fail-severity', 'warn', document], { cwd: dir });

    // Where the smoke test is an exercise (its stub checks what exists), it passes at every step of
    // the track: CI runs it after each deploy. Elsewhere it is the complete flow, run above.
    const track = JSON.parse(await readFile(join(dir, '.practice/track.json'), 'utf8')) as { exercises: { files: string[] }[] };
    if (track.exercises.some((exercise) => exercise.files.includes('src/cli/smoke.ts'))) {
      const smoke = await run(log, 'npm', ['run', '--silent', 'smoke', '--', '--base-url', server.baseUrl], { cwd: dir, timeoutMs: 60_000 });
      log.write(`\nthe practice project's own smoke test passes:\n${smoke.trim()}\n`);
    }
  } finally {
    await server.stop();
    await extra.stop();
    await rm(join(dir, '.data/walk'), { recursive: true, force: true });
  }
}

async function compareTrees(left: string, right: string): Promise<string[]> {
  const list = async (root: string) =>
    (await readdir(root, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1));
  const [a, b] = [new Set(await list(left)), new Set(await list(right))];
  const differences: string[] = [];
  for (const file of new Set([...a, ...b])) {
    if (!a.has(file) || !b.has(file)) differences.push(`${file} (only in ${a.has(file) ? 'practice' : 'complete'})`);
    else if (!(await readFile(join(left, file))).equals(await readFile(join(right, file)))) differences.push(file);
  }
  return differences.sort();
}
