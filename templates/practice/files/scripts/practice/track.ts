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
  files: string[];
  tests: string[];
  hints: string[];
  /** environment variables the exercise's tests read, with what to set them to */
  env?: Record<string, string>;
}

export interface Progress {
  version: 1;
  done: string[];
  hints: Record<string, number>;
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
  const { version, done, hints } = (progress ?? {}) as Partial<Progress>;
  const ids = new Set(exercises.map((exercise) => exercise.id));
  const valid =
    version === 1 &&
    Array.isArray(done) &&
    done.every((id) => typeof id === 'string') &&
    typeof hints === 'object' &&
    hints !== null &&
    !Array.isArray(hints) &&
    Object.values(hints).every((count) => Number.isInteger(count) && count >= 0);
  if (!valid) throw new PracticeError(`${PROGRESS_FILE} does not have the expected shape: fix it, or ${restore}.`);
  const unknown = done.filter((id) => !ids.has(id));
  if (unknown.length > 0) {
    throw new PracticeError(
      `${PROGRESS_FILE} lists exercises this track does not have (${unknown.join(', ')}): fix it, or ${restore}.`,
    );
  }
  return { version, done, hints };
}

/** The first exercise not done, in track order; `undefined` when all are. */
export function currentExercise(exercises: Exercise[], progress: Progress): Exercise | undefined {
  return exercises.find((exercise) => !progress.done.includes(exercise.id));
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
