/**
 * A failing test told the way a beginner can act on it: where (the test file, its line, the
 * lines around it), what (the test's own message in full, then expected against received as a
 * diff), and what else (how many other tests fail, `-- all` to see them). A request that went
 * through to a later exercise's unfinished code is explained from this exercise's side.
 */
import { existsSync, readFileSync } from 'node:fs';
import { RUN } from './commands.ts';
import type { Failure } from './tests.ts';
import type { Exercise } from './track.ts';

export interface Paint {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
}

const LONGEST_LINE = 300;
const MOST_LINES = 40;

/** Long messages kept readable: each line cut at 300 characters, at most 40 lines. */
export function clip(text: string, lines = MOST_LINES): string[] {
  const all = text.replace(/\s+$/, '').split('\n');
  const shown = all
    .slice(0, lines)
    .map((line) =>
      line.length > LONGEST_LINE
        ? `${line.slice(0, LONGEST_LINE)}… (${line.length - LONGEST_LINE} more characters)`
        : line,
    );
  if (all.length > lines) shown.push(`… ${all.length - lines} more lines`);
  return shown;
}

/** The lines around `line` of `file`, the failing one marked, with a caret under `column`. */
export function codeFrame(file: string, line: number, column?: number): string[] {
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n');
  const width = String(line + 1).length;
  const frame: string[] = [];
  for (let number = Math.max(1, line - 2); number <= Math.min(lines.length, line + 1); number++) {
    const text = lines[number - 1] ?? '';
    frame.push(`${number === line ? '>' : ' '} ${String(number).padStart(width)} | ${text}`);
    if (number === line && column) frame.push(`  ${' '.repeat(width)} | ${' '.repeat(Math.max(0, column - 1))}^`);
  }
  return frame;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes are control characters
const ANSI = /\x1b\[[0-9;]*m/g;

const STUB = /Exercise (\d\d) "([a-z0-9-]+)" is not done yet/;

/**
 * When a test reached the 501 of another exercise's stub: what to say instead of "open that
 * file". `undefined` when the failure has nothing to do with a stub, or the stub is this one's.
 */
export function stubReached(
  failure: Failure,
  exercises: Exercise[],
  current: Exercise,
  skipped: string[] = [],
): string | undefined {
  const text = [failure.message, failure.actual ?? '', failure.diff ?? ''].join('\n');
  const found = STUB.exec(text);
  const mine = exercises.indexOf(current);
  // The 501's body is not always in the message (`expected 501 to be 201`): then the exercises
  // whose files are still stubs say where the request went.
  const other = found
    ? exercises.find((exercise) => exercise.id === found[2])
    : /\b501\b/.test(text)
      ? (exercises.find(
          (exercise) => exercise !== current && exercise.files.some(isStub) && exercises.indexOf(exercise) < mine,
        ) ?? exercises.find((exercise) => exercise !== current && exercise.files.some(isStub)))
      : undefined;
  if (!other || other === current) return undefined;
  const number = String(exercises.indexOf(other) + 1).padStart(2, '0');
  if (exercises.indexOf(other) > mine) {
    return (
      `This request went through to unfinished code of a later exercise${found ? ` (${number} "${other.title}")` : ''}, which answers 501. ` +
      `The test expects your code (${current.files.join(', ')}) to answer it before it gets there: ` +
      "look at what it expected, and at what your code let through. The later exercise's file is not part of this one."
    );
  }
  const why = skipped.includes(other.id) ? 'you skipped it' : 'its file is a stub (again)';
  return `This test needs exercise ${number} "${other.title}" (${other.files.join(', ')}), and ${why}: finish it with \`${RUN} practice -- ${other.id}\`.`;
}

/** Whether a file of the project is still (or again) an exercise's stub. */
function isStub(file: string): boolean {
  try {
    return STUB.test(readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
}

/** The lines that tell one failure: where, the code frame, the message, the diff. */
export function describeFailure(failure: Failure, paint: Paint): string[] {
  const lines: string[] = [];
  const location = failure.line ? `${failure.file}:${failure.line}` : failure.file;
  const test = failure.where.includes(' › ') ? failure.where.slice(failure.where.indexOf(' › ') + 3) : '';
  lines.push(
    `${failure.loadError ? 'This test file could not run' : 'First failing expectation'}: ${paint.bold(location)}`,
  );
  if (test) lines.push(paint.dim(`  ${test}`));
  if (failure.line)
    lines.push('', ...codeFrame(failure.file, failure.line, failure.column).map((line) => `  ${paint.dim(line)}`));
  lines.push('', ...clip(failure.message).map((line) => `  ${line}`));
  const diff = failure.diff?.replace(ANSI, '').trim();
  if (diff && !failure.message.includes(diff)) {
    lines.push('');
    for (const line of clip(diff, 30)) {
      const painted = line.startsWith('-') ? paint.green(line) : line.startsWith('+') ? paint.red(line) : line;
      lines.push(`  ${painted}`);
    }
  } else if (!diff && (failure.expected !== undefined || failure.actual !== undefined)) {
    lines.push(
      '',
      `  ${paint.green(`Expected: ${failure.expected}`)}`,
      `  ${paint.red(`Received: ${failure.actual}`)}`,
    );
  }
  return lines;
}
