/**
 * The grader's corpus: plausible wrong solutions and legitimate alternatives for each exercise of
 * a track (tests/grader-corpus/<template>/<NN-id>/<name>.patch, never shipped). Each entry is a
 * unified diff against the complete project's files, after a short header:
 *
 *   kind: wrong | right          wrong must fail its exercise, right must pass it
 *   mistake: one sentence        what the learner got wrong (or what the alternative does)
 *   needs: pglite | postgres     postgres: the failure only shows on a real server (and Redis)
 *   caught-by: tests | analyzer  analyzer: `npm run practice -- analyze <id> --json` must object
 *
 * `runCorpus` takes a practice project with every exercise's reference in place (the walk's
 * `installReference`), applies each entry with `git apply`, runs its exercise's tests as the
 * runner does (`PRACTICE_TESTS=all`), reverts it, and decides. A wrong entry counts as caught only
 * when the tests fail on expectations (the walk's CRASH rule: a TypeError or a file that does not
 * load proves nothing), and a right entry as accepted only when its tests pass and it type-checks.
 *   npx tsx scripts/verify/grader-corpus.ts --project <practice or complete project> [--only 09]
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CommandFailed, run } from './exec.js';
import { POSTGRES_ADMIN_URL, REDIS_URL, REPO } from './environment.js';
import { testVerdict } from './practice-walk.js';
import type { Log } from './report.js';

export interface CorpusEntry {
  /** the exercise's folder, `09-task-list` */
  exercise: string;
  /** the exercise's id, `task-list` */
  id: string;
  name: string;
  kind: 'wrong' | 'right';
  mistake: string;
  needs: 'pglite' | 'postgres';
  caughtBy: 'tests' | 'analyzer';
  file: string;
}

export interface CorpusResult {
  entry: CorpusEntry;
  /** caught (wrong) or accepted (right) */
  proven: boolean;
  /** one line: why, or what let it through */
  detail: string;
  seconds: number;
}

const HEADER = /^(kind|mistake|needs|caught-by): *(.*)$/;

export function corpusDir(template: string): string {
  return join(REPO, 'tests/grader-corpus', template);
}

/** Every entry of a template's corpus, in exercise order; a malformed header throws. */
export async function readCorpus(template: string): Promise<CorpusEntry[]> {
  const entries: CorpusEntry[] = [];
  for (const exercise of (await readdir(corpusDir(template))).sort()) {
    for (const name of (await readdir(join(corpusDir(template), exercise))).filter((f) => f.endsWith('.patch')).sort()) {
      const file = join(corpusDir(template), exercise, name);
      const header: Record<string, string> = {};
      for (const line of (await readFile(file, 'utf8')).split('\n')) {
        if (line.startsWith('diff --git')) break;
        const match = HEADER.exec(line);
        if (match?.[1] && match[2] !== undefined) header[match[1]] = match[2].trim();
      }
      const { kind, mistake, needs, 'caught-by': caughtBy } = header;
      if ((kind !== 'wrong' && kind !== 'right') || !mistake || (needs !== 'pglite' && needs !== 'postgres') || (caughtBy !== 'tests' && caughtBy !== 'analyzer')) {
        throw new Error(`${file}: the header needs kind: wrong|right, mistake:, needs: pglite|postgres, caught-by: tests|analyzer`);
      }
      entries.push({ exercise, id: exercise.replace(/^\d+-/, ''), name: name.replace(/\.patch$/, ''), kind, mistake, needs, caughtBy, file });
    }
  }
  return entries;
}

interface RunOptions {
  /** the track's exercises (id and tests), from the project's `.practice/track.json` or the template's */
  tests: (id: string) => string[];
  /** only entries whose `<exercise>/<name>` starts with this (`09`, `09-task-list/offset-dressed-as-cursor`) */
  only?: string;
}

/** Applies, runs and reverts each entry in turn; one exercise's entries run one after another. */
export async function runCorpus(log: Log, projectDir: string, entries: CorpusEntry[], options: RunOptions): Promise<CorpusResult[]> {
  const results: CorpusResult[] = [];
  const analyzer = await hasAnalyzer(projectDir);
  for (const entry of entries.filter((e) => !options.only || `${e.exercise}/${e.name}`.startsWith(options.only))) {
    const started = Date.now();
    log.write(`\n=== ${entry.exercise}/${entry.name} (${entry.kind}, ${entry.needs}, ${entry.caughtBy}) ===\n`);
    try {
      await gitApply(log, projectDir, [entry.file]);
    } catch (error) {
      if (!(error instanceof CommandFailed)) throw error;
      results.push({ entry, proven: false, detail: `does not apply: ${error.output.trim().split('\n')[0]}`, seconds: 0 });
      continue;
    }
    let verdict: { proven: boolean; detail: string };
    try {
      // Applied for real: the reverse must now apply (git skips paths it resolves elsewhere, silently).
      await gitApply(log, projectDir, ['--check', '-R', entry.file]);
      verdict = await judge(log, projectDir, entry, options.tests(entry.id), analyzer);
    } finally {
      await gitApply(log, projectDir, ['-R', entry.file]);
    }
    const seconds = (Date.now() - started) / 1000;
    log.write(`\n${verdict.proven ? 'PROVEN' : 'NOT PROVEN'}: ${verdict.detail}\n`);
    results.push({ entry, ...verdict, seconds });
  }
  return results;
}

