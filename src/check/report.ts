/**
 * The report reads like the spec: grouped by user story, each check ✓, ✗ or skipped, and for a
 * failure the request, the expected and the received, with the story's anchor in stories.md.
 * Text is printed as checks finish; `--json` prints one document at the end.
 */
import { bold, dim, green, red, yellow } from 'kleur/colors';
import { claimsOf } from './accounts.js';
import type { SentRequest } from './http.js';
import type { CheckResult, Story, StoryResult } from './suite.js';
import type { TemplateSuite } from './suites.js';

export interface Reporter {
  json: boolean;
  start(template: string, baseUrl: string): void;
  result(story: { id: string; title: string }, result: CheckResult, first: boolean): void;
  /** progress notes (rate-limit waits): stderr, so stdout stays the report */
  note(message: string): void;
}

export interface StageResult {
  number: number;
  title: string;
  status: 'passed' | 'failed' | 'skipped';
}

export interface RunSummary {
  template: string;
  baseUrl: string;
  durationMs: number;
  requests: number;
  stories: StoryResult[];
  /** the stages run, with their status */
  stages: StageResult[];
}

/** Where a story is described: `spec <template>` writes stories.md with one anchor per story. */
export const storyLink = (id: string) => `stories.md#${id}`;

export function reporter(json: boolean, baseUrl = ''): Reporter {
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
        // A refused token: what it claimed (issuer, audience, expiry) is usually the reason.
        const claims = outcome.request?.token && /\b401\b/.test(`${outcome.expected} ${outcome.received}`) ? tokenClaims(outcome.request.token) : undefined;
        if (claims) print(`      ${dim('token   ')}  claims ${claims}`);
        print(`      ${dim('expected')}  ${outcome.expected}`);
        print(`      ${dim('received')}  ${outcome.received}`);
        if (outcome.request) print(`      ${dim('try     ')}  ${curlLine(baseUrl, outcome.request)}`);
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

/** The whole run as one machine-readable document (`--json`). */
function jsonReport(run: RunSummary) {
  const all = run.stories.flatMap((story) => story.checks);
  const count = (status: string) => all.filter((check) => check.outcome.status === status).length;
  return {
    template: run.template,
    baseUrl: run.baseUrl,
    ok: count('failed') === 0,
    passed: count('passed'),
    failed: count('failed'),
    skipped: count('skipped'),
    durationMs: Math.round(run.durationMs),
    requests: run.requests,
    stages: run.stages,
    stories: run.stories.map((story) => ({
      id: story.id,
      title: story.title,
      link: storyLink(story.id),
      status: story.checks.some((check) => check.outcome.status === 'failed') ? 'failed' : story.checks.every((check) => check.outcome.status === 'skipped') ? 'skipped' : 'passed',
      checks: story.checks.map(({ name, durationMs, outcome }) => ({
        name,
        durationMs,
        ...withoutTimedOut(outcome),
        ...(outcome.status === 'failed' && outcome.request ? { curl: curlLine(run.baseUrl, outcome.request) } : {}),
      })),
    })),
  };
}

/** The claims of a JWT sent (a token failure says what the token claimed), or undefined. */
export function tokenClaims(token: string): string | undefined {
  if (token.split('.').length !== 3) return undefined;
  const claims = claimsOf(token);
  return Object.keys(claims).length > 0 ? JSON.stringify(claims) : undefined;
}

/** The request as a curl command line, to paste into a terminal (POSIX shell quoting). */
export function curlLine(baseUrl: string, request: SentRequest): string {
  const quote = (value: string) => `'${value.replaceAll("'", "'\\''")}'`;
  const parts = ['curl -i'];
  if (request.method !== 'GET') parts.push(`-X ${request.method}`);
  parts.push(quote(`${baseUrl}${request.path}`));
  for (const [name, value] of Object.entries(request.headers ?? {})) parts.push(`-H ${quote(`${name}: ${value}`)}`);
  if (request.token !== undefined) parts.push(`-H ${quote(`Authorization: Bearer ${request.token}`)}`);
  if (request.body !== undefined) {
    parts.push(`-H ${quote(`Content-Type: ${request.contentType ?? 'application/json'}`)}`);
    parts.push(`--data-raw ${quote(typeof request.body === 'string' ? request.body : JSON.stringify(request.body))}`);
  }
  return parts.join(' ');
}

/** Prints the totals (text) or the whole report (JSON); returns the exit code. */
export function printReport(out: Reporter, run: RunSummary): number {
  const all = run.stories.flatMap((story) => story.checks);
  const count = (status: string) => all.filter((check) => check.outcome.status === status).length;
  const totals = { passed: count('passed'), failed: count('failed'), skipped: count('skipped') };
  const failedStories = run.stories.filter((story) => story.checks.some((check) => check.outcome.status === 'failed'));
  if (out.json) {
    process.stdout.write(`${JSON.stringify(jsonReport(run), null, 2)}\n`);
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
    // One root cause reported once: the stories its failure kept from running.
    const blocked = new Map<string, Set<string>>();
    for (const story of run.stories) {
      for (const check of story.checks) {
        if (check.outcome.status === 'skipped' && check.outcome.blockedBy) {
          const key = `"${check.outcome.blockedBy.check}" (${check.outcome.blockedBy.story})`;
          blocked.set(key, (blocked.get(key) ?? new Set()).add(story.title));
        }
      }
    }
    for (const [cause, stories] of blocked) {
      process.stdout.write(`${yellow(`The failure of ${cause} also blocks: ${[...stories].join(', ')}. Fix it first.`)}\n`);
    }
    const passedInARow = run.stages.findIndex((stage) => stage.status !== 'passed');
    const through = passedInARow === -1 ? run.stages.length : passedInARow;
    process.stdout.write(`${dim(`Stages passed in order: ${through} of ${run.stages.length}${through < run.stages.length ? ` (next: ${through + 1} ${run.stages[through]!.title}, \`check ${run.template} --stage ${through + 1}\`)` : ''}.`)}\n`);
  }
  return totals.failed === 0 ? 0 : 1;
}

/**
 * `--stage N` / `--next`: the stages passed on the way, then the one stage shown in full (its
 * stories as stories.md tells them, its checks), and what comes next. Returns the exit code.
 */
export function printStage(out: Reporter, run: RunSummary, shown: { suite: TemplateSuite; index: number; stories: Story<unknown>[] }): number {
  const { suite, index } = shown;
  const stage = run.stages.find((candidate) => candidate.number === index + 1)!;
  const total = suite.stages.length;
  const next = index + 1 < total ? { number: index + 2, title: suite.stages[index + 1]!.title } : undefined;
  const failed = stage.status === 'failed';
  if (out.json) {
    process.stdout.write(`${JSON.stringify({ ...jsonReport(run), stage, next: failed ? undefined : next }, null, 2)}\n`);
    return failed ? 1 : 0;
  }
  const print = (line = '') => process.stdout.write(`${line}\n`);
  print(`Checking ${bold(run.template)} at ${run.baseUrl}`);
  for (const earlier of run.stages.filter((candidate) => candidate.number < stage.number)) print(`${green('✓')} Stage ${earlier.number} of ${total}: ${earlier.title}`);
  print(`\n${bold(`Stage ${stage.number} of ${total}: ${stage.title}`)}`);
  for (const story of shown.stories) {
    const result = run.stories.find((candidate) => candidate.id === story.id);
    print(`\n${bold(story.title)}  ${dim(storyLink(story.id))}`);
    print(dim(story.narrative));
    for (const check of result?.checks ?? []) out.result(story, check, false);
  }
  const all = run.stories.flatMap((story) => story.checks);
  const count = (status: string) => all.filter((check) => check.outcome.status === status).length;
  print(`\n${[count('failed') ? red(`${count('failed')} failed`) : '', green(`${count('passed')} passed`), count('skipped') ? yellow(`${count('skipped')} skipped`) : ''].filter(Boolean).join(', ')}`);
  if (failed) print(`Stage ${stage.number} is not passing yet: fix the ✗ above (each story is told in ${storyLink(shown.stories[0]!.id).split('#')[0]}), then run \`check ${run.template} --next\`.`);
  else if (stage.status === 'skipped') print(`Stage ${stage.number} could not run here (see the skipped reasons).${next ? ` Next: stage ${next.number}, ${next.title} (\`check ${run.template} --stage ${next.number}\`).` : ''}`);
  else if (next) print(`${green('Stage passed.')} Next: stage ${next.number}, ${next.title}: \`check ${run.template} --stage ${next.number}\` (or --next).`);
  else print(green(`Stage passed: all ${total} stages of ${run.template} pass.`));
  return failed ? 1 : 0;
}

/** `timedOut` steers the run (see suite.ts); the report says it in `received`. */
function withoutTimedOut(outcome: CheckResult['outcome']) {
  if (outcome.status !== 'failed') return outcome;
  const { timedOut: _, ...rest } = outcome;
  return rest;
}
