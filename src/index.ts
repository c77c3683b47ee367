/**
 * `create-backend-practice`: arguments → questions for what is missing → plan → write → install
 * → git → next steps. `main` tells the whole story; each step lives in its own module, and the
 * modules that need prompts, child processes or Handlebars are loaded only when a run needs them.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Arguments, COMMAND_NAME, parseArguments } from './cli.js';
import { GIT_COMMANDS } from './commands.js';
import { type DeployTarget, layersOf, NO_DEPLOY } from './deploy-targets.js';
import { CliError, cancelled, usageError, workError } from './errors.js';
import { type PlanSummary, type Step, note, print, printError, printNextSteps, printPlan, printTemplateList, success, warning } from './output.js';
import { type PackageManager, type PackageManagerCommands, packageManagerCommands, packageManagerFromUserAgent } from './package-manager.js';
import type { PlannedFile } from './plan.js';
import { type Target, assertUsableTarget, assertValidName, cdArgument, listEntries, resolveTarget } from './target.js';
import { TEMPLATE_NAMES, type TemplateInfo } from './templates.js';

interface Options {
  target: Target;
  template: TemplateInfo;
  deploy: DeployTarget;
  pm: PackageManagerCommands;
  install: boolean;
  git: boolean;
  force: boolean;
  dryRun: boolean;
  json: boolean;
}

/** What this run may read from its surroundings; read once, here, at the edge. */
interface Environment {
  cwd: string;
  interactive: boolean;
  userAgent: string | undefined;
  /** `CREATE_BACKEND_PRACTICE_TEST_DELAY_MS`: a test-only pause mid-render (see write.ts) */
  testDelayMs: number;
}

async function main(argv: string[], env: Environment): Promise<void> {
  const args = parseArguments(argv);
  if (!args) return; // --help or --version, already printed
  if (args.list) return printTemplateList(args.json);

  const options = await resolveOptions(args, env);
  const files = await planFiles(options);
  const steps = plannedSteps(options, files);
  if (options.dryRun) return printPlan(summarize(options, files, steps), options.json);

  await writeFiles(options, files, env.testDelayMs);
  const finish = finishSteps(options, env.cwd);
  if (options.install) await installStep(options, finish);
  if (options.git) await gitStep(options, finish);
  printNextSteps([...finish.cd, ...(options.install ? [] : [options.pm.install]), `${options.pm.run} dev`, `${options.pm.run} test`]);
}

/** Flags, then detection, then (interactive only) questions; then the checks that need them all. */
async function resolveOptions(args: Arguments, env: Environment): Promise<Options> {
  let { directory, template, deploy, install } = args;
  // A directory given as an argument is checked before any question: no answer could fix it.
  if (directory !== undefined) checkTarget(resolveTarget(directory, env.cwd), args.force);
  const interactive = env.interactive && !args.yes;
  if (interactive && (directory === undefined || template === undefined || deploy === undefined || install === undefined)) {
    const { askMissing } = await import('./ask.js');
    ({ directory, template, deploy, install } = await askMissing({ directory, template, deploy, install }, { cwd: env.cwd, force: args.force }));
  }
  if (!template) {
    throw usageError(
      'No template given: pass --template <name>.',
      `Templates: ${TEMPLATE_NAMES.join(', ')} (see --list). Prompts appear only when stdin and stdout are terminals and --yes is not given.`,
    );
  }
  const target = resolveTarget(directory ?? template.name, env.cwd);
  checkTarget(target, args.force);

  const pm: PackageManager = args.pm ?? packageManagerFromUserAgent(env.userAgent) ?? 'npm';
  if (pm === 'yarn' || pm === 'bun') {
    warning(`${pm} is not fully supported yet: the project's README, Dockerfile and CI use ${pm} commands, but only npm and pnpm are tested.`, args.json);
  }
  return {
    target,
    template,
    deploy: deploy ?? NO_DEPLOY,
    pm: packageManagerCommands(pm),
    install: install ?? true,
    git: args.git,
    force: args.force,
    dryRun: args.dryRun,
    json: args.json,
  };
}

function checkTarget(target: Target, force: boolean): void {
  assertValidName(target);
  assertUsableTarget(target, force);
}

/** Reads the template's and the deploy target's layers and renders them in memory (pure planner: see plan.ts). */
async function planFiles(options: Options): Promise<PlannedFile[]> {
  const [{ loadLayers, loadVersions }, { planProject, TemplateError }] = await Promise.all([import('./layers.js'), import('./plan.js')]);
  try {
    const files = planProject(
      {
        projectName: options.target.name,
        template: options.template,
        pm: options.pm,
        versions: await loadVersions(),
        newSecret: () => randomBytes(32).toString('base64url'), // 256 bits
      },
      await loadLayers(layersOf(options.template, options.deploy)),
    );
    const kept = keepExistingEnv(files, listEntries(options.target.path) ?? []);
    if (kept.length < files.length) warning('Keeping the existing .env (it may hold your own secrets); compare it with .env.example.', options.json);
    return kept;
  } catch (error) {
    if (error instanceof TemplateError) throw workError(`Template ${options.template.name} cannot be rendered: ${error.message}`, 'This is a bug in the template; nothing was written.');
    throw error;
  }
}

