/**
 * `npm run practice [-- <command>]`: your loop through the track (`-- help` prints the list).
 *   (nothing)          run the current exercise's tests; when they pass (and the project still
 *                      type-checks, the finished exercises still pass, the analyzers find nothing
 *                      essential), record it and show the next
 *   <id>               the same for one exercise by id: a skipped one, or a finished one again
 *   all                like nothing, but runs every test instead of stopping at the first failure
 *   watch              the same, again on every save
 *   hint               the next hint for the current exercise (one more each time)
 *   skip               leave the current exercise for later (recorded as skipped, never as done)
 *   analyze [id] [--json]  the analyzers on an exercise's files (exit 1 on an essential finding)
 *   solution [id]      the reference solution of a finished exercise, as a diff against yours
 *   status [--json]    every exercise, its skill, and whether it is done
 *   smoke --base-url   CI's check of a deployed app: the whole smoke flow once every exercise
 *                      is done, until then only what is built (health and the API document)
 *
 * It runs on Node's own TypeScript support (type stripping), not through tsx: a loader hook on
 * every import cost ~2 s of CPU per call, most of `status` and `hint`. Node loads files by their
 * real names, so the runner's files import each other as `.ts`.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Finding } from './practice/analyzers.ts';
import { RUN } from './practice/commands.ts';
import { deployExercise, statusNote, takeDeploymentUrl } from './practice/deploy.ts';
import { finishDeployment } from './practice/deploy-check.ts';
import { formatAndLint, typecheck } from './practice/gates.ts';
import { findMigrationProblem } from './practice/migration-error.ts';
import {
  type CheckOutcome,
  isPostgresCheck,
  runPostgresChecks,
  type ServerSettings,
  SKIPPED_CHECKS_NEED,
  serverSettings,
} from './practice/postgres.ts';
import { updateWhatIBuilt } from './practice/readme.ts';
import { clip, describeFailure, stubReached } from './practice/report.ts';
import { diffAgainstYours, readHints, readSolution } from './practice/solutions.ts';
import { type Failure, type Outcome, openVitest, runTests } from './practice/tests.ts';
import {
  currentExercise,
  type Exercise,
  PROGRESS_FILE,
  PracticeError,
  type Progress,
  progressJson,
  readProgress,
  readTrack,
  slugOf,
} from './practice/track.ts';
import { watchDirs } from './practice/watch.ts';

const COMMANDS = ['run', 'all', 'watch', 'hint', 'skip', 'analyze', 'solution', 'status', 'smoke', 'help'] as const;
const colour = !process.env.NO_COLOR && process.stdout.isTTY;
const paint = (code: number) => (text: string) => (colour ? `\x1b[${code}m${text}\x1b[0m` : text);
const bold = paint(1);
const dim = paint(2);
const red = paint(31);
const green = paint(32);
const yellow = paint(33);
const cyan = paint(36);
const PAINT = { bold, dim, red, green };
/** PRACTICE_BASE_URL, taken out of the environment so the local run stays local (deploy.ts). */
const deploymentUrl = takeDeploymentUrl();

type Vitest = Awaited<ReturnType<typeof openVitest>>;

const HELP = `Usage: ${RUN} practice [-- <command>]

  (nothing)               run the current exercise's tests; when they pass, the project still
                          type-checks, the finished exercises still pass and the analyzers find
                          nothing essential, it is recorded as done and the next one shown
  <id>                    the same for one exercise by id (a skipped one, or a finished one again)
  all                     like nothing, but runs every test instead of stopping at the first
                          failure, and shows each failing one
  watch                   the same again on every save (PRACTICE_WATCH_POLL=1 polls for changes,
                          for folders that send no file events, such as WSL's /mnt/c)
  hint                    the next hint for the current exercise
  skip                    leave the current exercise for later: recorded as skipped, never as done
  analyze [id] [--json]   what the analyzers find in an exercise's files (exit 1 on an essential one)
  solution [id]           the reference solution of a finished exercise, as a diff against yours
  status [--json]         every exercise and where you are
  smoke --base-url <url>  the smoke test against a deployed app (CI runs it after each deploy)
  help                    this text

PostgreSQL checks (*.postgres.test.ts) run when a server is configured: TEST_DATABASE_URL, or
DATABASE_URL and REDIS_URL in .env (docker compose up -d postgres redis, see README.md); on PGlite
they wait, and the runner says how many.`;

