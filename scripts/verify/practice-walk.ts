/**
 * The practice walk: a template's whole track, from a generated, installed practice project.
 * Fresh, the project lints, builds and tests green, and a call reaching an unfinished feature
 * answers 501 problem+json (the complete project's smoke flow run against it). Then, exercise by exercise in
 * track order: its tests fail ON ASSERTIONS (every test file loads; failures are expectations,
 * not TypeError/ReferenceError/SyntaxError), its reference files from the complete project are
 * copied in, `npm run practice` passes it and records it, the tests of every finished exercise
 * stay green, lint and build (typecheck included) pass. At the end `src/` and `migrations/` equal
 * the complete project's and the whole `npm test` is green.
 * Around the track, the commands a learner runs by hand: the fresh server's served OpenAPI
 * document lints clean with Spectral (as tier 3 lints the complete one), its 501s are logged as
 * warnings without a stack, its own smoke test passes; `db:seed` refuses in one line until the
 * exercises it needs are done and seeds after; a migration replaced after it ran against the
 * development database stops `db:migrate` with a message naming it and `db:reset`, which fixes it.
 */
import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CommandFailed, run } from './exec.js';
import { NPM_CACHE, REPO, TOOLS_BIN, WORK } from './environment.js';
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

/** `fresh: false` skips the fresh-project checks (to resume a walk while writing a track). */
export async function practiceWalk(log: Log, projectDir: string, completeDir: string, { fresh = true } = {}): Promise<string> {
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
  if (fresh) await timed('fresh: 501 problem+json, Spectral, smoke', () => unfinishedAnswers501(log, projectDir, completeDir));

  const { exercises } = JSON.parse(await sh('npm', ['run', '--silent', 'practice', '--', 'status', '--json'])) as { exercises: ExerciseStatus[] };
  const track = JSON.parse(await readFile(join(projectDir, '.practice/track.json'), 'utf8')) as {
    exercises: { id: string; tests: string[] }[];
    needs?: Record<string, string>;
  };
  const testsOf = (id: string) => track.exercises.find((exercise) => exercise.id === id)?.tests ?? [];
  /** Runs a command that must fail, with one line (no stack trace) matching `expected`. */
  const refuses = async (args: string[], expected: RegExp, what: string) => {
    try {
      await sh('npm', ['run', '--silent', ...args]);
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
      for (const file of exercise.files) await cp(join(completeDir, file), join(projectDir, file));
      if (needsServer) await sh('npm', ['run', 'build']); // the live server runs the built code
      await withLiveServer(needsServer, async (env) => {
        const output = await sh('npm', ['run', 'practice'], env);
        if (!output.includes('done')) throw new Error(`npm run practice did not record ${exercise.id}`);
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
      const unlocked = finished.flatMap(testsOf);
      await withLiveServer(needsServer, (env) => sh('npx', ['vitest', 'run', ...unlocked], env));
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
  });
  return timings.join(' · ');

  /** Exercises whose tests check a live URL (deploying) get a locally booted, built server. */
  async function withLiveServer<T>(needed: boolean, work: (env: Record<string, string>) => Promise<T>): Promise<T> {
    if (!needed) return work({});
    const server = await startServer(log, projectDir, { NODE_ENV: 'development', PGLITE_DATA_DIR: join(projectDir, '.data/walk') }, BOOT_MS);
    try {
      return await work({ PRACTICE_BASE_URL: server.baseUrl });
    } finally {
      await server.stop();
      await rm(join(projectDir, '.data/walk'), { recursive: true, force: true });
    }
  }
}

/** Runs the test files with vitest's JSON report: they must fail, and only on expectations. */
async function assertFailsOnAssertions(log: Log, dir: string, tests: string[], env: Record<string, string>) {
  const reportFile = join(WORK, 'practice-walk-report.json');
  await rm(reportFile, { force: true });
  try {
    await run(log, 'npx', ['vitest', 'run', ...tests, '--reporter=json', `--outputFile=${reportFile}`], {
      cwd: dir,
      env: { ...env, PRACTICE_TESTS: 'all' },
      timeoutMs: 10 * 60_000,
    });
  } catch (error) {
    if (!(error instanceof CommandFailed)) throw error;
    const report = JSON.parse(await readFile(reportFile, 'utf8')) as VitestJsonReport;
    const problems: string[] = [];
    let expectations = 0;
    for (const file of report.testResults) {
      const name = file.name.slice(dir.length + 1);
      const failed = file.assertionResults.filter((result) => result.status === 'failed');
      if (file.assertionResults.length === 0 || (file.status === 'failed' && failed.length === 0 && file.message)) {
        problems.push(`${name} did not load or crashed before its tests: ${(file.message ?? '').split('\n')[0]}`);
      }
      for (const result of failed) {
        const message = result.failureMessages[0] ?? '';
        if (CRASH.test(message)) problems.push(`${name} › ${result.fullName} crashed: ${message.split('\n')[0]}`);
        else expectations += 1;
      }
    }
    if (report.testResults.length < tests.length) problems.push(`only ${report.testResults.length} of ${tests.length} test files ran`);
    if (problems.length > 0) throw new Error(`before its reference, the exercise's tests must fail on assertions: ${problems.join('; ')}`);
    if (expectations === 0) throw new Error('before its reference, no expectation failed');
    log.write(`\n${expectations} expectations fail before the reference, every test file loaded\n`);
    return;
  }
  throw new Error(`the exercise's tests pass before its reference is applied: ${tests.join(', ')}`);
}

/**
 * The complete project's smoke flow (its main user flow: the practice project's own may be an
 * exercise) against a fresh practice server stops at a 501 problem+json naming an exercise, which
 * the server logs as one warning line, without a stack. Its served document lints clean with
 * Spectral, and the project's own smoke test passes.
 */
async function unfinishedAnswers501(log: Log, dir: string, completeDir: string) {
  const server = await startServer(log, dir, { NODE_ENV: 'development', PGLITE_DATA_DIR: join(dir, '.data/walk') }, BOOT_MS);
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

    // The project's own smoke test passes at every step of the track: CI runs it after each deploy.
    const smoke = await run(log, 'npm', ['run', '--silent', 'smoke', '--', '--base-url', server.baseUrl], { cwd: dir, timeoutMs: 60_000 });
    log.write(`\nthe practice project's own smoke test passes:\n${smoke.trim()}\n`);
  } finally {
    await server.stop();
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
