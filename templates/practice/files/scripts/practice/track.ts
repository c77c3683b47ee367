/**
 * The practice track and your progress through it: `.practice/track.json` (the exercises, in
 * order) and `.practice/progress.json` (what you finished, how many hints you took; commit it).
 * Read by `npm run practice` and by vitest.config.ts, which leaves out the tests of exercises
 * you have not finished yet.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface Exercise {
  id: string;
  title: string;
  skill: string;
  goal: string;
  /** what you built, in your voice: the line README.md's "What I built" gets when it is done */
  built: string;
  files: string[];
  /** its test files; `*.postgres.test.ts` ones need a PostgreSQL server (see postgres.ts) */
  tests: string[];
  /** the first hint only: the others are encoded in `.practice/hints/` (see solutions.ts) */
  hints: string[];
  /** how many hints there are in all */
  hintCount?: number;
  /** environment variables the exercise's tests read, with what to set them to */
  env?: Record<string, string>;
  /** finished by deploying: ready when its tests pass here, deployed when they pass at a public URL (deploy.ts) */
  deploys?: boolean;
}

/** Where the smoke test passed against your deployment, and when (ISO 8601). */
export interface Deployment {
  url: string;
  at: string;
}

export interface Progress {
  version: 1;
  done: string[];
  hints: Record<string, number>;
  deployed?: Deployment;
  /** exercises you skipped (never done): `npm run practice -- <id>` takes one up again */
  skipped?: string[];
  /** done exercises whose PostgreSQL checks have not passed on a server yet */
  postgresPending?: string[];
}

/** A problem you can fix, said in one line (the runner prints it without a stack trace). */
export class PracticeError extends Error {}

export const ROOT = resolve('.');
export const TRACK_FILE = '.practice/track.json';
export const PROGRESS_FILE = '.practice/progress.json';

interface TrackFile {
  exercises: Exercise[];
  /** package scripts that run exercise code (`db:seed`), each with the last exercise it needs */
  needs?: Record<string, string>;
}

function readTrackFile(root: string): TrackFile {
  const file = join(root, TRACK_FILE);
  if (!existsSync(file)) {
    throw new PracticeError(`No ${TRACK_FILE} here: run this in the root of a project generated with --mode practice.`);
  }
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as TrackFile;
  } catch {
    throw new PracticeError(`${TRACK_FILE} cannot be read: restore it with \`git checkout ${TRACK_FILE}\`.`);
  }
}

export function readTrack(root = ROOT): Exercise[] {
  return readTrackFile(root).exercises;
}

/**
 * What a package script (`db:seed`) waits for: the last exercise whose code it runs (the track's
 * `needs`), and the ones up to it that are not done yet, in track order.
 */
export function unfinishedNeeds(script: string, root = ROOT): { upTo: string; waiting: string[] } | undefined {
  const { exercises, needs } = readTrackFile(root);
  const last = exercises.findIndex((exercise) => exercise.id === needs?.[script]);
  if (last < 0) return undefined;
  const progress = readProgress(exercises, root);
  const number = (index: number) => `${String(index + 1).padStart(2, '0')} "${exercises[index]?.id}"`;
  const waiting = exercises.flatMap((exercise, index) =>
    index <= last && !progress.done.includes(exercise.id) ? [number(index)] : [],
  );
  return waiting.length > 0 ? { upTo: number(last), waiting } : undefined;
}

/** Never repaired or rewritten here when it cannot be read: it is your work. */
export function readProgress(exercises: Exercise[], root = ROOT): Progress {
  const file = join(root, PROGRESS_FILE);
  const restore = `restore it with \`git checkout ${PROGRESS_FILE}\`, or write {"version": 1, "done": [], "hints": {}} in it to start over`;
  if (!existsSync(file)) throw new PracticeError(`${PROGRESS_FILE} is missing: ${restore}.`);
  let progress: unknown;
  try {
    progress = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new PracticeError(`${PROGRESS_FILE} is not valid JSON (${(error as Error).message}): fix it, or ${restore}.`);
  }
  const { version, done, hints, deployed, skipped = [], postgresPending = [] } = (progress ?? {}) as Partial<Progress>;
  const ids = new Set(exercises.map((exercise) => exercise.id));
  const idList = (list: unknown) => Array.isArray(list) && list.every((id) => typeof id === 'string');
  const valid =
    version === 1 &&
    idList(done) &&
    idList(skipped) &&
    idList(postgresPending) &&
    typeof hints === 'object' &&
    hints !== null &&
    !Array.isArray(hints) &&
    Object.values(hints).every((count) => Number.isInteger(count) && count >= 0) &&
    (deployed === undefined ||
      (typeof deployed?.url === 'string' &&
        URL.canParse(deployed.url) &&
        typeof deployed.at === 'string' &&
        !Number.isNaN(Date.parse(deployed.at))));
  if (!valid) throw new PracticeError(`${PROGRESS_FILE} does not have the expected shape: fix it, or ${restore}.`);
  const finished = done as string[];
  const unknown = [...finished, ...skipped, ...postgresPending].filter((id) => !ids.has(id));
  if (unknown.length > 0) {
    throw new PracticeError(
      `${PROGRESS_FILE} lists exercises this track does not have (${unknown.join(', ')}): fix it, or ${restore}.`,
    );
  }
  return {
    version: 1,
    done: finished,
    hints: hints as Record<string, number>,
    ...(deployed ? { deployed: { url: deployed.url, at: deployed.at } } : {}),
    skipped,
    postgresPending,
  };
}

/** The first exercise neither done nor skipped, in track order; `undefined` when there is none. */
export function currentExercise(exercises: Exercise[], progress: Progress): Exercise | undefined {
  return exercises.find((exercise) => !progress.done.includes(exercise.id) && !progress.skipped?.includes(exercise.id));
}

/** Only the fields that say something: a fresh project's progress.json stays as it was written. */
export function progressJson(progress: Progress): string {
  const { skipped, postgresPending, ...rest } = progress;
  const written = {
    ...rest,
    ...(skipped?.length ? { skipped } : {}),
    ...(postgresPending?.length ? { postgresPending } : {}),
  };
  return `${JSON.stringify(written, null, 2)}\n`;
}

/** `NN-<id>`, as in the file names under `.practice/`. */
export function slugOf(exercises: Exercise[], exercise: Exercise): string {
  return `${String(exercises.indexOf(exercise) + 1).padStart(2, '0')}-${exercise.id}`;
}

/**
 * The test files `npm test` leaves out: those of exercises not done yet. `PRACTICE_TESTS=all`
 * unlocks them all (the runner sets it to run the current exercise's tests).
 */
export function lockedTestFiles(root = ROOT): string[] {
  if (process.env.PRACTICE_TESTS === 'all') return [];
  const exercises = readTrack(root);
  const progress = readProgress(exercises, root);
  return exercises.filter((exercise) => !progress.done.includes(exercise.id)).flatMap((exercise) => exercise.tests);
}