function main(): Promise<number> | number {
  const argv = process.argv.slice(2);
  const { positionals, values } = parseArgs({
    args: argv[0] === '--' ? argv.slice(1) : argv,
    allowPositionals: true,
    strict: false,
    options: {
      json: { type: 'boolean' },
      all: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      'base-url': { type: 'string' },
    },
  });
  const [command = 'run', argument] = positionals;
  if (command === 'help' || values.help === true) {
    console.log(HELP);
    return 0;
  }
  const exercises = readTrack();
  const progress = readProgress(exercises);
  const byId = exercises.find((exercise) => exercise.id === command);
  if (!byId && !(COMMANDS as readonly string[]).includes(command)) {
    throw new PracticeError(
      `Unknown command "${command}": ${RUN} practice -- help lists the commands, ${RUN} practice -- status the exercise ids.`,
    );
  }
  switch (command) {
    case 'status':
      return status(exercises, progress, values.json === true);
    case 'hint':
      return hint(exercises, progress);
    case 'skip':
      return skip(exercises, progress);
    case 'analyze':
      return analyze(exercises, progress, argument, values.json === true);
    case 'solution':
      return solution(exercises, progress, argument);
    case 'smoke':
      return smoke(exercises, progress, values['base-url']);
    case 'watch':
      return watch(exercises, { all: values.all === true });
    default:
      return runOnce(exercises, { target: byId?.id, all: command === 'all' || values.all === true });
  }
}

/**
 * The analyzers load the TypeScript compiler (about a third of a second), so only the commands
 * that use them load it: never a failing run, `status` or `hint`.
 */
async function analyzeFiles(files: string[]): Promise<Finding[]> {
  const analyzers = await import('./practice/analyzers.ts');
  return analyzers.analyzeFiles(files);
}

/** `01`, `02`, …: an exercise's number in the track. */
function numberOf(exercises: Exercise[], exercise: Exercise): string {
  return String(exercises.indexOf(exercise) + 1).padStart(2, '0');
}

/** The exercises whose test files failed, in track order. */
function brokenBy(exercises: Exercise[], failures: Failure[]): Exercise[] {
  return exercises.filter((exercise) => failures.some((failure) => exercise.tests.includes(failure.file)));
}

/** The first failure, told in full, indented under a heading. */
function printFirst(failures: Failure[]): void {
  const [first] = failures;
  if (first)
    console.log(
      `\n${describeFailure(first, PAINT)
        .map((line) => `  ${line}`)
        .join('\n')}`,
    );
}

function label(exercises: Exercise[], exercise: Exercise): string {
  return `Exercise ${numberOf(exercises, exercise)}/${exercises.length} · ${exercise.title}`;
}

function status(exercises: Exercise[], progress: Progress, json: boolean): number {
  const current = currentExercise(exercises, progress);
  const stateOf = (exercise: Exercise) =>
    progress.done.includes(exercise.id)
      ? 'done'
      : progress.skipped?.includes(exercise.id)
        ? 'skipped'
        : exercise === current
          ? 'current'
          : 'todo';
  const pending = (exercise: Exercise) => progress.postgresPending?.includes(exercise.id) === true;
  if (json) {
    const list = exercises.map((exercise) => ({
      id: exercise.id,
      title: exercise.title,
      skill: exercise.skill,
      files: exercise.files,
      state: stateOf(exercise),
      done: progress.done.includes(exercise.id),
      /** done on PGlite; its PostgreSQL checks have not passed on a server yet */
      postgresPending: pending(exercise),
      ...(deployExercise(exercises)?.id === exercise.id ? { deployed: progress.deployed ?? null } : {}),
    }));
    console.log(JSON.stringify({ current: current?.id ?? null, exercises: list }, null, 2));
    return 0;
  }
  for (const exercise of exercises) {
    const state = stateOf(exercise);
    const mark = { done: green('✔'), skipped: yellow('↷'), current: yellow('▶'), todo: dim('·') }[state];
    const note =
      state === 'skipped'
        ? yellow('  skipped')
        : pending(exercise)
          ? yellow('  done; its PostgreSQL checks wait for a server')
          : '';
    const deployNote = statusNote(exercise, progress);
    console.log(
      `${mark} ${numberOf(exercises, exercise)}  ${exercise.title}  ${dim(exercise.skill)}${note}${deployNote ? `  ${yellow(deployNote)}` : ''}`,
    );
  }
  const skipped = progress.skipped?.length ? `, ${progress.skipped.length} skipped` : '';
  const deploy = deployExercise(exercises);
  const notDeployed = deploy && progress.done.includes(deploy.id) && !progress.deployed ? ' Not deployed yet.' : '';
  console.log(
    `\n${progress.done.length} of ${exercises.length} done${skipped}.${notDeployed}${current ? ` Next: ${RUN} practice` : ''}`,
  );
  if (progress.skipped?.length)
    console.log(dim(`Back to a skipped one: ${RUN} practice -- <id> (ids: ${progress.skipped.join(', ')})`));
  if (progress.postgresPending?.length) console.log(dim(waitingLine(progress.postgresPending.length, 'exercises')));
  return 0;
}

