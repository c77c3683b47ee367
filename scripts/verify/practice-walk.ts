/**
 * The practice walk: a template's whole track, from a generated, installed practice project.
 * Fresh, the project lints, builds and tests green, and a call reaching an unfinished feature
 * answers 501 problem+json (the complete project's smoke flow run against it). Then, exercise by exercise in
 * track order: its tests fail ON ASSERTIONS (every test file loads; failures are expectations,
 * not TypeError/ReferenceError/SyntaxError), its reference files from the complete project are
 * copied in, `npm run practice` passes it and records it, the tests of every finished exercise
 * stay green, lint and build (typecheck included) pass. At the end `src/` and `migrations/` equal
 * the complete project's and the whole `npm test` is green.
 */
import { cp, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CommandFailed, run } from './exec.js';
import { NPM_CACHE, WORK } from './environment.js';
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
  if (fresh) await timed('fresh: 501 problem+json', () => unfinishedAnswers501(log, projectDir, completeDir));

  const { exercises } = JSON.parse(await sh('npm', ['run', '--silent', 'practice', '--', 'status', '--json'])) as { exercises: ExerciseStatus[] };
  const track = JSON.parse(await readFile(join(projectDir, '.practice/track.json'), 'utf8')) as { exercises: { id: string; tests: string[] }[] };
  const testsOf = (id: string) => track.exercises.find((exercise) => exercise.id === id)?.tests ?? [];
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
 * exercise) against a fresh practice server stops at a 501 problem+json naming an exercise.
 */
async function unfinishedAnswers501(log: Log, dir: string, completeDir: string) {
  const server = await startServer(log, dir, { NODE_ENV: 'development', PGLITE_DATA_DIR: join(dir, '.data/walk') }, BOOT_MS);
  try {
    await run(log, process.execPath, ['--import', 'tsx', 'src/cli/smoke.ts', '--base-url', server.baseUrl], { cwd: completeDir, timeoutMs: 60_000 });
    throw new Error('the full smoke flow passed against a fresh practice project: nothing is left to build?');
  } catch (error) {
    if (!(error instanceof CommandFailed)) throw error;
    if (/answered 500/.test(error.output)) throw new Error(`an unfinished feature answered 500: ${error.output.slice(-400)}`);
    if (!/answered 501/.test(error.output) || !/"status":501/.test(error.output) || !/Exercise \d\d/.test(error.output)) {
      throw new Error(`the smoke flow did not stop at a 501 problem+json naming an exercise: ${error.output.slice(-400)}`);
    }
    const [step] = /✗ [^\n]*answered 501[^\n]*/.exec(error.output) ?? [''];
    log.write(`\nan unfinished feature answers 501 problem+json: ${step}\n`);
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
