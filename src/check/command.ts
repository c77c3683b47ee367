/**
 * `create-backend-practice check <template> --base-url <url>`: the conformance suite against a
 * running server, in any language, local or deployed. First a preflight (reachable? JSON? this
 * kind of API?) so bad input is one clear line; then every story's checks, reported as they run.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { Command, CommanderError } from 'commander';
import { COMMAND_NAME } from '../cli.js';
import { usageError, workError } from '../errors.js';
import { findTemplate, TEMPLATE_NAMES } from '../templates.js';
import { ApiDocument } from './document.js';
import { RATE_LIMIT_HEADERS } from './common-stories.js';
import { type Answer, Client, mediaTypeOf, NoAnswer, Unreachable } from './http.js';
import { printReport, printStage, type Reporter, reporter, type StageResult } from './report.js';
import { type RunMemory, runStories, StoppedAnswering, type StoryResult } from './suite.js';
import { type Stage, suiteOf, type SuiteOptions, type TemplateSuite } from './suites.js';

/** What `check` may read from the environment (index.ts reads it; CI jobs set these as secrets). */
export interface CheckEnvironment {
  CHECK_ADMIN_EMAIL?: string;
  CHECK_ADMIN_PASSWORD?: string;
  CHECK_JWT_SECRET?: string;
  CHECK_ORIGIN?: string;
}

interface CheckArguments {
  template: string;
  baseUrl: string;
  json: boolean;
  timeoutMs: number;
  /** one stage (1-based), `next` (the first stage not passing), or every story */
  stage?: number | 'next';
  progressFile?: string;
  options: Omit<SuiteOptions, 'document'>;
}

function parseCheckArguments(argv: string[], env: CheckEnvironment): CheckArguments | undefined {
  const program = new Command(`${COMMAND_NAME} check`)
    .description('Check a running server (any language, local or deployed) against a template\'s contract, story by story.')
    .usage('<template> --base-url <url> [options]')
    .argument('<template>', `the contract to check: ${TEMPLATE_NAMES.join(', ')}`)
    .requiredOption('--base-url <url>', 'where the server answers, e.g. http://localhost:3000 (without /v1)')
    .option('--json', 'print the report as JSON on stdout')
    .option('--origin <origin>', 'a browser origin the server allows, to check CORS [env CHECK_ORIGIN]')
    .option('--admin-email <email>', 'ecommerce: an admin account, for the stories that create products [env CHECK_ADMIN_EMAIL]')
    .option('--admin-password <password>', 'ecommerce: its password [env CHECK_ADMIN_PASSWORD]')
    .option('--jwt-secret <secret>', "the secret the server signs access tokens with, to check that expired, wrong-audience and wrong-issuer tokens are refused [env CHECK_JWT_SECRET]")
    .option('--stage <n>', 'run one stage of the learning order (stories.md lists them)')
    .option('--next', 'run the stages in order and stop at the first one not passing')
    .option('--progress <file>', 'record the stages passed in this JSON file (commit it)')
    .option('--timeout <seconds>', 'how long to wait for each answer', '10')
    .helpOption('-h, --help', 'show this help')
    .addHelpText(
      'after',
      [
        '',
        'Stage by stage: --stage 1 first, then --next after each change; the stages',
        'follow stories.md. Without --stage or --next every story runs.',
        '',
        'Exit codes: 0 every check passed (or was skipped), 1 a check failed or the',
        'server could not be checked, 2 bad usage.',
        'It creates only its own data (random emails and SKUs), deletes nothing it did',
        "not create, and stays within the templates' default rate limits (waiting out",
        "a 429's Retry-After).",
        '',
        'Examples:',
        `  npx ${COMMAND_NAME} check task-api --base-url http://localhost:3000`,
        `  CHECK_ADMIN_EMAIL=admin@example.com CHECK_ADMIN_PASSWORD=… \\`,
        `    npx ${COMMAND_NAME} check ecommerce --base-url https://shop.example`,
      ].join('\n'),
    )
    .exitOverride()
    .configureOutput({ outputError: () => {} });
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.code === 'commander.helpDisplayed') return undefined;
    throw usageError(error.message.replace(/^error: /, ''), `See ${COMMAND_NAME} check --help`);
  }
  const flags = program.opts<{
    baseUrl: string;
    json?: boolean;
    origin?: string;
    adminEmail?: string;
    adminPassword?: string;
    jwtSecret?: string;
    timeout: string;
    stage?: string;
    next?: boolean;
    progress?: string;
  }>();
  const template = program.args[0]!;
  if (!findTemplate(template)) throw usageError(`Unknown template "${template}".`, `Use one of: ${TEMPLATE_NAMES.join(', ')}.`);
  if (!/^https?:\/\//i.test(flags.baseUrl) || !URL.canParse(flags.baseUrl)) {
    throw usageError(`--base-url must be an http(s) URL, got "${flags.baseUrl}".`, 'For example: --base-url http://localhost:3000');
  }
  const seconds = Number(flags.timeout);
  if (!(seconds > 0 && seconds <= 300)) throw usageError(`--timeout must be a number of seconds between 0 and 300, got "${flags.timeout}".`);
  const adminEmail = flags.adminEmail ?? env.CHECK_ADMIN_EMAIL;
  const adminPassword = flags.adminPassword ?? env.CHECK_ADMIN_PASSWORD;
  if (Boolean(adminEmail) !== Boolean(adminPassword)) throw usageError('Give both the admin email and the admin password, or neither.');
  if (flags.stage !== undefined && flags.next) throw usageError('Give --stage <n> or --next, not both.');
  if (flags.stage !== undefined && !/^[1-9]\d?$/.test(flags.stage)) throw usageError(`--stage must be a stage number (1, 2, …), got "${flags.stage}".`, `See ${COMMAND_NAME} check --help`);
  return {
    template,
    baseUrl: flags.baseUrl,
    json: flags.json ?? false,
    timeoutMs: seconds * 1000,
    stage: flags.next ? 'next' : flags.stage === undefined ? undefined : Number(flags.stage),
    progressFile: flags.progress,
    options: {
      origin: flags.origin ?? env.CHECK_ORIGIN,
      jwtSecret: flags.jwtSecret ?? env.CHECK_JWT_SECRET,
      admin: adminEmail && adminPassword ? { email: adminEmail, password: adminPassword } : undefined,
    },
  };
}

