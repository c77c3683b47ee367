/**
 * Keeps README.md's "What I built" list current: one line per finished exercise, in the first
 * person, between the two markers. The lines are yours: reword any of them and the runner keeps
 * your words. Each line it writes ends with an invisible `<!-- built:<id> <hash> -->`; the hash
 * is of the text it wrote, so a line whose text no longer matches it is one you edited, and is
 * never overwritten. Lines of your own without that comment are kept where they are. Everything
 * outside the markers is yours and left as it is.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { RUN } from './commands.ts';
import { dayOf, deployState } from './deploy.ts';
import type { Exercise, Progress } from './track.ts';

const START = '<!-- practice:built:start -->';
const END = '<!-- practice:built:end -->';
const NOTHING_YET = `_Nothing yet: \`${RUN} practice\` starts the first exercise._`;
const MARK = / <!-- built:([a-z0-9-]+) ([0-9a-f]{8}) -->$/;

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 8);

/**
 * The line the runner writes for a finished exercise. The deploy exercise's line says what the
 * runner has seen, nothing more: ready (not deployed), or deployed with the URL and the day.
 */
export function builtLine(exercise: Exercise, progress: Progress): string {
  let text = exercise.built;
  if (exercise.deploys) {
    const { deployed } = progress;
    text +=
      deployState(exercise, progress) === 'deployed' && deployed
        ? ` Deployed at <${deployed.url}>: the smoke test passed there on ${dayOf(deployed)}.`
        : ' Not deployed yet.';
  }
  return `- ${text} <!-- built:${exercise.id} ${hashOf(`- ${text}`)} -->`;
}

interface Line {
  text: string;
  /** the exercise a runner-written line belongs to */
  id?: string;
  /** the learner changed the text after the runner wrote it */
  edited: boolean;
}

function parse(line: string): Line {
  const match = MARK.exec(line);
  if (!match) return { text: line, edited: true };
  const [mark, id, hash] = match;
  return { text: line, id, edited: hashOf(line.slice(0, -mark.length)) !== hash };
}

/** The block's new lines: edited and own lines kept, the runner's own lines rewritten, missing ones added in track order. */
export function rewriteBuilt(block: string, exercises: Exercise[], progress: Progress): string {
  const order = new Map(exercises.map((exercise, index) => [exercise.id, index]));
  const lines = block
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '' && !line.startsWith('_Nothing yet'))
    .map(parse);
  const result: Line[] = [];
  for (const line of lines) {
    const exercise = exercises.find((candidate) => candidate.id === line.id);
    if (line.edited || !exercise) result.push(line);
    else if (progress.done.includes(exercise.id)) result.push(parse(builtLine(exercise, progress)));
    // an unedited line of an exercise that is no longer done is dropped
  }
  for (const exercise of exercises) {
    if (!progress.done.includes(exercise.id) || result.some((line) => line.id === exercise.id)) continue;
    // After the last line of an earlier exercise, so the list keeps the track's order.
    const index = order.get(exercise.id) ?? 0;
    const after = result.findLastIndex((line) => line.id !== undefined && (order.get(line.id) ?? 0) < index);
    const before = result.findIndex((line) => line.id !== undefined && (order.get(line.id) ?? 0) > index);
    const at = after >= 0 ? after + 1 : before >= 0 ? before : result.length;
    result.splice(at, 0, parse(builtLine(exercise, progress)));
  }
  const visible = result.filter((line) => !/^\s*<!--.*-->\s*$/.test(line.text));
  return [...result.map((line) => line.text), ...(visible.length === 0 ? [NOTHING_YET] : [])].join('\n');
}

/** Returns false when README.md or its markers are gone (then nothing is written). */
export function updateWhatIBuilt(exercises: Exercise[], progress: Progress, file = 'README.md'): boolean {
  if (!existsSync(file)) return false;
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start === -1 || end < start) return false;
  // A README saved with Windows line endings keeps them.
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const block = rewriteBuilt(text.slice(start + START.length, end), exercises, progress).replaceAll('\n', eol);
  writeFileSync(file, `${text.slice(0, start + START.length)}${eol}${block}${eol}${text.slice(end)}`);
  return true;
}