/** The one line that says what waits for PostgreSQL and how to run it. */
function waitingLine(count: number, what: 'checks' | 'exercises'): string {
  const subject =
    what === 'checks'
      ? `${count} PostgreSQL check${count === 1 ? '' : 's'} wait`
      : `The PostgreSQL checks of ${count} finished exercise${count === 1 ? '' : 's'} wait`;
  return `${subject} for a server: \`docker compose up -d postgres redis\` with DATABASE_URL and REDIS_URL in .env (README.md), or TEST_DATABASE_URL=postgres://…, then ${RUN} practice runs them.`;
}

function skip(exercises: Exercise[], progress: Progress): number {
  const exercise = currentExercise(exercises, progress);
  if (!exercise) {
    console.log(`Nothing to skip: no exercise is open (${RUN} practice -- status).`);
    return 1;
  }
  const next = { ...progress, skipped: [...(progress.skipped ?? []), exercise.id] };
  saveProgress(next);
  console.log(yellow(`↷ ${label(exercises, exercise)}: skipped (recorded as skipped, never as done).`));
  console.log(`  Come back to it any time: ${RUN} practice -- ${exercise.id}`);
  console.log(dim('  Later exercises may build on it: their tests say so when they reach its unfinished code.'));
  const following = currentExercise(exercises, next);
  if (following) console.log(`\nNext: ${bold(label(exercises, following))}: ${following.goal}\n  ${RUN} practice`);
  return 0;
}

async function analyze(
  exercises: Exercise[],
  progress: Progress,
  id: string | undefined,
  json: boolean,
): Promise<number> {
  const exercise =
    id === undefined ? currentExercise(exercises, progress) : exercises.find((candidate) => candidate.id === id);
  if (!exercise) {
    throw new PracticeError(
      id === undefined
        ? `No exercise is open: ${RUN} practice -- analyze <id>`
        : `No exercise "${id}" in this track: ${RUN} practice -- status lists them.`,
    );
  }
  const findings = await analyzeFiles(exercise.files);
  const essential = findings.filter((finding) => finding.severity === 'essential').length;
  if (json) {
    console.log(JSON.stringify({ exercise: exercise.id, files: exercise.files, essential, findings }, null, 2));
  } else if (findings.length === 0) {
    console.log(green(`✔ ${label(exercises, exercise)}: the analyzers find nothing in ${exercise.files.join(', ')}.`));
  } else {
    console.log(bold(`${label(exercises, exercise)}: what the analyzers find`));
    printFindings(exercises, exercise, findings);
  }
  return essential > 0 ? 1 : 0;
}

function printFindings(exercises: Exercise[], exercise: Exercise, findings: Finding[]): void {
  const colourOf = { essential: red, actionable: yellow, informative: dim };
  for (const finding of findings) {
    console.log(
      `\n  ${colourOf[finding.severity](finding.severity)}  ${bold(`${finding.file}:${finding.line}`)}  ${finding.message}`,
    );
    console.log(`  ${dim(`Why: ${finding.why}`)}`);
  }
  console.log(`\n  Read: .practice/exercises/${slugOf(exercises, exercise)}.md`);
}

function hint(exercises: Exercise[], progress: Progress): number {
  const exercise = currentExercise(exercises, progress);
  if (!exercise) {
    console.log('Every exercise is done: no hints left to give.');
    return 0;
  }
  const count = exercise.hintCount ?? exercise.hints.length;
  const shown = Math.min((progress.hints[exercise.id] ?? 0) + 1, count);
  // The first hint is in track.json; the others are decoded only when asked for.
  const hints = shown === 1 ? exercise.hints : readHints(slugOf(exercises, exercise));
  console.log(bold(`${label(exercises, exercise)}: hint ${shown} of ${count}`));
  console.log(hints[shown - 1]);
  if (shown < count) console.log(dim(`\nStill stuck? ${RUN} practice -- hint gives the next one.`));
  else
    console.log(
      dim(`\nThat was the last hint. .practice/exercises/${slugOf(exercises, exercise)}.md explains the concept.`),
    );
  saveProgress({ ...progress, hints: { ...progress.hints, [exercise.id]: shown } });
  return 0;
}

