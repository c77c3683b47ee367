/**
 * The practice runner's parts that decide what you are told (scripts/practice/): where the
 * PostgreSQL checks run, how a failure is shown, what a 501 from another exercise means, your
 * progress with skipped exercises and waiting PostgreSQL checks, and watch mode's polling.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isPostgresCheck, serverSettings } from '../../scripts/practice/postgres.js';
import { clip, describeFailure, stubReached } from '../../scripts/practice/report.js';
import { readHints } from '../../scripts/practice/solutions.js';
import type { Failure } from '../../scripts/practice/tests.js';
import {
  currentExercise,
  type Exercise,
  PracticeError,
  progressJson,
  readProgress,
  readTrack,
  slugOf,
} from '../../scripts/practice/track.js';
import { shouldPoll, watchDirs } from '../../scripts/practice/watch.js';

const dir = mkdtempSync(join(tmpdir(), 'practice-runner-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const exercise = (id: string, files: string[]): Exercise => ({
  id,
  title: `Title of ${id}`,
  skill: 'skill',
  goal: 'goal',
  built: 'built it',
  files,
  tests: [`tests/${id}.test.ts`],
  hints: ['first'],
});
const track = [exercise('one', ['src/one.ts']), exercise('two', ['src/two.ts']), exercise('three', ['src/three.ts'])];
const noPaint = { bold: String, dim: String, red: String, green: String };

describe('where the PostgreSQL checks run', () => {
  const envFile = join(dir, '.env');

  it('on PGlite alone when no server is configured', () => {
    writeFileSync(envFile, 'DATABASE_URL=\nPGLITE_DATA_DIR=.data/pglite\n');
    expect(serverSettings({}, envFile)).toBeUndefined();
  });

  it('everything on TEST_DATABASE_URL when it is set (inline, like npm test)', () => {
    expect(serverSettings({ TEST_DATABASE_URL: 'postgres://a@h/t', REDIS_URL: 'redis://r' }, envFile)).toEqual({
      databaseUrl: 'postgres://a@h/t',
      redisUrl: 'redis://r',
      from: 'TEST_DATABASE_URL',
      inline: true,
    });
  });

  it('after the fast verdict, on the server of DATABASE_URL in .env (docker compose), with its REDIS_URL', () => {
    writeFileSync(envFile, 'DATABASE_URL=postgres://app:app@localhost:5432/app\nREDIS_URL=redis://localhost:6379\n');
    expect(serverSettings({}, envFile)).toEqual({
      databaseUrl: 'postgres://app:app@localhost:5432/app',
      redisUrl: 'redis://localhost:6379',
      from: 'DATABASE_URL in .env',
      inline: false,
    });
    expect(serverSettings({ DATABASE_URL: 'postgresql://x@y/z' }, envFile)?.from).toBe('DATABASE_URL');
  });

  it('knows the checks by their file name', () => {
    expect(isPostgresCheck('tests/tasks/task-tags.postgres.test.ts')).toBe(true);
    expect(isPostgresCheck('tests/tasks/task-tags.test.ts')).toBe(false);
  });
});

describe('a failure, told', () => {
  const testFile = join(dir, 'tests', 'example.test.ts');
  mkdirSync(join(dir, 'tests'), { recursive: true });
  writeFileSync(
    testFile,
    ['a', 'b', 'const response = await call();', 'expect(response.statusCode).toBe(201);', 'c'].join('\n'),
  );
  const failure: Failure = {
    where: `${testFile} › creates a task`,
    file: testFile,
    message: 'expected 400 to be 201 // Object.is equality',
    diff: '- Expected\n+ Received\n\n- 201\n+ 400',
    expected: '201',
    actual: '400',
    line: 4,
    column: 29,
    loadError: false,
  };

  it('names the file and line, shows the code around it, the message, and one diff (not two dumps)', () => {
    const text = describeFailure(failure, noPaint).join('\n');
    expect(text).toContain(`First failing expectation: ${testFile}:4`);
    expect(text).toContain('creates a task');
    expect(text).toContain('> 4 | expect(response.statusCode).toBe(201);');
    expect(text).toContain('    |                             ^');
    expect(text).toContain('expected 400 to be 201');
    expect(text).toContain('- 201\n  + 400');
    expect(text).not.toContain('Expected: 201');
  });

  it('keeps a long custom message whole up to 40 lines, cutting only very long lines', () => {
    const message = Array.from({ length: 12 }, (_, index) => `line ${index + 1}`).join('\n');
    expect(clip(message)).toHaveLength(12);
    expect(clip('x'.repeat(18_000))[0]).toMatch(/^x{300}… \(17700 more characters\)$/);
    expect(clip(Array.from({ length: 50 }, () => 'l').join('\n'))).toHaveLength(41);
  });

  it('explains a 501 from a later exercise from this exercise’s side, never “open that file”', () => {
    const reached = {
      ...failure,
      message: 'expected 201, got 501: Exercise 03 "three" is not done yet: open src/three.ts',
    };
    const text = stubReached(reached, track, track[0] as Exercise) ?? '';
    expect(text).toContain('went through to unfinished code of a later exercise (03 "Title of three")');
    expect(text).toContain('expects your code (src/one.ts) to answer it before it gets there');
    expect(text).not.toContain('open src/three.ts');
  });

  it('names an earlier exercise you skipped when a test needs it', () => {
    const reached = { ...failure, message: 'Exercise 01 "one" is not done yet: open src/one.ts' };
    expect(stubReached(reached, track, track[1] as Exercise, ['one'])).toContain(
      'needs exercise 01 "Title of one" (src/one.ts), and you skipped it',
    );
    expect(stubReached({ ...failure }, track, track[1] as Exercise)).toBeUndefined();
  });
});

describe('your progress', () => {
  const root = join(dir, 'progress');
  mkdirSync(join(root, '.practice'), { recursive: true });
  const write = (value: unknown) => writeFileSync(join(root, '.practice/progress.json'), JSON.stringify(value));

  it('moves past a skipped exercise, which is never done', () => {
    write({ version: 1, done: ['one'], hints: {}, skipped: ['two'] });
    const progress = readProgress(track, root);
    expect(currentExercise(track, progress)?.id).toBe('three');
    expect(progress.done).not.toContain('two');
  });

  it('keeps exercises whose PostgreSQL checks wait, and writes only the fields in use', () => {
    write({ version: 1, done: ['one'], hints: {}, postgresPending: ['one'] });
    const progress = readProgress(track, root);
    expect(progress.postgresPending).toEqual(['one']);
    expect(JSON.parse(progressJson({ ...progress, postgresPending: [], skipped: [] }))).toEqual({
      version: 1,
      done: ['one'],
      hints: {},
    });
  });

  it('refuses unknown ids in skipped in one line', () => {
    write({ version: 1, done: [], hints: {}, skipped: ['nope'] });
    expect(() => readProgress(track, root)).toThrow(PracticeError);
    expect(() => readProgress(track, root)).toThrow(/does not have \(nope\)/);
  });
});

describe('hints', () => {
  it('shows only the first in track.json; `hint` decodes the others from .practice/hints/', () => {
    const exercises = readTrack();
    for (const exercise of exercises) {
      const hints = readHints(slugOf(exercises, exercise));
      expect(exercise.hints).toEqual(hints.slice(0, 1));
      expect(hints).toHaveLength(exercise.hintCount ?? 0);
      expect(hints.length).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('watch mode', () => {
  it('polls on WSL-like file systems when asked (PRACTICE_WATCH_POLL=1), events otherwise', () => {
    expect(shouldPoll({ PRACTICE_WATCH_POLL: '1' })).toBe(true);
    expect(shouldPoll({ PRACTICE_WATCH_POLL: '0' })).toBe(false);
  });

  it('sees a save by polling, without file events', async () => {
    const watched = join(dir, 'watched');
    mkdirSync(watched, { recursive: true });
    writeFileSync(join(watched, 'a.ts'), 'one');
    const saved: string[] = [];
    const watching = watchDirs([watched], (_dir, name) => saved.push(name), true);
    try {
      expect(watching.how).toBe('polling');
      await new Promise((resolve) => setTimeout(resolve, 100));
      writeFileSync(join(watched, 'a.ts'), 'two, longer');
      await expect.poll(() => saved, { timeout: 3000 }).toContain('a.ts');
    } finally {
      watching.close();
    }
  });
});
