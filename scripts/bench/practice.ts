/**
 * The learner's feedback loop in a generated practice project (task-api):
 *   - `npm run practice` for the current exercise, process start to exit (median of N runs);
 *   - `npm run practice -- watch`: from saving an exercise file to the rerun's answer (median);
 *   - `npm run practice -- status`, the runner's lightest command (median);
 *   - the whole `npm test` of a fresh practice project and of the complete project.
 * On Node 22, the oldest Node the generated projects support (the runner needs its type stripping).
 *   npm run bench:practice [-- --runs 5]
 * Uses templates/task-api's track, or the generator tests' fixture track when there is none yet.
 * Prints figures; asserts nothing.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import { hasTrack } from '../../src/modes.js';
import { installNode, REPO } from '../verify/environment.js';
import { median, printTable } from './figures.js';

const WORK = join(REPO, '.tmp/bench-practice');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

rmSync(WORK, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });
await execa('npm', ['run', 'build'], { cwd: REPO });
process.env.PATH = `${await installNode('22')}:${process.env.PATH}`;
const bin = packageWithTrack();
const trackSource = hasTrack('task-api') ? 'templates/task-api/practice' : 'the fixture track (tests/fixtures)';
console.log(`▶ task-api practice project (${trackSource}): generate and install`);
const dir = join(WORK, 'practice');
const complete = join(WORK, 'complete');
await execa('node', [bin, dir, '--template', 'task-api', '--mode', 'practice', '--yes', '--no-git'], { env: { npm_config_user_agent: 'npm/11' } });
await execa('node', [bin, complete, '--template', 'task-api', '--mode', 'complete', '--yes', '--no-git'], { env: { npm_config_user_agent: 'npm/11' } });

const track = JSON.parse(readFileSync(join(dir, '.practice/track.json'), 'utf8')) as { exercises: { id: string; files: string[] }[] };
const first = track.exercises[0];
if (!first) throw new Error('the track has no exercise');

console.log(`▶ npm run practice (exercise ${first.id}, failing as on a fresh project) × ${runs}`);
const practiceRuns: number[] = [];
for (let run = 0; run < runs; run++) {
  const started = performance.now();
  await execa('npm', ['run', 'practice'], { cwd: dir, reject: false });
  practiceRuns.push(performance.now() - started);
}

console.log(`▶ npm run practice -- status × ${runs}`);
const statusRuns: number[] = [];
for (let run = 0; run < runs; run++) statusRuns.push(await timed(() => execa('npm', ['run', 'practice', '--', 'status'], { cwd: dir })));

console.log(`▶ npm run practice -- watch: save ${first.files[0]}, wait for the rerun's answer × ${runs}`);
const watchRuns = await watchReruns(join(dir, first.files[0] ?? ''));

console.log('▶ npm test: fresh practice project, then the complete project');
const practiceTest = await timed(() => execa('npm', ['test'], { cwd: dir }));
const completeTest = await timed(() => execa('npm', ['test'], { cwd: complete }));

console.log();
printTable(
  ['measure', 'median', 'runs', 'target'],
  [
    ['npm run practice (one exercise)', seconds(median(practiceRuns)), practiceRuns.map(seconds).join(', '), '≤ 3 s'],
    ['npm run practice -- status', seconds(median(statusRuns)), statusRuns.map(seconds).join(', '), '—'],
    ['watch: save → answer', seconds(median(watchRuns)), watchRuns.map(seconds).join(', '), '≤ 1.5 s'],
    ['npm test, fresh practice project', seconds(practiceTest), '1', '≤ 60 s'],
    ['npm test, complete project', seconds(completeTest), '1', '≤ 60 s'],
  ],
);

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
  if (hasTrack('task-api')) return join(REPO, 'bin/create-backend-practice.js');
  const copy = join(WORK, 'package');
  for (const entry of ['bin', 'dist', 'templates', 'package.json']) cpSync(join(REPO, entry), join(copy, entry), { recursive: true });
  const practice = join(copy, 'templates/task-api/practice');
  if (!existsSync(practice)) cpSync(join(REPO, 'tests/fixtures/templates/task-api/practice'), practice, { recursive: true });
  return join(copy, 'bin/create-backend-practice.js');
}