/** Runs `check`; resolves with the exit code (0 only when nothing failed). */
export async function runCheck(argv: string[], env: CheckEnvironment): Promise<number> {
  const args = parseCheckArguments(argv, env);
  if (!args) return 0;
  const out: Reporter = reporter(args.json, args.baseUrl.replace(/\/+$/, "")); 
  const client = new Client(args.baseUrl, {
    timeoutMs: args.timeoutMs,
    // A per-minute window resets within 60 s; a longer wait (the 15-minute login limit) is reported instead.
    maxRetryWaitMs: 65_000,
    // The templates allow 300 requests per minute per client by default; keep a margin.
    perMinute: 240,
    onWait: out.note,
    secrets: [args.options.admin?.password ?? '', args.options.jwtSecret ?? ''],
  });
  const suite = await suiteOf(args.template);
  if (typeof args.stage === 'number' && args.stage > suite.stages.length) {
    throw usageError(`${args.template} has ${suite.stages.length} stages, not ${args.stage}.`, `Stages: ${suite.stages.map((stage, i) => `${i + 1} ${stage.title}`).join(', ')}.`);
  }
  const started = performance.now();
  await preflight(client, suite);

  const document = ApiDocument.of(args.template);
  const context = suite.context(client, { ...args.options, document }) as { client: Client };
  // The rate-limit headers have a story of their own (a learner meets them late, not on every answer).
  const inspect = (answer: Answer) => document.violations(answer, RATE_LIMIT_HEADERS);
  const memory: RunMemory = { reported: new Set(), causes: new Map() };
  const stories = suite.stories();
  const storiesOf = (index: number) => stories.filter((story) => suite.stages[index]!.stories.includes(story.id));
  const summary = (results: StoryResult[]) => ({ template: args.template, baseUrl: client.baseUrl, durationMs: performance.now() - started, requests: client.requestCount, stories: results });
  try {
    let exitCode: number;
    let stages: StageResult[];
    if (args.stage === undefined) {
      out.start(args.template, client.baseUrl);
      const results = await runStories(stories, context, out.result, inspect, memory);
      stages = stageResults(suite.stages, results);
      exitCode = printReport(out, { ...summary(results), stages });
    } else {
      // One stage, or the stages in order up to the first one not passing; only that one is shown.
      const first = args.stage === 'next' ? 0 : args.stage - 1;
      const last = args.stage === 'next' ? suite.stages.length - 1 : first;
      stages = [];
      let shown: { index: number; results: StoryResult[] } | undefined;
      for (let index = first; index <= last; index++) {
        const results = await runStories(storiesOf(index), context, () => {}, inspect, memory);
        const [stage] = stageResults([suite.stages[index]!], results, index);
        stages.push(stage!);
        shown = { index, results };
        if (stage!.status !== 'passed') break;
      }
      exitCode = printStage(out, { ...summary(shown!.results), stages }, { suite, index: shown!.index, stories: storiesOf(shown!.index) });
    }
    await suite.cleanup?.(context).catch((error: Error) => out.note(`could not archive the products this run created: ${error.message}`));
    if (args.progressFile) await recordProgress(args.progressFile, args.template, suite.stages, stages);
    return exitCode;
  } catch (error) {
    if (error instanceof Unreachable) throw workError(`Lost ${client.baseUrl} during the check: ${error.message}.`, 'Did the server stop or crash? Its log says why.');
    if (error instanceof StoppedAnswering) throw workError(`${client.baseUrl} stopped answering during the check (${error.message}; three in a row).`, 'Is the server stuck? Raise --timeout <seconds> if it is only slow.');
    throw error;
  }
}