/** With --force, a `.env` that is already there holds the user's own secrets: never replace it. */
function keepExistingEnv(files: PlannedFile[], existing: readonly string[]): PlannedFile[] {
  return existing.includes('.env') ? files.filter((file) => file.path !== '.env') : files;
}

function plannedSteps(options: Options, files: readonly PlannedFile[]): Step[] {
  const steps: Step[] = [{ name: 'write', command: `write ${files.length} files to ${options.target.path} (rendered in a temporary directory first)` }];
  if (options.install) steps.push({ name: 'install', command: options.pm.install });
  if (options.git) {
    steps.push({ name: 'git', command: GIT_COMMANDS, condition: 'if git is on PATH, the directory is not inside a git work tree, and a git identity is configured' });
  }
  return steps;
}

function summarize(options: Options, files: readonly PlannedFile[], steps: readonly Step[]): PlanSummary {
  return {
    directory: options.target.path,
    projectName: options.target.name,
    template: options.template,
    deploy: options.deploy,
    packageManager: options.pm,
    files,
    replaces: files.filter((file) => existsSync(join(options.target.path, file.path))).map((file) => file.path),
    steps,
  };
}

// Ctrl-C: before any work there is nothing to undo, so quit at once; during work, abort the step
// in progress, which undoes what it did (see write.ts) or stops the child process.
const interrupt = new AbortController();
let working = false;

async function writeFiles(options: Options, files: readonly PlannedFile[], testDelayMs: number): Promise<void> {
  note(`Creating ${options.target.name} (${options.template.name}) in ${options.target.path}`);
  const { writeProject, RestoreFailed } = await import('./write.js');
  working = true;
  try {
    await writeProject(options.target.path, files, {
      signal: interrupt.signal,
      pauseMidRenderMs: testDelayMs,
      onPause: (ms) => process.stderr.write(`[test] pausing ${ms} ms mid-render\n`),
    });
  } catch (error) {
    if (interrupt.signal.aborted) throw cancelled('Nothing was written.');
    if (error instanceof RestoreFailed) throw workError(error.message, 'Move those files back by hand; nothing else was changed.');
    throw workError(`Could not write the project: ${(error as Error).message}.`, 'Nothing was written; the target directory is as it was.');
  }
  success(`Created ${files.length} files`);
}

interface FinishSteps {
  /** `cd <dir>` as a next step, or nothing when the project is the current directory */
  cd: string[];
  /** the same as a command prefix for hints: `cd <dir> && ` */
  cdFirst: string;
}

function finishSteps(options: Options, cwd: string): FinishSteps {
  if (options.target.path === cwd) return { cd: [], cdFirst: '' };
  const cd = `cd ${cdArgument(options.target.path, cwd)}`;
  return { cd: [cd], cdFirst: `${cd} && ` };
}

async function installStep(options: Options, finish: FinishSteps): Promise<void> {
  const { installDependencies } = await import('./install.js');
  const git = options.git ? ` && ${GIT_COMMANDS}` : '';
  await installDependencies(options.target.path, options.pm, {
    signal: interrupt.signal,
    finishHint: `To finish by hand: ${finish.cdFirst}${options.pm.install}${git}`,
  });
}

async function gitStep(options: Options, finish: FinishSteps): Promise<void> {
  const { initGitRepository } = await import('./git.js');
  const result = await initGitRepository(options.target.path, { signal: interrupt.signal, cdFirst: finish.cdFirst });
  if (result.created) success('Created a git repository (branch main) with a first commit');
  else warning(`Skipped git: ${result.reason}.${result.hint ? ` ${result.hint}` : ''}`);
}

function exitWith(error: unknown, debug: boolean): never {
  if (debug) console.error(error);
  if (error instanceof CliError) printError(error.message, error.hint);
  else printError(`Unexpected error: ${(error as Error)?.message ?? String(error)}`, `This is a bug. Run with DEBUG=${COMMAND_NAME} to see the stack trace.`);
  // Exit now: an open prompt or child process must not keep the process alive.
  process.exit(error instanceof CliError ? error.exitCode : 1);
}

const debug = (process.env.DEBUG ?? '').split(',').some((name) => name.trim() === COMMAND_NAME || name.trim() === '*');
process.on('SIGINT', () => {
  if (working) interrupt.abort();
  else exitWith(cancelled(), false);
});
main(process.argv.slice(2), {
  cwd: process.cwd(),
  interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
  userAgent: process.env.npm_config_user_agent,
  testDelayMs: Number(process.env.CREATE_BACKEND_PRACTICE_TEST_DELAY_MS) || 0,
}).catch((error: unknown) => exitWith(error, debug));
