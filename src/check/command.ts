/**
 * `create-backend-practice check <template> --base-url <url>`: the conformance suite against a
 * running server, in any language, local or deployed. First a preflight (reachable? JSON? this
 * kind of API?) so bad input is one clear line; then every story's checks, reported as they run.
 */
import { Command, CommanderError } from 'commander';
import { COMMAND_NAME } from '../cli.js';
import { usageError, workError } from '../errors.js';
import { findTemplate, TEMPLATE_NAMES } from '../templates.js';
import { type Answer, Client, mediaTypeOf, NoAnswer, Unreachable } from './http.js';
import { printReport, type Reporter, reporter } from './report.js';
import { runStories, StoppedAnswering } from './suite.js';
import { suiteOf, type SuiteOptions, type TemplateSuite } from './suites.js';

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
  options: SuiteOptions;
}

function parseCheckArguments(argv: string[], env: CheckEnvironment): CheckArguments | undefined {
  const program = new Command(`${COMMAND_NAME} check`)
    .description('Check a running server (any language, local or deployed) against a template\'s contract, story by story.')
    .usage('<template> --base-url <url> [options]')
    .argument('<template>', `the contract to check: ${TEMPLATE_NAMES.join(', ')}`)
    .requiredOption('--base-url <url>', 'where the server answers, e.g. http://localhost:3000 (without /v1)')
    .option('--json', 'print the report as JSON on stdout')
    .option('--origin <origin>', 'a browser origin the server allows (CORS_ORIGINS), to check CORS [env CHECK_ORIGIN]')
    .option('--admin-email <email>', 'ecommerce: an admin account, for the stories that create products [env CHECK_ADMIN_EMAIL]')
    .option('--admin-password <password>', 'ecommerce: its password [env CHECK_ADMIN_PASSWORD]')
    .option('--jwt-secret <secret>', "the server's JWT_SECRET, to check that expired and wrong-audience tokens are refused [env CHECK_JWT_SECRET]")
    .option('--timeout <seconds>', 'how long to wait for each answer', '10')
    .helpOption('-h, --help', 'show this help')
    .addHelpText(
      'after',
      [
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
  const flags = program.opts<{ baseUrl: string; json?: boolean; origin?: string; adminEmail?: string; adminPassword?: string; jwtSecret?: string; timeout: string }>();
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
  return {
    template,
    baseUrl: flags.baseUrl,
    json: flags.json ?? false,
    timeoutMs: seconds * 1000,
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
  const out: Reporter = reporter(args.json);
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
  const started = performance.now();
  await preflight(client, suite);

  out.start(args.template, client.baseUrl);
  const context = suite.context(client, args.options);
  try {
    const stories = await runStories(suite.stories(), context, out.result);
    await suite.cleanup?.(context).catch((error: Error) => out.note(`could not archive the products this run created: ${error.message}`));
    return printReport(out, { template: args.template, baseUrl: client.baseUrl, durationMs: performance.now() - started, requests: client.requestCount, stories });
  } catch (error) {
    if (error instanceof Unreachable) throw workError(`Lost ${client.baseUrl} during the check: ${error.message}.`, 'Did the server stop or crash? Its log says why.');
    if (error instanceof StoppedAnswering) throw workError(`${client.baseUrl} stopped answering during the check (${error.message}; three in a row).`, 'Is the server stuck? Raise --timeout <seconds> if it is only slow.');
    throw error;
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
  if (probes.every((answer) => answer.status === 404 || (answer.status >= 300 && answer.status < 400))) {
    const moved = [health, ...probes].find((answer) => answer.status >= 300 && answer.status < 400 && answer.headers.get('location'));
    const answered = [health, ...probes].map((answer) => `${answer.request.method} ${answer.request.path.split('?')[0]} → ${answer.status}`);
    throw workError(
      `${client.baseUrl} does not serve the ${suite.template} API: ${answered.join(', ')}.`,
      moved ? `It redirects to ${moved.headers.get('location')}: pass that URL.` : 'Is the URL the base URL of the API (without /v1), and is the template the right one?',
    );
  }
}
