/**
 * Mutation score of the task-api practice track's grader, per exercise (issue #13, "the tests are
 * the grader"). For each exercise of templates/task-api/practice/track.json, Stryker mutates that
 * exercise's reference files (its `files` that are TypeScript) in a complete task-api project and
 * runs only that exercise's `tests` against each mutant. A surviving mutant is a wrong solution
 * the grader would accept, unless it is listed, with the reason, in stryker-equivalents.json
 * (equivalent, or in code the practice stub already gives the learner; both are left out of the score).
 *
 *   node bin/create-backend-practice.js /tmp/stryker-task-api -t task-api --name task-api --mode complete --no-git --yes
 *   npm run bench:stryker -- /tmp/stryker-task-api [--exercises id,id] [--concurrency 2] [--timeout-ms N] [--report-only] [--reports <dir>]
 *
 * A mutant whose tests run past Stryker's timeout (the unmutated run's time × 1.5 + timeoutMS,
 * 5000 ms by default) counts as a timeout, which Stryker scores as killed. On a loaded machine
 * that includes mutants that only made the tests slow (or none at all), so the table also gives
 * the score counting only mutants the tests failed on; pass --timeout-ms 30000 there.
 *
 * Stryker is not a dependency of the generator nor of .ci/tools: its vitest runner must load the
 * project's own vitest (a second copy cannot run the project's tests), so this script installs the
 * pinned STRYKER_VERSION into the project with `npm install --no-save` when it is missing there.
 * Stryker 10 needs Node ≥ 22: when the Node on PATH is older, the script installs Node 22 from the
 * npm registry (`installNode`) and puts it first on PATH. Tests run on PGlite (TEST_DATABASE_URL is
 * removed from their environment).
 * SQL migrations (exercises tasks-table, list-indexes, and task-tags' migration) cannot be mutated
 * by Stryker: `npm run bench:mutants` covers them with hand-written mutants. Exercise deploy's
 * test runs src/cli/smoke.ts in a child process, where the vitest runner cannot switch a mutant
 * on: that exercise runs with Stryker's command runner (CHILD_PROCESS_EXERCISES).
 * Reports (JSON, and each run's log) go to .tmp/stryker/, not to git. Prints a table; exits 1 when
 * an exercise scores below 90 % of its non-equivalent mutants killed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { installNode, REPO } from '../verify/environment.js';
import { printTable } from './figures.js';

const STRYKER_VERSION = '10.1.1';
/**
 * Exercises whose test runs the exercise's code in a child process (deploy: `npm run smoke` for
 * real), where the vitest runner's way of switching a mutant on (a global in the test worker)
 * does not reach: these run with Stryker's command runner instead.
 */
const CHILD_PROCESS_EXERCISES = new Set(['deploy']);
const TARGET = 0.9;
const EQUIVALENTS_FILE = join(REPO, 'scripts/bench/stryker-equivalents.json');

interface Exercise {
  id: string;
  files: string[];
  tests: string[];
}
interface Equivalent {
  file: string;
  mutator: string;
  /** text the mutated range of the original code contains */
  original: string;
  /** text the replacement contains, when the original alone is ambiguous */
  replacement?: string;
  /** the line, only when the same text is mutated in two places of the file with different verdicts */
  line?: number;
  /**
   * `equivalent` (the default): changes nothing a client or the tests can observe. `given`: the
   * code is in the practice stub already, verbatim, so it is not part of a learner's solution.
   */
  kind?: 'equivalent' | 'given';
  reason: string;
}
interface ReportMutant {
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: { line: number; column: number }; end: { line: number; column: number } };
}
interface Report {
  files: Record<string, { source: string; mutants: ReportMutant[] }>;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    exercises: { type: 'string' },
    concurrency: { type: 'string', default: '2' },
    'report-only': { type: 'boolean', default: false },
    'timeout-ms': { type: 'string' },
    reports: { type: 'string' },
  },
});
const projectArg = positionals[0];
if (!projectArg) {
  console.error('Usage: npm run bench:stryker -- <an installed task-api project generated with --mode complete> [--exercises id,id] [--concurrency N] [--report-only]');
  process.exit(2);
}
const project = resolve(projectArg);
const REPORTS = values.reports ? resolve(values.reports) : join(REPO, '.tmp/stryker');
const track = JSON.parse(readFileSync(join(REPO, 'templates/task-api/practice/track.json'), 'utf8')) as { exercises: Exercise[] };
const wanted = values.exercises?.split(',');
const exercises = track.exercises.filter((exercise) => !wanted || wanted.includes(exercise.id));
const equivalents = JSON.parse(readFileSync(EQUIVALENTS_FILE, 'utf8')) as Equivalent[];
mkdirSync(REPORTS, { recursive: true });