function solution(exercises: Exercise[], progress: Progress, id: string | undefined): number {
  const exercise =
    id === undefined
      ? exercises.findLast((candidate) => progress.done.includes(candidate.id))
      : exercises.find((candidate) => candidate.id === id);
  if (id !== undefined && !exercise)
    throw new PracticeError(`No exercise "${id}" in this track: ${RUN} practice -- status lists them.`);
  if (!exercise) {
    console.log(
      `No exercise is finished yet. Solutions open once you pass an exercise; until then, ${RUN} practice -- hint helps.`,
    );
    return 1;
  }
  if (!progress.done.includes(exercise.id)) {
    console.log(
      `${exercise.title} is not finished yet, so its solution stays closed: solve it first (${RUN} practice), or ask for a hint (${RUN} practice -- hint).`,
    );
    return 1;
  }
  const reference = readSolution(slugOf(exercises, exercise));
  console.log(bold(`${label(exercises, exercise)}: your code against the reference\n`));
  console.log(diffAgainstYours(reference));
  console.log(bold('Why the reference is written this way'));
  console.log(reference.why);
  return 0;
}

interface RunOptions {
  /** kept warm between runs by watch mode */
  vitest?: Vitest;
  /** an exercise by id (`npm run practice -- <id>`) instead of the current one */
  target?: string;
  /** run every test and show each failure, instead of stopping at the first */
  all?: boolean;
}

/** Runs the current exercise (or `target`) once; returns the exit code. */
async function runOnce(exercises: Exercise[], options: RunOptions = {}): Promise<number> {
  const progress = readProgress(exercises);
  const exercise = options.target ? takeUp(exercises, progress, options.target) : currentExercise(exercises, progress);
  const own = options.vitest ?? (await openVitest({ stopAtFirstFailure: options.all !== true }));
  try {
    if (!exercise) {
      // The deploy exercise is finished at a public URL (deploy-check.ts); then the whole track again.
      const deploying = await finishDeployment(exercises, progress, deploymentUrl, deployReport(exercises));
      if (deploying === undefined) return await finalCheck(exercises, progress, own);
      // Not deployed yet: the PostgreSQL checks that wait still run when a server is there.
      const server = serverSettings();
      if (server) await settlePending(exercises, readProgress(exercises), server);
      return deploying;
    }
    return await runExercise(exercises, progress, exercise, own, options.all === true);
  } finally {
    if (!options.vitest) await own.close();
  }
}

/** `npm run practice -- <id>`: a skipped, finished or current exercise; not one further on. */
function takeUp(exercises: Exercise[], progress: Progress, id: string): Exercise {
  const exercise = exercises.find((candidate) => candidate.id === id);
  if (!exercise) throw new PracticeError(`No exercise "${id}" in this track: ${RUN} practice -- status lists them.`);
  const current = currentExercise(exercises, progress);
  const open = progress.done.includes(id) || progress.skipped?.includes(id) || exercise === current;
  if (!open) {
    throw new PracticeError(
      `${exercise.title} comes later in the track: finish or skip ${current ? `"${current.title}"` : 'the open exercises'} first (${RUN} practice).`,
    );
  }
  return exercise;
}

/** Test files of exercises, by file: which exercise a failing file belongs to. */
function ownerOf(exercises: Exercise[], file: string): Exercise | undefined {
  return exercises.find((exercise) => exercise.tests.includes(file));
}

