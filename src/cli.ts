/** Command-line arguments → `Arguments`. Knows nothing about the disk, prompts or templates' files. */
import { Command, CommanderError, Help, Option } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { usageError } from './errors.js';
import { shellQuote } from './target.js';
import { PACKAGE_MANAGERS, type PackageManager } from './package-manager.js';
import { MODE_NAMES, MODES, type Mode, findMode } from './modes.js';
import { DEPLOY_TARGET_NAMES, DEPLOY_TARGETS, type DeployTarget, findDeployTarget } from './deploy-targets.js';
import { TEMPLATE_NAMES, TEMPLATES, findTemplate, type TemplateInfo } from './templates.js';

export interface Arguments {
  directory?: string;
  /** `--name`: the package name, when the directory's basename is not the one wanted */
  name?: string;
  template?: TemplateInfo;
  /** `undefined` when `--mode` was not given (interactive mode asks; otherwise the template's default) */
  mode?: Mode;
  /** `undefined` when `--deploy` was not given (interactive mode asks; otherwise `none`) */
  deploy?: DeployTarget;
  pm?: PackageManager;
  /** `undefined` when neither `--install` nor `--no-install` was given (interactive mode asks) */
  install?: boolean;
  git: boolean;
  yes: boolean;
  force: boolean;
  dryRun: boolean;
  list: boolean;
  json: boolean;
  /** every argument except the directory and `--name`, as typed: "Try: …" hints keep them */
  otherArgs: string[];
}

export const COMMAND_NAME = 'create-backend-practice';

function createProgram(): Command {
  return new Command(COMMAND_NAME)
    .description(packageJson.description)
    .usage('[directory] [options]')
    .argument('[directory]', 'where to create the project; its basename becomes the package name')
    .option('-t, --template <name>', `template: ${TEMPLATE_NAMES.join(', ')}`)
    .option('--name <package-name>', 'the package name, when the directory basename is not the one wanted')
    .option('--mode <mode>', `${MODE_NAMES.join(' or ')} (default: practice where the template has a practice track, else complete)`)
    .option('--deploy <target>', `where CI deploys on every push to main: ${DEPLOY_TARGET_NAMES.join(', ')} (default: none)`)
    .addOption(
      new Option('--pm <name>', `package manager: ${PACKAGE_MANAGERS.join(', ')} (default: the one running this command, else npm)`),
    )
    .option('--install', 'install dependencies (the default)')
    .option('--no-install', 'do not install dependencies')
    .option('--no-git', 'do not create a git repository')
    .option('-y, --yes', 'never prompt: use defaults for anything not given (directory defaults to the template name)')
    .option('--force', 'allow a non-empty directory: write template files over same-named files, delete nothing')
    .option('--dry-run', 'print the files that would be written and the steps that would run; write and run nothing')
    .option('--list', 'list the templates and exit')
    .option('--json', 'with --list or --dry-run: machine-readable output on stdout')
    .version(packageJson.version, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show this help')
    .configureHelp({ helpWidth: HELP_WIDTH })
    .addHelpText('after', () => helpFooter(new Help()))
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: () => {} });
}

/** Help lines fit 80 columns, or the terminal when it is narrower. */
const HELP_WIDTH = Math.min(process.stdout.columns || 80, 80);

/** Templates, deploy targets, exit codes and examples, wrapped like commander wraps options. */
function helpFooter(help: Help): string {
  help.helpWidth = HELP_WIDTH;
  const items = (rows: readonly { name: string; description: string }[]) => rows.map((row) => help.formatItem(row.name, 12, row.description, help));
  return [
    '',
    'Templates:',
    ...items(TEMPLATES),
    '',
    'Modes (--mode):',
    ...items(MODES),
    '',
    'Deploy targets (--deploy):',
    ...items(DEPLOY_TARGETS),
    '',
    'Commands (for any language; see `check --help`, `spec --help`):',
    ...items([
      { name: 'check', description: "<template> --base-url <url>: test a running server against the template's contract" },
      { name: 'spec', description: '<template> [--out <dir>]: write the OpenAPI document, user stories and requests.http' },
    ]),
    '',
    help.boxWrap('Exit codes: 0 success, 1 the work failed, 2 bad usage or input (nothing written), 130 cancelled.', HELP_WIDTH),
    '',
    'Examples:',
    `  npm create backend-practice@latest my-api -- --template task-api`,
    `  npx ${COMMAND_NAME} my-api --template task-api --mode complete`,
    `  npx ${COMMAND_NAME} . --name my-api --template external-api --pm pnpm`,
  ].join('\n');
}

