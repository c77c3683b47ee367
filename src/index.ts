/**
 * `create-backend-practice`: arguments → questions for what is missing → plan → write → install
 * → git → next steps. `main` tells the whole story; each step lives in its own module, and the
 * modules that need prompts, child processes or Handlebars are loaded only when a run needs them.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckEnvironment } from './check/command.js';
import { type Arguments, COMMAND_NAME, parseArguments, retryCommand } from './cli.js';
import { GIT_COMMANDS } from './commands.js';
import { type DeployTarget, layersOf, NO_DEPLOY } from './deploy-targets.js';
import { CliError, cancelled, usageError, workError } from './errors.js';
import { type Mode, PRACTICE_NODE, defaultMode, hasTrack, runsPractice } from './modes.js';
import { type PlanSummary, type Step, note, print, printError, printNextSteps, printPlan, printTemplateList, success, warning } from './output.js';
import {
  type PackageManager,
  type PackageManagerCommands,
  installHint,
  isOnPath,
  packageManagerCommands,
  packageManagerFromUserAgent,
} from './package-manager.js';
import type { Layer, PlannedFile } from './plan.js';
import {
  type RetryCommand,
  type Target,
  assertUsableTarget,
  assertValidName,
  cdArgument,
  isEmptyDir,
  listEntries,
  nameProblem,
  resolveTarget,
} from './target.js';
import { TEMPLATE_NAMES, type TemplateInfo } from './templates.js';

interface Options {
  target: Target;
  template: TemplateInfo;
  mode: Mode;
  deploy: DeployTarget;
  pm: PackageManagerCommands;
  install: boolean;
  git: boolean;
  force: boolean;
  dryRun: boolean;
  json: boolean;
  /** chosen at the prompt: another language, so write the spec into the directory instead of a project */
  specOnly: boolean;
}

/** What this run may read from its surroundings; read once, here, at the edge. */
interface Environment {
  cwd: string;
  interactive: boolean;
  userAgent: string | undefined;
  /** `PATH` (and `PATHEXT` on Windows): is the package manager there? */
  path: string | undefined;
  pathExt: string | undefined;
  /** `CHECK_*` variables (admin account, JWT secret, origin) for `check`, e.g. from CI secrets */
  check: CheckEnvironment;
  /** the Node version the project will run on here (`CREATE_BACKEND_PRACTICE_TEST_NODE_VERSION` in tests) */
  nodeVersion: string;
}

/** `check` and `spec` are their own commands, loaded only when asked for (see src/check/, src/spec/). */
async function subcommand(name: string, argv: string[], env: Environment): Promise<void> {
  const exitCode =
    name === 'check'
      ? await (await import('./check/command.js')).runCheck(argv, env.check)
      : await (await import('./spec/command.js')).runSpec(argv, env.cwd);
  process.exitCode = exitCode;
}

async function main(argv: string[], env: Environment): Promise<void> {
  if (argv[0] === 'check' || argv[0] === 'spec') return subcommand(argv[0], argv.slice(1), env);
  const args = parseArguments(argv);
  if (!args) return; // --help or --version, already printed
  if (args.list) return printTemplateList(args.json);

  const options = await resolveOptions(args, env);
  if (options.specOnly) return writeSpecInstead(options, env.cwd);
  const files = await planFiles(options);
  if (options.dryRun) return printPlan(summarize(options, files, await plannedSteps(options, files, env.cwd)), options.json);

  await writeFiles(options, files);
  const finish = finishSteps(options, env.cwd);
  if (options.install) await installStep(options, finish);
  if (options.git) await gitStep(options, finish);
  const setup = options.deploy.setupStep ? [options.deploy.setupStep] : [];
  printNextSteps([
    ...finish.cd,
    ...(options.install ? [] : [options.pm.install]),
    // Practice mode ends with the learner's loop; the host's one-time set-up can wait until then.
    ...(options.mode === 'practice' ? [...setup, `${options.pm.run} practice`] : [`${options.pm.run} dev`, `${options.pm.run} test`, ...setup]),
  ]);
}