async function runExercise(
  exercises: Exercise[],
  progress: Progress,
  exercise: Exercise,
  vitest: Vitest,
  all: boolean,
): Promise<number> {
  const server = serverSettings();
  // The fast verdict: this exercise's tests, on PGlite unless TEST_DATABASE_URL says otherwise.
  let outcome: Outcome;
  try {
    outcome = await runTests(vitest, exercise.tests);
  } catch (error) {
    // The tests' set-up (it migrates a database) failed: a migration, said in one message.
    if (await reportMigrationProblem(exercises, exercise)) return 1;
    throw error;
  }
  if (outcome.failures.length > 0) {
    const databaseError = outcome.failures.some((failure) =>
      /at or near|does not exist|already exists|violates/.test(failure.message),
    );
    if (databaseError && (await reportMigrationProblem(exercises, exercise))) return 1;
    reportFailure(exercises, progress, exercise, outcome, all);
    if (server) await settlePending(exercises, progress, server);
    return 1;
  }

  // Done means done: before recording, the whole project type-checks, every finished exercise
  // still passes, the analyzers find nothing essential, and (with a server) the PostgreSQL
  // checks pass. tsc and the PostgreSQL checks run in processes of their own, alongside.
  const finished = exercises.filter((other) => other !== exercise && progress.done.includes(other.id));
  const postgresFiles = (list: Exercise[]) => list.flatMap((item) => item.tests.filter(isPostgresCheck));
  const withPending = finished.filter((other) => progress.postgresPending?.includes(other.id));
  const postgresNow = server && !server.inline ? postgresFiles([exercise, ...withPending]) : [];
  const typeErrors = typecheck();
  const postgres = postgresNow.length > 0 && server ? runPostgresChecks(postgresNow, server) : undefined;
  const finishedTests = finished.flatMap((other) => other.tests);
  const regressions = finishedTests.length > 0 ? await runTests(vitest, finishedTests) : undefined;
  const findings = await analyzeFiles(exercise.files);
  const [errors, checks] = await Promise.all([typeErrors, postgres]);

  const blocked = (reason: string) =>
    console.log(
      red(
        bold(
          `✖ ${label(exercises, exercise)}: its tests pass (${outcome.passed}), but it is not recorded yet: ${reason}`,
        ),
      ),
    );
  if (regressions && regressions.failures.length > 0) {
    const names = brokenBy(exercises, regressions.failures)
      .map((item) => `${numberOf(exercises, item)} "${item.title}"`)
      .join(', ');
    blocked(`your change broke exercise ${names || 'done before'}, which passed before.`);
    printFirst(regressions.failures);
    console.log(`\n  That is the first failing test of a finished exercise; all of them: ${RUN} test`);
    return 1;
  }
  if (errors.length > 0) {
    blocked(`the project does not type-check (${errors.length} error${errors.length === 1 ? '' : 's'}).`);
    for (const error of errors.slice(0, 5)) console.log(`  ${clip(error, 1)[0]}`);
    if (errors.length > 5) console.log(dim(`  … ${errors.length - 5} more`));
    console.log(`\n  The tests run without checking types; ${RUN} build would fail. All of them: ${RUN} typecheck`);
    return 1;
  }
  const essential = findings.filter((finding) => finding.severity === 'essential');
  if (essential.length > 0) {
    blocked(
      `the analyzers found ${essential.length === 1 ? 'a mistake the tests cannot see' : `${essential.length} mistakes the tests cannot see`}.`,
    );
    printFindings(exercises, exercise, findings);
    return 1;
  }
  if (checks && checks.failures.length > 0) {
    blocked(`PostgreSQL checks fail (against ${server?.from}).`);
    reportPostgresFailure(exercises, checks);
    return 1;
  }

  // Recorded. PostgreSQL checks that could not run wait, named in status, until a run with a server.
  const skippedChecks = Object.entries(outcome.skipped)
    .filter(([file]) => isPostgresCheck(file))
    .reduce((sum, [, count]) => sum + count, 0);
  // An exercise's checks ran on the server only if none of its check files skipped a test there.
  const skippedOnServer = new Set(
    server?.inline
      ? [...Object.keys(outcome.skipped), ...Object.keys(regressions?.skipped ?? {})].filter(isPostgresCheck)
      : (checks?.skippedFiles ?? []),
  );
  const fullyRan = (item: Exercise) => !postgresFiles([item]).some((file) => skippedOnServer.has(file));
  const ranOnServer = new Set(
    (server?.inline ? [exercise, ...finished] : checks ? [exercise, ...withPending] : [])
      .filter(fullyRan)
      .map((item) => item.id),
  );
  const pendingNow = postgresFiles([exercise]).length > 0 && !ranOnServer.has(exercise.id);
  const postgresPending = [
    ...(progress.postgresPending ?? []).filter((id) => !ranOnServer.has(id) && id !== exercise.id),
    ...(pendingNow ? [exercise.id] : []),
  ];
  const wasDone = progress.done.includes(exercise.id);
  const next: Progress = {
    ...progress,
    done: wasDone ? progress.done : [...progress.done, exercise.id],
    skipped: (progress.skipped ?? []).filter((id) => id !== exercise.id),
    postgresPending,
  };
  saveProgress(next);
  const readme = updateWhatIBuilt(exercises, next);
  const earlier = finished.length === 0 ? '' : `; the ${finished.length} finished before still pass`;
  console.log(
    green(
      bold(
        `✔ ${label(exercises, exercise)}: ${exercise.deploys ? 'ready' : 'done'} (${outcome.passed} tests pass; the project type-checks${earlier})`,
      ),
    ),
  );
  if (checks) console.log(green(`  The PostgreSQL checks pass too (${checks.passed}, against ${server?.from}).`));
  if (pendingNow && server)
    console.log(
      yellow(`  Some of its PostgreSQL checks skipped themselves against ${server.from}: ${SKIPPED_CHECKS_NEED}.`),
    );
  else if (pendingNow)
    console.log(yellow(`  ${waitingLine(skippedChecks || postgresFiles([exercise]).length, 'checks')}`));
  console.log(`  Recorded in ${PROGRESS_FILE}${readme ? ' and in README.md ("What I built")' : ''}.`);
  const lint = await formatAndLint(exercise.files);
  if (lint.formatted) console.log(`  Formatted ${exercise.files.join(', ')} (as ${RUN} format would).`);
  if (lint.problems.length > 0) {
    console.log(yellow(`  ${RUN} lint still finds, in your files:`));
    for (const problem of lint.problems.slice(0, 5)) console.log(`    ${problem}`);
  }
  if (findings.length > 0) {
    console.log(`\n  The analyzers suggest (not blocking):`);
    printFindings(exercises, exercise, findings);
  }
  console.log(`  Commit your work: ${cyan(`git commit -am "${exercise.title}"`)}`);
  console.log(`  The reference solution and why it is written that way: ${RUN} practice -- solution ${exercise.id}`);
  const following = currentExercise(exercises, next);
  if (following) console.log(`\nNext: ${bold(label(exercises, following))}: ${following.goal}\n  ${RUN} practice`);
  else if (next.skipped?.length) console.log(`\n${skippedText(next)}`);
  else {
    const deploying = await finishDeployment(exercises, next, deploymentUrl, deployReport(exercises), {
      passedHere: exercise.deploys === true,
    });
    if (deploying !== undefined) return deploying;
    console.log(`\n${RUN} practice once more checks the whole track and says whether all is done.`);
  }
  return 0;
}