/**
 * `git apply` in the project. A project inside another repository (the pipeline's projects sit in
 * this repository's .tmp/) would have its paths resolved from that repository's root and skipped
 * without a word, so discovery stops at the project's parent: the project's own .git, if any, is
 * still used.
 */
function gitApply(log: Log, projectDir: string, args: string[]) {
  return run(log, 'git', ['apply', ...args], { cwd: projectDir, env: { GIT_CEILING_DIRECTORIES: dirname(projectDir) } });
}

async function judge(log: Log, dir: string, entry: CorpusEntry, tests: string[], analyzer: boolean) {
  if (tests.length === 0) return { proven: false, detail: `the track has no tests for ${entry.id}` };
  const env: Record<string, string> = entry.needs === 'postgres' ? { TEST_DATABASE_URL: POSTGRES_ADMIN_URL, REDIS_URL } : {};
  const verdict = await testVerdict(log, dir, tests, env);
  if (entry.kind === 'right') {
    if (verdict.outcome !== 'pass') return { proven: false, detail: `refused: ${verdict.firstFailure ?? verdict.problems[0] ?? 'tests failed'}` };
    try {
      await run(log, 'npx', ['tsc', '--noEmit'], { cwd: dir, timeoutMs: 5 * 60_000 });
    } catch (error) {
      if (!(error instanceof CommandFailed)) throw error;
      return { proven: false, detail: `tests pass but it does not type-check: ${error.output.trim().split('\n')[0]}` };
    }
    return { proven: true, detail: 'tests pass, type-checks' };
  }
  if (verdict.outcome === 'crash') return { proven: false, detail: `crashed instead of failing an expectation: ${verdict.problems[0] ?? 'no expectation failed'}` };
  if (entry.caughtBy === 'tests') {
    return verdict.outcome === 'fail'
      ? { proven: true, detail: verdict.firstFailure ?? 'failed on expectations' }
      : { proven: false, detail: 'every test passed' };
  }
  // caught-by: analyzer — the tests may pass; the analyzer must report an essential finding (exit 1).
  if (!analyzer) return { proven: false, detail: ANALYZER_MISSING };
  try {
    const output = await run(log, 'npm', ['run', '--silent', 'practice', '--', 'analyze', entry.id, '--json'], { cwd: dir });
    return { proven: false, detail: `the analyzer found nothing essential: ${output.trim().slice(0, 200)}` };
  } catch (error) {
    if (!(error instanceof CommandFailed)) throw error;
    return { proven: true, detail: `analyzer: ${error.output.trim().split('\n')[0]?.slice(0, 200)}` };
  }
}

/** The runner's `analyze` command is there when its help or source names it. */
async function hasAnalyzer(dir: string): Promise<boolean> {
  try {
    const files = await readdir(join(dir, 'scripts/practice'));
    for (const file of files) {
      if (/analy[sz]/i.test(file)) return true;
    }
    return /['"]analyze['"]/.test(await readFile(join(dir, 'scripts/practice.ts'), 'utf8'));
  } catch {
    return false;
  }
}

export const ANALYZER_MISSING = 'analyzer not available (`npm run practice -- analyze`)';

/** Entries not proven, apart from those waiting for the runner's analyzer (listed, not failed). */
export function failures(results: CorpusResult[]): CorpusResult[] {
  return results.filter((result) => !result.proven && result.detail !== ANALYZER_MISSING);
}

/** Per exercise: wrong caught / total, right accepted / total, seconds. */
export function corpusTable(results: CorpusResult[]): string[][] {
  const rows: string[][] = [['exercise', 'wrong caught', 'right accepted', 'seconds']];
  const exercises = [...new Set(results.map((r) => r.entry.exercise))];
  const count = (list: CorpusResult[], kind: 'wrong' | 'right') => {
    const ofKind = list.filter((r) => r.entry.kind === kind);
    return `${ofKind.filter((r) => r.proven).length} / ${ofKind.length}`;
  };
  for (const exercise of exercises) {
    const mine = results.filter((r) => r.entry.exercise === exercise);
    rows.push([exercise, count(mine, 'wrong'), count(mine, 'right'), mine.reduce((sum, r) => sum + r.seconds, 0).toFixed(0)]);
  }
  rows.push(['all', count(results, 'wrong'), count(results, 'right'), results.reduce((sum, r) => sum + r.seconds, 0).toFixed(0)]);
  return rows;
}

/** The track's tests per exercise id, from a project's `.practice/track.json` or else the template's. */
export async function trackTests(projectDir: string, template: string): Promise<(id: string) => string[]> {
  const text = await readFile(join(projectDir, '.practice/track.json'), 'utf8').catch(() =>
    readFile(join(REPO, 'templates', template, 'practice/track.json'), 'utf8'),
  );
  const track = JSON.parse(text) as { exercises: { id: string; tests: string[] }[] };
  return (id) => track.exercises.find((exercise) => exercise.id === id)?.tests ?? [];
}
