/**
 * Records a deployment: the deploy exercise's tests, here and then against PRACTICE_BASE_URL, and
 * when they pass, the URL and date in .practice/progress.json and README.md (see deploy.ts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUN } from './commands.ts';
import { deployExercise, deployState, publicUrlProblem, type Resolve, resolveAll, URL_VARIABLE } from './deploy.ts';
import { updateWhatIBuilt } from './readme.ts';
import { type Outcome, openVitest, runTests } from './tests.ts';
import { type Exercise, PROGRESS_FILE, type Progress } from './track.ts';

/** Runs the exercise's tests in a vitest instance of their own, against `url` or the app on a local port. */
async function runAgainst(exercise: Exercise, url: string | undefined): Promise<Outcome> {
  if (url) process.env[URL_VARIABLE] = url;
  else delete process.env[URL_VARIABLE];
  // A new instance: its test workers start now, with this environment (the test reads it once).
  const vitest = await openVitest();
  try {
    return await runTests(vitest, exercise.tests);
  } finally {
    await vitest.close();
    delete process.env[URL_VARIABLE];
  }
}

/**
 * The exercise's tests here first (your smoke test, as it is now, still catches broken answers:
 * against a deployment the test can only watch it pass), then at `url`.
 */
export async function smokeTestDeployment(exercise: Exercise, url: string, passedHere = false): Promise<Outcome> {
  const here = passedHere ? undefined : await runAgainst(exercise, undefined);
  return here && here.failures.length > 0 ? here : runAgainst(exercise, url);
}

interface Report {
  /** prints a failing outcome the way the runner does for any exercise */
  failure: (outcome: Outcome) => void;
  ok: (text: string) => string;
  warn: (text: string) => string;
  bold: (text: string) => string;
}

interface Seams {
  /** the project's root (default: the current directory) */
  dir?: string;
  resolve?: Resolve;
  smokeTest?: (exercise: Exercise, url: string, passedHere: boolean) => Promise<Outcome>;
  /** the tests just passed here, in this run (no need to run them here again) */
  passedHere?: boolean;
}

/**
 * After the deploy exercise is ready: with PRACTICE_BASE_URL, smoke-tests that deployment and
 * records it; without, says what is left. Returns the exit code, or `undefined` when there is
 * nothing to do (no deploy exercise, not ready yet, or deployed and no new URL to check).
 */
export async function finishDeployment(
  exercises: Exercise[],
  progress: Progress,
  url: string | undefined,
  report: Report,
  { dir = '.', resolve = resolveAll, smokeTest = smokeTestDeployment, passedHere = false }: Seams = {},
): Promise<number | undefined> {
  const exercise = deployExercise(exercises);
  if (!exercise || deployState(exercise, progress) === 'not ready') return undefined;
  if (!url) {
    if (progress.deployed) return undefined;
    console.log(report.warn(report.bold(`◐ ${exercise.title}: ready, not deployed yet.`)));
    console.log('  Your smoke test passes against the app on this machine. Deploy it (README.md, "Deploying"),');
    console.log(`  then: ${URL_VARIABLE}=https://<your app> ${RUN} practice`);
    console.log('  Your README says "not deployed yet" until then.');
    return 0;
  }
  const problem = await publicUrlProblem(url, resolve);
  if (problem) {
    console.log(report.warn(`${URL_VARIABLE}=${url} ${problem}.`));
    console.log('  Deployed is recorded only for a public URL, once the smoke test passes there.');
    return 1;
  }
  console.log(
    `${passedHere ? 'Running' : 'Running the smoke test here, then'} twice against your deployment at ${url}…`,
  );
  const outcome = await smokeTest(exercise, url, passedHere);
  if (outcome.failures.length > 0) {
    report.failure(outcome);
    console.log(report.warn(`  Not recorded as deployed: the smoke test did not pass at ${url}.`));
    return 1;
  }
  const next: Progress = { ...progress, deployed: { url, at: new Date().toISOString() } };
  writeFileSync(join(dir, PROGRESS_FILE), `${JSON.stringify(next, null, 2)}\n`);
  const readme = updateWhatIBuilt(exercises, next, join(dir, 'README.md'));
  console.log(report.ok(report.bold(`✔ Deployed: the smoke test passed twice at ${url}.`)));
  console.log(`  Recorded in ${PROGRESS_FILE}${readme ? ' and in README.md ("What I built")' : ''}.`);
  console.log(`  Commit it: git commit -am "Deployed at ${url}"`);
  return 0;
}