/** A migration that does not apply, as one message with the usual Edit/Read/hint lines; false when they all apply. */
async function reportMigrationProblem(exercises: Exercise[], exercise: Exercise): Promise<boolean> {
  const problem = await findMigrationProblem();
  if (!problem) return false;
  const at = problem.line ? `${problem.file}:${problem.line}:${problem.column}` : problem.file;
  console.log(red(bold(`✖ ${label(exercises, exercise)}`)) + dim(`  [${exercise.skill}]`));
  console.log(`\n  A migration does not apply: ${bold(at)}`);
  console.log(`  PostgreSQL says: ${problem.message}`);
  if (problem.frame.length > 0) console.log(`\n${problem.frame.map((line) => `    ${line}`).join('\n')}`);
  console.log('\n  No test could run: each starts from a database made by your migrations.');
  const mine = exercise.files.includes(problem.file);
  console.log(`  Edit: ${problem.file}${mine ? '' : dim(" (not this exercise's file: a later edit broke it)")}`);
  console.log(`  Read: .practice/exercises/${slugOf(exercises, exercise)}.md`);
  console.log(`  Stuck? ${RUN} practice -- hint`);
  return true;
}

/**
 * With a server configured, the waiting PostgreSQL checks of finished exercises run after the
 * current exercise's verdict, whatever it was, and are recorded when they pass.
 */
async function settlePending(exercises: Exercise[], progress: Progress, server: ServerSettings): Promise<void> {
  const pending = exercises.filter((exercise) => progress.postgresPending?.includes(exercise.id));
  const files = pending.flatMap((exercise) => exercise.tests.filter(isPostgresCheck));
  if (files.length === 0) return;
  const checks = await runPostgresChecks(files, server);
  const names = pending.map((exercise) => `${numberOf(exercises, exercise)}`).join(', ');
  if (checks.failures.length > 0) {
    console.log(
      red(
        bold(
          `\n✖ The PostgreSQL checks of finished exercise${pending.length === 1 ? '' : 's'} ${names} fail (against ${server.from}).`,
        ),
      ),
    );
    reportPostgresFailure(exercises, checks);
    return;
  }
  const stillPending = pending.filter((exercise) => exercise.tests.some((file) => checks.skippedFiles.includes(file)));
  const recorded = pending.filter((exercise) => !stillPending.includes(exercise));
  saveProgress({ ...readProgress(exercises), postgresPending: stillPending.map((exercise) => exercise.id) });
  if (recorded.length > 0) {
    const numbers = recorded.map((exercise) => numberOf(exercises, exercise)).join(', ');
    console.log(
      green(
        `\n✔ The PostgreSQL checks of finished exercise${recorded.length === 1 ? '' : 's'} ${numbers} pass (${checks.passed}, against ${server.from}): recorded.`,
      ),
    );
  }
  if (stillPending.length > 0) {
    const numbers = stillPending.map((exercise) => numberOf(exercises, exercise)).join(', ');
    console.log(
      yellow(
        `  Some PostgreSQL checks of exercise ${numbers} skipped themselves against ${server.from}: ${SKIPPED_CHECKS_NEED}.`,
      ),
    );
  }
}

function deployReport(exercises: Exercise[]) {
  const exercise = deployExercise(exercises);
  return {
    failure: (outcome: Outcome) =>
      exercise && reportFailure(exercises, readProgress(exercises), exercise, outcome, false),
    ok: green,
    warn: yellow,
    bold,
  };
}

