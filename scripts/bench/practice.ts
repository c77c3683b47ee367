/**
 * The learner's feedback loop in a generated practice project (task-api, or --template), for EVERY exercise of
 * the track, in order (the exercises before it done with the complete project's files):
 *   - `npm run practice` while the exercise fails (its stub in place), process start to exit
 *     (median of N runs): the fast verdict a learner waits for most;
 *   - `npm run practice -- watch`: from saving the exercise's file to the rerun's answer (median);
 *   - the run that records it (its reference copied in), with every gate: tsc, the finished
 *     exercises' tests, the analyzers (once: it changes the state);
 * then `npm run practice -- status` (median) and the whole `npm test` of a fresh practice project
 * and of the complete project.
 * On Node 22, the oldest Node the generated projects support (the runner needs its type stripping).
 *   npm run bench:practice [-- --runs 5] [-- --template ecommerce|external-api]
 * Uses the template's track; for task-api, the generator tests' fixture track when there is none.
 * Prints figures; asserts nothing.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import { hasTrack } from '../../src/modes.js';
import { installNode, REPO } from '../verify/environment.js';
import { median, printTable } from './figures.js';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, template: { type: 'string', default: 'task-api' } },
});
const template = values.template;
const WORK = join(REPO, '.tmp/bench-practice', template);
const runs = Number(values.runs);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

rmSync(WORK, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });
await execa('npm', ['run', 'build'], { cwd: REPO });
process.env.PATH = `${await installNode('22')}:${process.env.PATH}`;
const bin = packageWithTrack();
const trackSource = hasTrack(template) ? `templates/${template}/practice` : 'the fixture track (tests/fixtures)';
console.log(`▶ ${template} practice project (${trackSource}): generate and install`);
const dir = join(WORK, 'practice');
const complete = join(WORK, 'complete');
await execa('node', [bin, dir, '--template', template, '--mode', 'practice', '--yes', '--no-git'], { env: { npm_config_user_agent: 'npm/11' } });
await execa('node', [bin, complete, '--template', template, '--mode', 'complete', '--yes', '--no-git'], { env: { npm_config_user_agent: 'npm/11' } });

const track = JSON.parse(readFileSync(join(dir, '.practice/track.json'), 'utf8')) as {
  exercises: { id: string; files: string[]; env?: Record<string, string> }[];
};
if (track.exercises.length === 0) throw new Error('the track has no exercise');

console.log('▶ npm test: fresh practice project, then the complete project');
const practiceTest = await timed(() => execa('npm', ['test'], { cwd: dir }));
const completeTest = await timed(() => execa('npm', ['test'], { cwd: complete }));

console.log(`▶ npm run practice -- status × ${runs}`);
const statusRuns: number[] = [];
for (let run = 0; run < runs; run++) statusRuns.push(await timed(() => execa('npm', ['run', 'practice', '--', 'status'], { cwd: dir })));

const rows: string[][] = [];
const over: string[] = [];
for (const [index, exercise] of track.exercises.entries()) {
  const name = `${String(index + 1).padStart(2, '0')} ${exercise.id}`;
  console.log(`▶ ${name}: npm run practice (failing) × ${runs}, watch × ${runs}, then the recording run`);
  const practiceRuns: number[] = [];
  for (let run = 0; run < runs; run++) {
    practiceRuns.push(await timed(() => execa('npm', ['run', 'practice'], { cwd: dir, reject: false })));
  }
  const file = exercise.files.find((path) => path.endsWith('.ts')) ?? exercise.files[0] ?? '';
  const watchRuns = await watchReruns(join(dir, file));
  for (const path of exercise.files) cpSync(join(complete, path), join(dir, path));
  const started = performance.now();
  const recording = await execa('npm', ['run', 'practice'], { cwd: dir, reject: false });
  const recordMs = performance.now() - started;
  // The deploy exercise needs a live URL (PRACTICE_BASE_URL): recorded by hand when it cannot be.
  const recorded = recording.exitCode === 0;
  if (!recorded) {
    const progressFile = join(dir, '.practice/progress.json');
    const progress = JSON.parse(readFileSync(progressFile, 'utf8')) as { done: string[] };
    writeFileSync(progressFile, `${JSON.stringify({ ...progress, done: [...progress.done, exercise.id] }, null, 2)}\n`);
  }
  const [practiceMedian, watchMedian] = [median(practiceRuns), median(watchRuns)];
  if (practiceMedian > 3000) over.push(`${name}: npm run practice ${seconds(practiceMedian)} > 3 s`);
  if (watchMedian > 1500) over.push(`${name}: watch ${seconds(watchMedian)} > 1.5 s`);
  rows.push([
    name,
    seconds(practiceMedian),
    seconds(watchMedian),
    recorded ? seconds(recordMs) : `${seconds(recordMs)} (not recorded${exercise.env ? ': needs ' + Object.keys(exercise.env).join(', ') : ''})`,
    practiceRuns.map(seconds).join(', '),
  ]);
}

console.log();
console.log(`Load average at the end: ${loadavg().map((load) => load.toFixed(2)).join(', ')} (${availableParallelism()} CPUs)`);
printTable(['exercise', 'practice (median, ≤ 3 s)', 'watch (median, ≤ 1.5 s)', 'recording run', 'practice runs'], rows);
console.log();
printTable(
  ['measure', 'median', 'runs', 'target'],
  [
    ['npm run practice -- status', seconds(median(statusRuns)), statusRuns.map(seconds).join(', '), '—'],
    ['npm test, fresh practice project', seconds(practiceTest), '1', '≤ 60 s'],
    ['npm test, complete project', seconds(completeTest), '1', '≤ 60 s'],
  ],
);
if (over.length > 0) console.log(`\nOver target: ${over.join('; ')}`);

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** Starts watch mode once, then saves the file `runs` times, timing each rerun to its answer. */
async function watchReruns(file: string): Promise<number[]> {
  const child = spawn('npm', ['run', 'practice', '--', 'watch'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' }, detached: true });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const answers = () => output.split('Watching src/').length - 1;
  const waitForAnswer = async (count: number) => {
    const deadline = Date.now() + 120_000;
    while (answers() < count) {
      if (Date.now() > deadline) throw new Error(`watch mode did not answer; it printed:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const times: number[] = [];
  try {
    await waitForAnswer(1);
    const original = readFileSync(file, 'utf8');
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      writeFileSync(file, `${original}\n// saved ${run}\n`);
      await waitForAnswer(run + 2);
      times.push(performance.now() - started);
    }
    writeFileSync(file, original);
  } finally {
    if (child.pid) process.kill(-child.pid, 'SIGINT');
  }
  return times;
}

/** The built package, with the fixture track for task-api when templates/ has none yet. */
function packageWithTrack(): string {
  if (hasTrack(template) || template !== 'task-api') return join(REPO, 'bin/create-backend-practice.js');
  const copy = join(WORK, 'package');
  for (const entry of ['bin', 'dist', 'templates', 'package.json']) cpSync(join(REPO, entry), join(copy, entry), { recursive: true });
  const practice = join(copy, 'templates/task-api/practice');
  if (!existsSync(practice)) cpSync(join(REPO, 'tests/fixtures/templates/task-api/practice'), practice, { recursive: true });
  return join(copy, 'bin/create-backend-practice.js');
}
