/**
 * `npm run practice [-- <command>]`: your loop through the track.
 *   (nothing)          run the current exercise's tests; when they pass, record it and show the next
 *   watch              the same, again on every save
 *   hint               the next hint for the current exercise (one more each time)
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
import { watch as watchFiles, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { RUN } from './practice/commands.ts';
import { updateWhatIBuilt } from './practice/readme.ts';
import { diffAgainstYours, readSolution } from './practice/solutions.ts';
import { type Outcome, openVitest, runTests } from './practice/tests.ts';
import {
  currentExercise,
  type Exercise,
  PROGRESS_FILE,
  PracticeError,
  type Progress,
  readProgress,
  readTrack,
  slugOf,
} from './practice/track.ts';

const COMMANDS = ['run', 'watch', 'hint', 'solution', 'status', 'smoke'] as const;
const colour = !process.env.NO_COLOR && process.stdout.isTTY;
const paint = (code: number) => (text: string) => (colour ? `\x1b[${code}m${text}\x1b[0m` : text);
const bold = paint(1);
const dim = paint(2);
const red = paint(31);
const green = paint(32);
const yellow = paint(33);
const cyan = paint(36);

function main(): Promise<number> | number {
  const argv = process.argv.slice(2);
  const { positionals, values } = parseArgs({
    args: argv[0] === '--' ? argv.slice(1) : argv,
    allowPositionals: true,
    strict: false,
    options: { json: { type: 'boolean' }, 'base-url': { type: 'string' } },
  });
  const [command = 'run', argument] = positionals;
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new PracticeError(
      `Unknown command "${command}": use status, hint, solution, watch, or nothing to run the current exercise.`,
    );
  }
  const exercises = readTrack();
  const progress = readProgress(exercises);
  switch (command) {
    case 'status':
      return status(exercises, progress, values.json === true);
    case 'hint':
      return hint(exercises, progress);
    case 'solution':
      return solution(exercises, progress, argument);
    case 'smoke':
      return smoke(exercises, progress, values['base-url']);
    case 'watch':
      return watch(exercises);
    default:
      return runOnce(exercises);
  }
}

function label(exercises: Exercise[], exercise: Exercise): string {
  return `Exercise ${String(exercises.indexOf(exercise) + 1).padStart(2, '0')}/${exercises.length} · ${exercise.title}`;
}

function status(exercises: Exercise[], progress: Progress, json: boolean): number {
  const current = currentExercise(exercises, progress);
  if (json) {
    const list = exercises.map(({ id, title, skill, files }) => ({
      id,
      title,
      skill,
      files,
      done: progress.done.includes(id),
    }));
    console.log(JSON.stringify({ current: current?.id ?? null, exercises: list }, null, 2));
    return 0;
  }
  for (const exercise of exercises) {
    const done = progress.done.includes(exercise.id);
    const mark = done ? green('✔') : exercise === current ? yellow('▶') : dim('·');
    console.log(
      `${mark} ${String(exercises.indexOf(exercise) + 1).padStart(2, '0')}  ${exercise.title}  ${dim(exercise.skill)}`,
    );
  }
  console.log(`\n${progress.done.length} of ${exercises.length} done.${current ? ` Next: ${RUN} practice` : ''}`);
  return 0;
}

function hint(exercises: Exercise[], progress: Progress): number {
  const exercise = currentExercise(exercises, progress);
  if (!exercise) {
    console.log('Every exercise is done: no hints left to give.');
    return 0;
  }
  const shown = Math.min((progress.hints[exercise.id] ?? 0) + 1, exercise.hints.length);
  console.log(bold(`${label(exercises, exercise)}: hint ${shown} of ${exercise.hints.length}`));
  console.log(exercise.hints[shown - 1]);
  if (shown < exercise.hints.length) console.log(dim(`\nStill stuck? ${RUN} practice -- hint gives the next one.`));
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

/** Runs the current exercise once; returns the exit code. */
async function runOnce(exercises: Exercise[], vitest?: Awaited<ReturnType<typeof openVitest>>): Promise<number> {
  const progress = readProgress(exercises);
  const exercise = currentExercise(exercises, progress);
  if (!exercise) return allDone(exercises);
  const own = vitest ?? (await openVitest());
  let outcome: Outcome;
  try {
    outcome = await runTests(own, exercise.tests);
  } finally {
    if (!vitest) await own.close();
  }
  if (outcome.failures.length > 0) {
    reportFailure(exercises, exercise, outcome);
    return 1;
  }
  const next = { ...progress, done: [...progress.done, exercise.id] };
  saveProgress(next);
  const readme = updateWhatIBuilt(exercises, next);
  console.log(green(bold(`✔ ${label(exercises, exercise)}: done (${outcome.passed} tests pass)`)));
  console.log(`  Recorded in ${PROGRESS_FILE}${readme ? ' and in README.md ("What I built")' : ''}.`);
  console.log(`  Commit your work: ${cyan(`git commit -am "${exercise.title}"`)}`);
  console.log(`  The reference solution and why it is written that way: ${RUN} practice -- solution ${exercise.id}`);
  const following = currentExercise(exercises, next);
  if (following) console.log(`\nNext: ${bold(label(exercises, following))}: ${following.goal}\n  ${RUN} practice`);
  else console.log(`\n${allDoneText(exercises)}`);
  return 0;
}