function reportPostgresFailure(exercises: Exercise[], checks: CheckOutcome): void {
  const [first] = checks.failures;
  if (!first) return;
  const owner = ownerOf(exercises, first.file);
  console.log(
    `\n  First failing check: ${bold(first.file)}${owner ? dim(` (exercise ${numberOf(exercises, owner)})`) : ''}`,
  );
  if (first.test) console.log(dim(`  ${first.test}`));
  const message = first.message
    .split('\n')
    .filter((line) => !/^\s+at /.test(line))
    .join('\n');
  console.log(
    clip(message, 20)
      .map((line) => `  ${line}`)
      .join('\n'),
  );
  if (/ECONNREFUSED|ENOTFOUND|password authentication|does not exist/.test(first.message)) {
    console.log(
      yellow(
        '  The server did not let the checks in: is it running (`docker compose up -d postgres redis`), and is its URL right?',
      ),
    );
  }
  if (checks.failures.length > 1) console.log(`\n  ${checks.failures.length - 1} more PostgreSQL checks fail.`);
}

function reportFailure(
  exercises: Exercise[],
  progress: Progress,
  exercise: Exercise,
  outcome: Outcome,
  all: boolean,
): void {
  console.log(red(bold(`✖ ${label(exercises, exercise)}`)) + dim(`  [${exercise.skill}]`));
  console.log(`  Goal: ${exercise.goal}`);
  const shown = all ? outcome.failures : outcome.failures.slice(0, 1);
  for (const failure of shown) {
    console.log(
      `\n${describeFailure(failure, PAINT)
        .map((line) => `  ${line}`)
        .join('\n')}`,
    );
    const stub = stubReached(failure, exercises, exercise, progress.skipped);
    if (stub) console.log(`\n  ${yellow(stub)}`);
  }
  // Without `-- all`, the run stopped at its first failure (openVitest): the tests after it did not run.
  console.log(
    all
      ? `\n  ${outcome.failed} failing, ${outcome.passed} passing.`
      : `\n  Stopped at the first failing test${outcome.passed > 0 ? ` (${outcome.passed} passed before it)` : ''}. Every test, and each failure: ${RUN} practice -- all`,
  );
  console.log(`  Edit: ${exercise.files.join(', ')}`);
  for (const [name, meaning] of Object.entries(exercise.env ?? {})) console.log(`  Set ${name}: ${meaning}`);
  console.log(`  Read: .practice/exercises/${slugOf(exercises, exercise)}.md`);
  console.log(`  Stuck? ${RUN} practice -- hint  (or leave it for later: ${RUN} practice -- skip)`);
}

function skippedText(progress: Progress): string {
  return `Every other exercise is done; skipped: ${progress.skipped?.join(', ')}. Take one up again with ${RUN} practice -- <id>.`;
}

function allDoneText(exercises: Exercise[]): string {
  return `Every exercise of the track is done (${exercises.length} of ${exercises.length}). The project is yours: write "My decisions" in README.md, deploy it, and run ${RUN} test before each push.`;
}

/**
 * No exercise left open. "All done" only when it is still true: every exercise's tests pass and
 * the project type-checks now (a later change may have broken an earlier exercise), and the
 * PostgreSQL checks still waiting run when a server is there.
 */
