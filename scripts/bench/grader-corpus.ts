/**
 * The grader's headline figure: its corpus of wrong solutions and legitimate alternatives
 * (tests/grader-corpus/<template>), each applied to a practice project of the template with every
 * exercise's reference in place, its exercise's tests run, then reverted. Prints, per exercise,
 * wrong solutions caught, right ones accepted, and seconds; lists every entry not proven.
 *   npm run bench:corpus [-- --template ecommerce|external-api] [-- --only 09] [-- --project <an installed project>]
 * Without --project it generates a complete and a practice project on Node 22 (the runner needs
 * its type stripping) and copies the complete project's exercise files in, as the walk does.
 * `needs: postgres` entries run against the local PostgreSQL and Redis (VERIFY_POSTGRES_URL, VERIFY_REDIS_URL).
 * Exits 1 when an entry is not proven (one waiting for the runner's `analyze` command is listed only).
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import { installNode, REPO } from '../verify/environment.js';
import { corpusTable, failures, readCorpus, runCorpus, trackTests } from '../verify/grader-corpus.js';
import { installReference } from '../verify/practice-walk.js';
import { Log } from '../verify/report.js';
import { printTable } from './figures.js';

const { values } = parseArgs({
  options: { only: { type: 'string' }, project: { type: 'string' }, template: { type: 'string', default: 'task-api' } },
});
const template = values.template;
const WORK = join(REPO, '.tmp/bench-corpus', template === 'task-api' ? '' : template);

mkdirSync(WORK, { recursive: true });
const log = new Log(join(WORK, 'corpus.log'));
rmSync(log.file, { force: true });
process.env.PATH = `${await installNode('22')}:${process.env.PATH}`;

let dir = values.project;
if (!dir) {
  await execa('npm', ['run', 'build'], { cwd: REPO });
  const bin = join(REPO, 'bin/create-backend-practice.js');
  dir = join(WORK, 'practice');
  const complete = join(WORK, 'complete');
  rmSync(dir, { recursive: true, force: true });
  rmSync(complete, { recursive: true, force: true });
  console.log(`▶ ${template}: a complete and a practice project, generated and installed`);
  const env = { npm_config_user_agent: 'npm/11' };
  await execa('node', [bin, complete, '--template', template, '--mode', 'complete', '--yes', '--no-git'], { env });
  await execa('node', [bin, dir, '--template', template, '--mode', 'practice', '--yes', '--no-git'], { env });
  const track = JSON.parse(readFileSync(join(dir, '.practice/track.json'), 'utf8')) as { exercises: { files: string[] }[] };
  for (const exercise of track.exercises) await installReference(dir, complete, exercise.files);
}

const entries = await readCorpus(template);
console.log(`▶ ${entries.length} corpus entries against ${dir} (log: ${log.file})`);
const results = await runCorpus(log, dir, entries, { tests: await trackTests(dir, template), only: values.only });
const [header, ...rows] = corpusTable(results);
printTable(header ?? [], rows);
for (const result of results.filter((r) => !r.proven)) {
  console.log(`✗ ${result.entry.exercise}/${result.entry.name} (${result.entry.kind}): ${result.detail}`);
}
// Entries waiting for the runner's analyzer are listed above but do not fail the run.
process.exit(failures(results).length > 0 ? 1 : 0);
