/**
 * Keeps README.md's "What I built" list current: the lines between the two markers are rewritten
 * from your progress; everything else in the README is yours and left as it is.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { RUN } from './commands.ts';
import type { Exercise, Progress } from './track.ts';

const START = '<!-- practice:built:start -->';
const END = '<!-- practice:built:end -->';

/** Returns false when README.md or its markers are gone (then nothing is written). */
export function updateWhatIBuilt(exercises: Exercise[], progress: Progress, file = 'README.md'): boolean {
  if (!existsSync(file)) return false;
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start === -1 || end < start) return false;
  const done = exercises.filter((exercise) => progress.done.includes(exercise.id));
  const list =
    done.length === 0
      ? `_Nothing yet: \`${RUN} practice\` starts the first exercise._`
      : done.map((exercise) => `- **${exercise.title}** (${exercise.skill}): ${exercise.goal}`).join('\n');
  writeFileSync(file, `${text.slice(0, start + START.length)}\n${list}\n${text.slice(end)}`);
  return true;
}
