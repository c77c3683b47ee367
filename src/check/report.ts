/**
 * The report reads like the spec: grouped by user story, each check ✓, ✗ or skipped, and for a
 * failure the request, the expected and the received, with the story's anchor in stories.md.
 * Text is printed as checks finish; `--json` prints one document at the end.
 */
import { bold, dim, green, red, yellow } from 'kleur/colors';
import type { SentRequest } from './http.js';
import type { CheckResult, StoryResult } from './suite.js';

export interface Reporter {
  json: boolean;
  start(template: string, baseUrl: string): void;
  result(story: { id: string; title: string }, result: CheckResult, first: boolean): void;
  /** progress notes (rate-limit waits): stderr, so stdout stays the report */
  note(message: string): void;
}

export interface RunSummary {
  template: string;
  baseUrl: string;
  durationMs: number;
  requests: number;
  stories: StoryResult[];
}

/** Where a story is described: `spec <template>` writes stories.md with one anchor per story. */
export const storyLink = (id: string) => `stories.md#${id}`;

export function reporter(json: boolean): Reporter {
  const print = (line = '') => process.stdout.write(`${line}\n`);
  return {
    json,
    start(template, baseUrl) {
      if (!json) print(`Checking ${bold(template)} at ${baseUrl}`);
    },
    result(story, result, first) {
      if (json) return;
      if (first) print(`\n${bold(story.title)}  ${dim(storyLink(story.id))}`);
      const { outcome } = result;
      if (outcome.status === 'passed') print(`  ${green('✓')} ${result.name}`);
      else if (outcome.status === 'skipped') print(`  ${yellow('-')} ${result.name} ${dim(`(skipped: ${outcome.reason})`)}`);
      else {
        print(`  ${red('✗')} ${result.name}`);
        if (outcome.request) print(`      ${dim('request ')}  ${describeRequest(outcome.request)}`);
        print(`      ${dim('expected')}  ${outcome.expected}`);
        print(`      ${dim('received')}  ${outcome.received}`);
      }
    },
    note(message) {
      process.stderr.write(`${dim(message)}\n`);
    },
  };
}

export function describeRequest(request: SentRequest): string {
  const headers = Object.entries(request.headers ?? {}).map(([name, value]) => ` ${name}: ${value}`);
  const body = request.body === undefined ? '' : ` ${typeof request.body === 'string' ? request.body : JSON.stringify(request.body)}`;
  const line = `${request.method} ${request.path}${headers.join('')}${body}`;
  return line.length > 240 ? `${line.slice(0, 237)}…` : line;
}

/** Prints the totals (text) or the whole report (JSON); returns the exit code. */
export function printReport(out: Reporter, run: RunSummary): number {
  const all = run.stories.flatMap((story) => story.checks);
  const count = (status: string) => all.filter((check) => check.outcome.status === status).length;
  const totals = { passed: count('passed'), failed: count('failed'), skipped: count('skipped') };
  const failedStories = run.stories.filter((story) => story.checks.some((check) => check.outcome.status === 'failed'));
  if (out.json) {
    const report = {
      template: run.template,
      baseUrl: run.baseUrl,
      ok: totals.failed === 0,
      ...totals,
      durationMs: Math.round(run.durationMs),
      requests: run.requests,
      stories: run.stories.map((story) => ({
        id: story.id,
        title: story.title,
        link: storyLink(story.id),
        status: story.checks.some((check) => check.outcome.status === 'failed') ? 'failed' : story.checks.every((check) => check.outcome.status === 'skipped') ? 'skipped' : 'passed',
        checks: story.checks.map(({ name, durationMs, outcome }) => ({ name, durationMs, ...withoutTimedOut(outcome) })),
      })),
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    const line = [
      totals.failed ? red(`${totals.failed} failed`) : '',
      green(`${totals.passed} passed`),
      totals.skipped ? yellow(`${totals.skipped} skipped`) : '',
    ].filter(Boolean);
    process.stdout.write(`\n${line.join(', ')} in ${(run.durationMs / 1000).toFixed(1)} s (${run.requests} requests)\n`);
    if (failedStories.length > 0) {
      process.stdout.write(
        `${dim(`Stories that failed: ${failedStories.map((story) => storyLink(story.id)).join(', ')} (\`create-backend-practice spec ${run.template}\` writes stories.md).`)}\n`,
      );
    }
  }
  return totals.failed === 0 ? 0 : 1;
}

/** `timedOut` steers the run (see suite.ts); the report says it in `received`. */
function withoutTimedOut(outcome: CheckResult['outcome']) {
  if (outcome.status !== 'failed') return outcome;
  const { timedOut: _, ...rest } = outcome;
  return rest;
}