/**
 * Parses `argv` (without `node` and the script). `--help` and `--version` print and return
 * `undefined`; every mistake is a usage error (exit 2) with a hint.
 */
export function parseArguments(argv: string[]): Arguments | undefined {
  const program = createProgram();
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return undefined;
    throw usageError(error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' '), `See ${COMMAND_NAME} --help`);
  }
  const options = program.opts<{
    template?: string;
    name?: string;
    mode?: string;
    deploy?: string;
    pm?: string;
    install?: boolean;
    git: boolean;
    yes?: boolean;
    force?: boolean;
    dryRun?: boolean;
    list?: boolean;
    json?: boolean;
  }>();
  const args: Arguments = {
    directory: program.args[0],
    name: options.name,
    template: options.template === undefined ? undefined : templateNamed(options.template),
    mode: options.mode === undefined ? undefined : modeNamed(options.mode),
    deploy: options.deploy === undefined ? undefined : deployTargetNamed(options.deploy),
    pm: options.pm === undefined ? undefined : packageManagerNamed(options.pm),
    install: program.getOptionValueSource('install') === 'cli' ? options.install : undefined,
    git: options.git,
    yes: options.yes ?? false,
    force: options.force ?? false,
    dryRun: options.dryRun ?? false,
    list: options.list ?? false,
    json: options.json ?? false,
    otherArgs: otherArguments(argv, program),
  };
  if (args.json && !args.list && !args.dryRun) throw usageError('--json works only with --list or --dry-run.');
  return args;
}

/**
 * `argv` without the directory operand and `--name`, as the user typed it, so a "Try: …" hint
 * can put a corrected directory or name in front of everything else they asked for.
 */
function otherArguments(argv: readonly string[], program: Command): string[] {
  const takesValue = (token: string) =>
    program.options.some((option) => option.required && (option.long === token || option.short === token));
  const kept: string[] = [];
  let operandSeen = false;
  for (let index = 0; index < argv.length; index++) {
    const token = argv[index]!;
    if (token === '--name') {
      index++; // and its value
    } else if (token.startsWith('--name=')) {
      // dropped
    } else if (token.startsWith('-') && token !== '-') {
      kept.push(token);
      if (takesValue(token) && index + 1 < argv.length) kept.push(argv[++index]!);
    } else if (!operandSeen) {
      operandSeen = true; // the directory
    } else {
      kept.push(token);
    }
  }
  return kept;
}

/** The command to run instead, with a corrected directory and/or name and every other argument kept. */
export function retryCommand(args: Pick<Arguments, 'otherArgs'>, change: { directory?: string; name?: string }): string {
  const parts = [COMMAND_NAME];
  if (change.directory !== undefined) parts.push(shellQuote(change.directory));
  if (change.name !== undefined) parts.push('--name', shellQuote(change.name));
  parts.push(...args.otherArgs.map(shellQuote));
  return parts.join(' ');
}

function templateNamed(name: string): TemplateInfo {
  const template = findTemplate(name);
  if (!template) {
    throw usageError(`Unknown template "${name}".`, `Use one of: ${TEMPLATE_NAMES.join(', ')} (see --list).`);
  }
  return template;
}

function modeNamed(name: string): Mode {
  const mode = findMode(name);
  if (!mode) throw usageError(`Unknown mode "${name}".`, `Use one of: ${MODE_NAMES.join(', ')}.`);
  return mode;
}

function deployTargetNamed(name: string): DeployTarget {
  const target = findDeployTarget(name);
  if (!target) throw usageError(`Unknown deploy target "${name}".`, `Use one of: ${DEPLOY_TARGET_NAMES.join(', ')}.`);
  return target;
}

function packageManagerNamed(name: string): PackageManager {
  const pm = PACKAGE_MANAGERS.find((candidate) => candidate === name);
  if (!pm) throw usageError(`Unknown package manager "${name}".`, `Use one of: ${PACKAGE_MANAGERS.join(', ')}.`);
  return pm;
}