if (!values['report-only']) {
  // Stryker 10 needs Node ≥ 22; this machine's is 20.
  const nodeMajor = Number(/^v(\d+)/.exec(spawnSync('node', ['--version'], { encoding: 'utf8' }).stdout)?.[1]);
  if (!(nodeMajor >= 22)) process.env.PATH = `${await installNode('22')}:${process.env.PATH}`;
  const installed = join(project, 'node_modules/@stryker-mutator/core/package.json');
  if (!existsSync(installed) || JSON.parse(readFileSync(installed, 'utf8')).version !== STRYKER_VERSION) {
    console.log(`▶ installing Stryker ${STRYKER_VERSION} into ${project} (npm install --no-save)`);
    run('npm', ['install', '--no-save', '--no-audit', '--no-fund', `@stryker-mutator/core@${STRYKER_VERSION}`, `@stryker-mutator/vitest-runner@${STRYKER_VERSION}`]);
  }
}

const rows: string[][] = [];
const unexplained: string[] = [];
const staleEquivalents = new Set(equivalents);
let belowTarget = 0;
for (const exercise of exercises) {
  const mutate = exercise.files.filter((file) => file.endsWith('.ts'));
  const sql = exercise.files.filter((file) => file.endsWith('.sql'));
  const note = sql.length ? ` (+ ${sql.join(', ')}: SQL, see bench:mutants)` : '';
  if (mutate.length === 0) {
    rows.push([exercise.id + note, '–', '–', '–', '–', '–', '–', '–', 'not mutated by Stryker', '–', '–']);
    continue;
  }
  const reportFile = join(REPORTS, `${exercise.id}.json`);
  let minutes = '–';
  if (!values['report-only']) {
    console.log(`▶ ${exercise.id}: mutating ${mutate.join(', ')}; tests ${exercise.tests.join(', ')}`);
    const started = Date.now();
    mutateExercise(exercise, mutate, reportFile);
    minutes = `${((Date.now() - started) / 60_000).toFixed(1)}`;
  }
  if (!existsSync(reportFile)) {
    rows.push([exercise.id + note, '–', '–', '–', '–', '–', '–', '–', 'no report', '–', minutes]);
    continue;
  }
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
  const count = { mutants: 0, killed: 0, survived: 0, timeout: 0, noCoverage: 0, equivalent: 0, given: 0, errors: 0 };
  for (const [file, { source, mutants }] of Object.entries(report.files)) {
    for (const mutant of mutants) {
      if (mutant.status === 'CompileError' || mutant.status === 'RuntimeError' || mutant.status === 'Ignored') {
        count.errors++;
        continue;
      }
      count.mutants++;
      const original = sliceLocation(source, mutant.location);
      const equivalent = equivalents.find(
        (entry) =>
          entry.file === file &&
          entry.mutator === mutant.mutatorName &&
          original.includes(entry.original) &&
          (entry.line === undefined || entry.line === mutant.location.start.line) &&
          (entry.replacement === undefined || (mutant.replacement ?? '').includes(entry.replacement)),
      );
      const detected = mutant.status === 'Killed' || mutant.status === 'Timeout';
      // A listed mutant that timed out only shows that the machine was slow: it stays listed.
      // One that the tests failed on contradicts the list, and is scored like any other.
      if (equivalent && mutant.status !== 'Killed') {
        staleEquivalents.delete(equivalent);
        if (equivalent.kind === 'given') count.given++;
        else count.equivalent++;
        continue;
      }
      if (mutant.status === 'Killed') count.killed++;
      else if (mutant.status === 'Timeout') count.timeout++;
      else if (mutant.status === 'NoCoverage') count.noCoverage++;
      else count.survived++;
      if (!detected) {
        const where = `${file}:${mutant.location.start.line}:${mutant.location.start.column}`;
        unexplained.push(`${exercise.id} ${mutant.status} ${mutant.mutatorName} ${where}\n    - ${oneLine(original)}\n    + ${oneLine(mutant.replacement ?? '')}`);
      }
    }
  }
  const scored = count.mutants - count.equivalent - count.given;
  const score = scored === 0 ? 1 : (count.killed + count.timeout) / scored;
  if (score < TARGET) belowTarget++;
  rows.push([
    exercise.id + note,
    String(count.mutants),
    String(count.killed),
    String(count.survived),
    String(count.timeout),
    String(count.noCoverage),
    String(count.equivalent),
    String(count.given),
    `${(score * 100).toFixed(1)} % (${count.killed + count.timeout}/${scored})`,
    `${((scored === 0 ? 1 : count.killed / scored) * 100).toFixed(1)} %`,
    minutes,
  ]);
}