async function finalCheck(exercises: Exercise[], progress: Progress, vitest: Vitest): Promise<number> {
  if (progress.skipped?.length) {
    console.log(skippedText(progress));
    return 1;
  }
  const server = serverSettings();
  const pending = exercises.filter((exercise) => progress.postgresPending?.includes(exercise.id));
  const postgresNow =
    server && !server.inline ? pending.flatMap((exercise) => exercise.tests.filter(isPostgresCheck)) : [];
  const typeErrors = typecheck();
  const postgres = postgresNow.length > 0 && server ? runPostgresChecks(postgresNow, server) : undefined;
  const outcome = await runTests(
    vitest,
    exercises.flatMap((exercise) => exercise.tests),
  );
  const [errors, checks] = await Promise.all([typeErrors, postgres]);
  if (outcome.failures.length > 0) {
    const broken = brokenBy(exercises, outcome.failures);
    console.log(
      red(
        bold(
          `✖ Not all done any more: ${broken.map((item) => `exercise ${numberOf(exercises, item)} "${item.title}"`).join(', ')} fails again.`,
        ),
      ),
    );
    printFirst(outcome.failures);
    const [again] = broken;
    if (again)
      console.log(
        `\n  Fix it, then ${RUN} practice -- ${again.id} (or ${RUN} practice to check the whole track again).`,
      );
    return 1;
  }
  if (errors.length > 0) {
    console.log(
      red(
        bold(
          `✖ Not all done any more: the project does not type-check (${errors.length} error${errors.length === 1 ? '' : 's'}).`,
        ),
      ),
    );
    for (const error of errors.slice(0, 5)) console.log(`  ${clip(error, 1)[0]}`);
    return 1;
  }
  if (checks && checks.failures.length > 0) {
    console.log(red(bold(`✖ The PostgreSQL checks fail (against ${server?.from}).`)));
    reportPostgresFailure(exercises, checks);
    return 1;
  }
  const skippedOnServer = server?.inline
    ? Object.keys(outcome.skipped).filter(isPostgresCheck)
    : (checks?.skippedFiles ?? []);
  const stillPending = server
    ? pending.filter((exercise) => exercise.tests.some((file) => skippedOnServer.includes(file)))
    : pending;
  if (checks || server?.inline)
    saveProgress({ ...progress, postgresPending: stillPending.map((exercise) => exercise.id) });
  if (stillPending.length > 0) {
    console.log(green(bold(`✔ Every exercise passes on PGlite (${exercises.length} of ${exercises.length}).`)));
    console.log(
      yellow(
        server
          ? `Some PostgreSQL checks skipped themselves against ${server.from}: ${SKIPPED_CHECKS_NEED}.`
          : waitingLine(stillPending.length, 'exercises'),
      ),
    );
    return 0;
  }
  console.log(green(bold('✔ All done.')));
  for (const exercise of exercises) console.log(`  ${green('✔')} ${exercise.title} ${dim(`(${exercise.skill})`)}`);
  console.log(`\n${allDoneText(exercises)}`);
  return 0;
}

/** Reruns on every save under src/, migrations/ and tests/, with one vitest instance kept warm. */
async function watch(exercises: Exercise[], options: { all: boolean }): Promise<number> {
  let vitest = await openVitest({ stopAtFirstFailure: !options.all });
  let running = false;
  let again = false;
  let migrationsChanged = false;
  const rerun = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      if (migrationsChanged) {
        // The test databases are made from the migrations once per vitest instance: start anew.
        migrationsChanged = false;
        await vitest.close();
        vitest = await openVitest({ stopAtFirstFailure: !options.all });
      }
      console.clear();
      await runOnce(exercises, { vitest, all: options.all });
      console.log(dim(`\nWatching src/, migrations/ and tests/ (${how}; Ctrl-C to stop).`));
    } catch (error) {
      console.error(red((error as Error).message));
    } finally {
      running = false;
      if (again) {
        again = false;
        void rerun();
      }
    }
  };
  let timer: NodeJS.Timeout | undefined;
  const { how } = watchDirs(['src', 'migrations', 'tests'], (dir, name) => {
    vitest.invalidateFile(`${process.cwd()}/${dir}/${name}`);
    if (dir === 'migrations') migrationsChanged = true;
    clearTimeout(timer);
    timer = setTimeout(() => void rerun(), 50);
  });
  await rerun();
  return new Promise<number>((resolve) => {
    process.once('SIGINT', () => void vitest.close().then(() => resolve(0)));
  });
}

async function smoke(exercises: Exercise[], progress: Progress, baseUrl: unknown): Promise<number> {
  if (typeof baseUrl !== 'string' || !URL.canParse(baseUrl)) {
    throw new PracticeError(`Usage: ${RUN} practice -- smoke --base-url <url>`);
  }
  if (!currentExercise(exercises, progress)) {
    // The project's own smoke flow (what `smoke -- --base-url` runs), whatever the package manager.
    const args = ['--import', 'tsx', 'src/cli/smoke.ts', '--base-url', baseUrl];
    return spawnSync(process.execPath, args, { stdio: 'inherit' }).status ?? 1;
  }
  console.log(
    `Smoke test against ${baseUrl} (${progress.done.length} of ${exercises.length} exercises done: the full user flow runs once all are)`,
  );
  for (const path of ['/healthz', '/openapi.json']) {
    try {
      const response = await fetch(new URL(path, baseUrl), { signal: AbortSignal.timeout(15_000) });
      if (!response.ok) throw new Error(`answered ${response.status}`);
      console.log(`  ${green('✓')} GET ${path}`);
    } catch (error) {
      console.error(`  ${red('✗')} GET ${path}: ${(error as Error).message}`);
      return 1;
    }
  }
  return 0;
}

function saveProgress(progress: Progress): void {
  writeFileSync(PROGRESS_FILE, progressJson(progress));
}

try {
  // Exit explicitly: a test run may leave handles (database pools, timers) behind.
  process.exit(await main());
} catch (error) {
  if (!(error instanceof PracticeError)) throw error;
  console.error(red(error.message));
  process.exit(2);
}
