/**
 * Runs an exercise's test files with vitest's Node API and boils the outcome down to what the
 * runner shows: passed, or the first failing expectation (expected vs received), or a file that
 * could not even load (a syntax or import error in your code).
 */
import { resolve } from 'node:path';
import type { TestModule, TestSpecification, Vitest } from 'vitest/node';

export interface Failure {
  /** `file › test name`, or just the file when it could not load */
  where: string;
  /** the test file (project-relative) */
  file: string;
  message: string;
  expected?: string;
  actual?: string;
  /** vitest's diff of expected and received, when the matcher made one */
  diff?: string;
  /** where in the test file the expectation failed */
  line?: number;
  column?: number;
  /** the test file could not be loaded: nothing ran */
  loadError: boolean;
}

export interface Outcome {
  passed: number;
  failed: number;
  /** tests that did not run (a `*.postgres.test.ts` file on PGlite), by file */
  skipped: Record<string, number>;
  failures: Failure[];
}

/**
 * One vitest instance kept alive between runs (watch mode reruns in well under a second).
 * `stopAtFirstFailure` (every run but `-- all`): the runner shows one failure, so the run stops
 * there (vitest's `bail`) instead of running the slower checks behind it. The test files run in
 * the order the track lists them: its cheapest, most basic checks first.
 */
export async function openVitest(options: { stopAtFirstFailure?: boolean } = {}): Promise<Vitest> {
  // Loaded here, not at the top: `status` and `hint` never need vitest (a quarter of a second).
  const { BaseSequencer, createVitest } = await import('vitest/node');
  class TrackOrder extends BaseSequencer {
    override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
      const rank = (spec: TestSpecification) => {
        const index = runOrder.indexOf(spec.moduleId);
        return index === -1 ? runOrder.length : index;
      };
      return [...files].sort((a, b) => rank(a) - rank(b));
    }
  }
  // vitest.config.ts leaves out the tests of unfinished exercises; the runner needs them.
  process.env.PRACTICE_TESTS = 'all';
  return createVitest('test', {
    watch: false,
    reporters: [{}],
    silent: true,
    bail: options.stopAtFirstFailure ? 1 : 0,
    sequence: { sequencer: TrackOrder },
  });
}

/** The files of the run under way, in the order given (vitest hands them to TrackOrder in its own). */
let runOrder: string[] = [];

export async function runTests(vitest: Vitest, files: string[]): Promise<Outcome> {
  runOrder = files.map((file) => resolve(file));
  const { testModules, unhandledErrors } = await vitest.runTestFiles(files.map((file) => resolve(file)));
  const outcome: Outcome = { passed: 0, failed: 0, skipped: {}, failures: [] };
  for (const module of testModules) collect(module, outcome);
  for (const error of unhandledErrors) {
    outcome.failed += 1;
    outcome.failures.push({
      where: 'outside any test',
      file: '',
      message: (error as Error).message ?? String(error),
      loadError: false,
    });
  }
  if (testModules.length < files.length) {
    const where = files.join(', ');
    outcome.failures.push({ where, file: where, message: 'these test files were not found', loadError: true });
  }
  return outcome;
}

function collect(module: TestModule, outcome: Outcome): void {
  const file = module.relativeModuleId.replace(/^\//, '');
  for (const error of module.errors()) {
    outcome.failures.push({ where: file, file, message: error.message, loadError: true });
  }
  for (const test of module.children.allTests()) {
    const result = test.result();
    if (result.state === 'passed') outcome.passed += 1;
    if (result.state === 'skipped') outcome.skipped[file] = (outcome.skipped[file] ?? 0) + 1;
    if (result.state !== 'failed') continue;
    outcome.failed += 1;
    const [error] = result.errors ?? [];
    // The first stack frame in the test file itself: the line of the failing expectation.
    const frame = error?.stacks?.find((stack) => stack.file === module.moduleId);
    outcome.failures.push({
      where: `${file} › ${test.fullName}`,
      file,
      message: error?.message ?? 'failed',
      expected: error?.expected,
      actual: error?.actual,
      diff: error?.diff,
      line: frame?.line,
      column: frame?.column,
      loadError: false,
    });
  }
  if (module.errors().length === 0 && module.state() === 'failed' && outcome.failures.length === 0) {
    outcome.failures.push({ where: file, file, message: 'the test file failed before any test ran', loadError: true });
  }
}