function reportFailure(exercises: Exercise[], exercise: Exercise, outcome: Outcome): void {
  const [first] = outcome.failures;
  console.log(red(bold(`✖ ${label(exercises, exercise)}`)) + dim(`  [${exercise.skill}]`));
  console.log(`  Goal: ${exercise.goal}`);
  if (first) {
    console.log(
      `\n  ${first.loadError ? 'This test file could not run' : 'First failing expectation'}: ${dim(first.where)}`,
    );
    console.log(`    ${first.message.split('\n').slice(0, 8).join('\n    ')}`);
    if (first.expected !== undefined || first.actual !== undefined) {
      console.log(`    ${green(`Expected: ${first.expected}`)}`);
      console.log(`    ${red(`Received: ${first.actual}`)}`);
    }
  }
  console.log(`\n  ${outcome.failed} failing, ${outcome.passed} passing.`);
  console.log(`  Edit: ${exercise.files.join(', ')}`);
  for (const [name, meaning] of Object.entries(exercise.env ?? {})) console.log(`  Set ${name}: ${meaning}`);
  console.log(`  Read: .practice/exercises/${slugOf(exercises, exercise)}.md`);
  console.log(`  Stuck? ${RUN} practice -- hint`);
}

function allDoneText(exercises: Exercise[]): string {
  return `Every exercise of the track is done (${exercises.length} of ${exercises.length}). The project is yours: write "My decisions" in README.md, deploy it, and run ${RUN} test before each push.`;
}

function allDone(exercises: Exercise[]): number {
  console.log(green(bold('✔ All done.')));
  for (const exercise of exercises) console.log(`  ${green('✔')} ${exercise.title} ${dim(`(${exercise.skill})`)}`);
  console.log(`\n${allDoneText(exercises)}`);
  return 0;
}

/** Reruns on every save under src/, migrations/ and tests/, with one vitest instance kept warm. */
async function watch(exercises: Exercise[]): Promise<number> {
  let vitest = await openVitest();
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
        vitest = await openVitest();
      }
      console.clear();
      await runOnce(exercises, vitest);
      console.log(dim('\nWatching src/, migrations/ and tests/ (Ctrl-C to stop).'));
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
  for (const dir of ['src', 'migrations', 'tests']) {
    watchFiles(dir, { recursive: true }, (_event, name) => {
      if (!name) return;
      vitest.invalidateFile(`${process.cwd()}/${dir}/${name}`);
      if (dir === 'migrations') migrationsChanged = true;
      clearTimeout(timer);
      timer = setTimeout(() => void rerun(), 50);
    });
  }
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
  writeFileSync(PROGRESS_FILE, `${JSON.stringify(progress, null, 2)}\n`);
}

try {
  // Exit explicitly: a test run may leave handles (database pools, timers) behind.
  process.exit(await main());
} catch (error) {
  if (!(error instanceof PracticeError)) throw error;
  console.error(red(error.message));
  process.exit(2);
}