printTable(
  [
    'exercise',
    'mutants',
    'killed',
    'survived',
    'timeout',
    'no coverage',
    'equivalent',
    'given by stub',
    'score (the rest)',
    'killed only',
    'min',
  ],
  rows,
);
if (unexplained.length) console.log(`\nNot killed and not listed as equivalent:\n${unexplained.join('\n')}`);
const stale = [...staleEquivalents].filter((entry) => exercises.some((exercise) => exercise.files.includes(entry.file)));
if (stale.length) console.log(`\nEquivalents that matched no surviving mutant, or one the tests failed on (update ${EQUIVALENTS_FILE}):\n${stale.map((entry) => `  ${entry.file} ${entry.mutator} ${entry.original}`).join('\n')}`);
console.log(`\nTimeouts count as killed (Stryker's rule); compile and runtime errors are left out. Reports: ${REPORTS}`);
process.exitCode = belowTarget === 0 ? 0 : 1;

function mutateExercise(exercise: Exercise, mutate: string[], reportFile: string) {
  // Only this exercise's tests: a config beside the project's own, whose `include` replaces its one.
  const vitestConfig = `vitest.stryker-${exercise.id}.config.ts`;
  const strykerConfig = join(REPORTS, `${exercise.id}.stryker.json`);
  writeFileSync(
    join(project, vitestConfig),
    `import base from './vitest.config.js';\n\nexport default { ...base, test: { ...base.test, include: ${JSON.stringify(exercise.tests)} } };\n`,
  );
  writeFileSync(
    strykerConfig,
    JSON.stringify(
      {
        ...(CHILD_PROCESS_EXERCISES.has(exercise.id)
          ? {
              // Stryker's command runner switches a mutant on through the environment variable
              // __STRYKER_ACTIVE_MUTANT__, which the test passes on to the child process it runs
              // the exercise's code in; one whole vitest run per mutant, no per-test coverage.
              testRunner: 'command',
              commandRunner: { command: `npx vitest run --config ${vitestConfig}` },
              coverageAnalysis: 'off',
            }
          : {
              testRunner: 'vitest',
              vitest: { configFile: vitestConfig, related: false },
              coverageAnalysis: 'perTest',
            }),
        mutate,
        concurrency: Number(values.concurrency),
        reporters: ['json', 'clear-text', 'progress-append-only'],
        jsonReporter: { fileName: reportFile },
        tempDirName: '.stryker-tmp',
        cleanTempDir: true,
        ...(values['timeout-ms'] ? { timeoutMS: Number(values['timeout-ms']) } : {}),
      },
      null,
      2,
    ),
  );
  try {
    rmSync(reportFile, { force: true });
    const log = join(REPORTS, `${exercise.id}.log`);
    const env = { ...process.env };
    delete env.TEST_DATABASE_URL;
    const result = spawnSync('sh', ['-c', `nice -n 10 npx stryker run ${JSON.stringify(strykerConfig)} > ${JSON.stringify(log)} 2>&1`], { cwd: project, stdio: 'inherit', env });
    if (result.status !== 0) console.log(`  Stryker exited ${result.status}; see ${log}`);
  } finally {
    rmSync(join(project, vitestConfig), { force: true });
  }
}

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { cwd: project, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}`);
}

function sliceLocation(source: string, location: ReportMutant['location']): string {
  const lines = source.split('\n');
  const { start, end } = location;
  if (start.line === end.line) return (lines[start.line - 1] ?? '').slice(start.column - 1, end.column - 1);
  return [(lines[start.line - 1] ?? '').slice(start.column - 1), ...lines.slice(start.line, end.line - 1), (lines[end.line - 1] ?? '').slice(0, end.column - 1)].join('\n');
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 157)}…` : flat;
}