/** Flags, then detection, then (interactive only) questions; then the checks that need them all. */
async function resolveOptions(args: Arguments, env: Environment): Promise<Options> {
  const retry: RetryCommand = (change) => retryCommand(args, change);
  const interactive = env.interactive && !args.yes;
  let target = args.directory === undefined ? undefined : resolveTarget(args.directory, env.cwd, args.name);
  let force = args.force;
  let { template, mode, deploy, install } = args;
  // A mode the template cannot have is refused before any question about the rest.
  if (template && mode === 'practice') assertHasTrack(template);
  if (!runsPractice(env.nodeVersion)) {
    // Practice mode's runner needs Node 22.12+: asked for, it is refused (nothing written);
    // by default, the complete project is made instead, and the note says why.
    const why = `practice mode needs Node ${PRACTICE_NODE} or later (this is Node ${env.nodeVersion})`;
    if (mode === 'practice') {
      throw usageError(`${why[0]?.toUpperCase()}${why.slice(1)}: its runner uses Node's own TypeScript support.`, 'Upgrade Node (https://nodejs.org, or `nvm install 22`) and run this again, or use --mode complete for the finished project.');
    }
    if (mode === undefined && (template === undefined || hasTrack(template.name))) {
      mode = 'complete';
      note(`Creating the complete reference project: ${why}. Upgrade Node and use --mode practice for the exercises.`, args.json);
    }
  }
  const needsMode = mode === undefined && (template === undefined || hasTrack(template.name));
  let specOnly = false;

  if (interactive && (target === undefined || template === undefined || needsMode || deploy === undefined || install === undefined || targetProblem(target, force))) {
    // Recover where an answer can: an invalid name, a non-empty directory (cancel, another one, or add).
    const ask = await import('./ask.js');
    for (;;) {
      target ??= resolveTarget(await ask.askDirectory(env.cwd), env.cwd, args.name);
      target = await ask.recoverName(target, env.cwd);
      const nonEmpty = force ? undefined : await ask.resolveNonEmpty(target);
      if (nonEmpty === 'another') target = undefined;
      else {
        force ||= nonEmpty === 'add';
        break;
      }
    }
    ({ template, mode, deploy, install, specOnly } = await ask.askMissing({ template, mode, deploy, install }));
  }
  if (target) checkTarget(target, force, retry); // an invalid directory argument is reported before a missing template
  if (!template) {
    throw usageError(
      'No template given: pass --template <name>.',
      `Try: ${retry({ directory: args.directory ?? 'my-api', ...(args.name ? { name: args.name } : {}) })} --template ${TEMPLATE_NAMES[0]} (templates: ${TEMPLATE_NAMES.join(', ')}; see --list)`,
    );
  }
  if (mode === 'practice') assertHasTrack(template);
  target ??= resolveTarget(template.name, env.cwd, args.name);
  checkTarget(target, force, retry);
  if (mode === undefined) {
    mode = defaultMode(template.name);
    if (specOnly) {
      // another language: no project, so no mode to announce
    } else if (mode === 'practice') note(`Practice mode: you build ${template.name}'s features, guided by tests (for the finished project: --mode complete).`, args.json);
    else note(`${template.name} has no practice track yet: creating the complete reference project (--mode complete).`, args.json);
  }

  const pm: PackageManager = args.pm ?? packageManagerFromUserAgent(env.userAgent) ?? 'npm';
  if (pm === 'yarn' || pm === 'bun') {
    warning(`${pm} is not fully supported yet: the project's README, Dockerfile and CI use ${pm} commands, but only npm and pnpm are tested.`, args.json);
  }
  const willInstall = install ?? true;
  // Checked before writing: a missing package manager is bad input, not a failed install.
  if (willInstall && !isOnPath(pm, env.path, env.pathExt)) throw usageError(`${pm} is not on PATH, so dependencies cannot be installed.`, installHint(pm));
  return {
    target,
    template,
    mode,
    deploy: deploy ?? NO_DEPLOY,
    pm: packageManagerCommands(pm),
    install: willInstall,
    git: args.git,
    force,
    dryRun: args.dryRun,
    json: args.json,
    specOnly,
  };
}

/** Whether the target needs an answer: an invalid name, or a non-empty directory without --force. */
function targetProblem(target: Target, force: boolean): boolean {
  if (nameProblem(target)) return true;
  const entries = listEntries(target.path);
  return !force && entries !== undefined && !isEmptyDir(entries);
}

function assertHasTrack(template: TemplateInfo): void {
  if (!hasTrack(template.name)) {
    throw usageError(`${template.name} has no practice track yet: --mode practice is not available for it.`, 'Use --mode complete for the finished reference project.');
  }
}

/** "Another language" at the prompt: the spec and the check instead of the TypeScript project. */
async function writeSpecInstead(options: Options, cwd: string): Promise<void> {
  const { writeSpec } = await import('./spec/command.js');
  await writeSpec(options.template, options.target.path, { force: options.force, cwd });
}

function checkTarget(target: Target, force: boolean, retry: RetryCommand): void {
  assertValidName(target, retry);
  assertUsableTarget(target, force);
}