/** A stage passes when none of its checks failed and at least one ran (all skipped is not a pass). */
function stageResults(stages: Stage[], results: StoryResult[], offset = 0): StageResult[] {
  return stages.map((stage, i) => {
    const checks = results.filter((story) => stage.stories.includes(story.id)).flatMap((story) => story.checks);
    const status = checks.some((check) => check.outcome.status === 'failed')
      ? 'failed'
      : checks.some((check) => check.outcome.status === 'passed')
        ? 'passed'
        : 'skipped';
    return { number: offset + i + 1, title: stage.title, status };
  });
}

/**
 * `--progress <file>`: the stages passed so far, merged with what the file held (a stage run
 * now overwrites its entry), so a learner's repository shows how far they got.
 */
async function recordProgress(file: string, template: string, stages: Stage[], results: StageResult[]): Promise<void> {
  type Saved = { template: string; stages: { number: number; title: string; status: string; checkedAt: string }[] };
  let saved: Saved | undefined;
  try {
    saved = JSON.parse(await readFile(file, 'utf8')) as Saved;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw workError(`Cannot read the progress file ${file}: ${(error as Error).message}.`, 'Delete it or give another --progress file.');
  }
  const now = new Date().toISOString();
  const previous = saved?.template === template && Array.isArray(saved.stages) ? saved.stages : [];
  const merged = stages.map((stage, i) => {
    const fresh = results.find((result) => result.number === i + 1);
    const old = previous.find((entry) => entry.number === i + 1);
    return fresh ? { number: i + 1, title: stage.title, status: fresh.status, checkedAt: now } : (old ?? { number: i + 1, title: stage.title, status: 'not run', checkedAt: null });
  });
  const passed = merged.filter((stage) => stage.status === 'passed').map((stage) => stage.number);
  try {
    await writeFile(file, `${JSON.stringify({ template, passed, stages: merged }, null, 2)}\n`);
  } catch (error) {
    throw workError(`Cannot write the progress file ${file}: ${(error as Error).message}.`);
  }
}

/**
 * None of this template's own routes is there: if another template's are, the server is that
 * API (a task API checked as ecommerce), said in one line instead of a report of failures.
 */
async function notAnother(client: Client, suite: TemplateSuite, ask: (method: string, path: string) => Promise<Answer>): Promise<void> {
  for (const other of TEMPLATE_NAMES.filter((name) => name !== suite.template)) {
    for (const probe of (await suiteOf(other)).probes.filter((candidate) => !candidate.shared)) {
      const answer = await ask(probe.method, probe.path);
      if (answer.status !== 404 && !(answer.status >= 300 && answer.status < 400)) {
        throw workError(
          `${client.baseUrl} is not the ${suite.template} API: it has none of its routes but answers ${probe.method} ${probe.path.split('?')[0]} → ${answer.status}, a route of ${other}.`,
          `Check it with \`${COMMAND_NAME} check ${other} --base-url ${client.baseUrl}\`, or give the ${suite.template} server's URL.`,
        );
      }
    }
  }
}

/** Reachable, answering JSON (not HTML), and with at least one of this template's routes: else one clear line, exit 1. */
async function preflight(client: Client, suite: TemplateSuite): Promise<void> {
  const ask = async (method: string, path: string): Promise<Answer> => {
    try {
      return await client.request(method, path);
    } catch (error) {
      if (error instanceof Unreachable) {
        throw workError(`Cannot reach ${client.baseUrl} (${error.message.replace(/^.*failed: /, '')}).`, 'Is the server running, and is the URL right?');
      }
      if (error instanceof NoAnswer) {
        throw workError(`${client.baseUrl} did not answer ${method} ${path} within the timeout: the server hangs or is very slow.`, 'Check the server, or raise --timeout <seconds>.');
      }
      throw error;
    }
  };
  const html = (answer: Answer) => {
    if (mediaTypeOf(answer) === 'text/html') {
      throw workError(`${client.baseUrl} answers HTML, not JSON (${answer.request.method} ${answer.request.path} → ${answer.status} text/html).`, 'Is this the base URL of the API, not of a web page or a proxy\'s error page?');
    }
  };
  const health = await ask('GET', '/healthz');
  html(health);
  const probes: Answer[] = [];
  for (const probe of suite.probes) {
    const answer = await ask(probe.method, probe.path);
    html(answer);
    probes.push(answer);
  }
  const absent = (answer: Answer) => answer.status === 404 || (answer.status >= 300 && answer.status < 400);
  if (probes.every((answer, i) => suite.probes[i]!.shared || absent(answer))) await notAnother(client, suite, ask);
  if (probes.every(absent)) {
    const moved = [health, ...probes].find((answer) => answer.status >= 300 && answer.status < 400 && answer.headers.get('location'));
    const answered = [health, ...probes].map((answer) => `${answer.request.method} ${answer.request.path.split('?')[0]} → ${answer.status}`);
    throw workError(
      `${client.baseUrl} does not serve the ${suite.template} API: ${answered.join(', ')}.`,
      moved ? `It redirects to ${moved.headers.get('location')}: pass that URL.` : 'Is the URL the base URL of the API (without /v1), and is the template the right one?',
    );
  }
}