/** Reads the template's and the deploy target's layers and renders them in memory (pure planner: see plan.ts). */
async function planFiles(options: Options): Promise<PlannedFile[]> {
  const [{ loadLayers, loadTrackSource, loadVersions }, { planProject, TemplateError }] = await Promise.all([import('./layers.js'), import('./plan.js')]);
  let files: PlannedFile[];
  try {
    const planOptions = {
      projectName: options.target.name,
      template: options.template,
      pm: options.pm,
      versions: await loadVersions(),
      newSecret: () => randomBytes(32).toString('base64url'), // 256 bits
    };
    const layers = await loadLayers(layersOf(options.template, options.deploy));
    if (options.mode === 'practice') {
      const { planPracticeProject } = await import('./practice-plan.js');
      const [practiceLayer] = await loadLayers(['practice']);
      files = planPracticeProject(planOptions, layers, practiceLayer!, await loadTrackSource(options.template.name));
    } else {
      files = planProject(planOptions, layers);
    }
  } catch (error) {
    if (error instanceof TemplateError) throw workError(`Template ${options.template.name} cannot be rendered: ${error.message}`, 'This is a bug in the template; nothing was written.');
    throw error;
  }
  const existing = listEntries(options.target.path) ?? [];
  if (!isEmptyDir(existing)) await refuseOtherTemplate(options, files, loadLayers);
  const kept = keepExistingEnv(files, existing);
  if (kept.length < files.length) warning('Keeping the existing .env (it may hold your own secrets); compare it with .env.example.', options.json);
  return kept;
}

/** `--force` over a project of another template would mix the two: refused, nothing written. */
async function refuseOtherTemplate(options: Options, files: readonly PlannedFile[], loadLayers: (names: string[]) => Promise<Layer[]>): Promise<void> {
  const { findOtherTemplate } = await import('./other-template.js');
  const found = await findOtherTemplate(options.target.path, options.template, new Set(files.map((file) => file.path)), loadLayers);
  if (!found) return;
  throw usageError(
    `${options.target.path} holds a ${found.template.name} project (${found.file}): adding the ${options.template.name} template to it would mix the two.`,
    'Choose an empty or new directory for this project; --force only adds files of the same template.',
  );
}

/** With --force, a `.env` that is already there holds the user's own secrets: never replace it. */
function keepExistingEnv(files: PlannedFile[], existing: readonly string[]): PlannedFile[] {
  return existing.includes('.env') ? files.filter((file) => file.path !== '.env') : files;
}

/** The steps after writing; for a dry run, whether each will really run (git checks its conditions). */
async function plannedSteps(options: Options, files: readonly PlannedFile[], cwd: string): Promise<Step[]> {
  const steps: Step[] = [{ name: 'write', command: `write ${files.length} files to ${options.target.path} (rendered in a temporary directory first)`, runs: true }];
  if (options.install) steps.push({ name: 'install', command: options.pm.install, runs: true }); // the package manager is on PATH
  if (options.git) {
    const { gitReadiness } = await import('./git.js');
    const readiness = await gitReadiness(options.target.path, { cdFirst: finishSteps(options, cwd).cdFirst });
    steps.push({ name: 'git', command: GIT_COMMANDS, runs: readiness.ready, ...(readiness.ready ? {} : { skipped: readiness.reason }) });
  }
  return steps;
}

function summarize(options: Options, files: readonly PlannedFile[], steps: readonly Step[]): PlanSummary {
  return {
    directory: options.target.path,
    projectName: options.target.name,
    template: options.template,
    mode: options.mode,
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

async function writeFiles(options: Options, files: readonly PlannedFile[]): Promise<void> {
  note(`Creating ${options.target.name} (${options.template.name}) in ${options.target.path}`);
  const { writeProject, RestoreFailed } = await import('./write.js');
  working = true;
  try {
    await writeProject(options.target.path, files, { signal: interrupt.signal });
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
  path: process.env.PATH,
  pathExt: process.env.PATHEXT,
  nodeVersion: process.env.CREATE_BACKEND_PRACTICE_TEST_NODE_VERSION || process.versions.node,
  check: {
    CHECK_ADMIN_EMAIL: process.env.CHECK_ADMIN_EMAIL,
    CHECK_ADMIN_PASSWORD: process.env.CHECK_ADMIN_PASSWORD,
    CHECK_JWT_SECRET: process.env.CHECK_JWT_SECRET,
    CHECK_ORIGIN: process.env.CHECK_ORIGIN,
  },
}).catch((error: unknown) => exitWith(error, debug));
