/** Command-line arguments → `Arguments`. Knows nothing about the disk, prompts or templates' files. */
import { Command, CommanderError, Option } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { usageError } from './errors.js';
import { PACKAGE_MANAGERS, type PackageManager } from './package-manager.js';
import { DEPLOY_TARGET_NAMES, DEPLOY_TARGETS, type DeployTarget, findDeployTarget } from './deploy-targets.js';
import { TEMPLATE_NAMES, TEMPLATES, findTemplate, type TemplateInfo } from './templates.js';

export interface Arguments {
  directory?: string;
  template?: TemplateInfo;
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
}

export const COMMAND_NAME = 'create-backend-practice';

function createProgram(): Command {
  return new Command(COMMAND_NAME)
    .description(packageJson.description)
    .usage('[directory] [options]')
    .argument('[directory]', 'where to create the project; its basename becomes the package name')
    .option('-t, --template <name>', `template: ${TEMPLATE_NAMES.join(', ')}`)
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
    .addHelpText(
      'after',
      [
        '',
        'Templates:',
        ...TEMPLATES.map((t) => `  ${t.name.padEnd(14)}${t.description}`),
        '',
        'Deploy targets (--deploy):',
        ...DEPLOY_TARGETS.map((t) => `  ${t.name.padEnd(14)}${t.description}`),
        '',
        'Exit codes: 0 success, 1 the work failed, 2 bad usage or input (nothing written), 130 cancelled.',
        '',
        'Examples:',
        `  npm create backend-practice@latest my-api -- --template task-api`,
        `  npx ${COMMAND_NAME} . --template external-api --pm pnpm --no-git`,
      ].join('\n'),
    )
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: () => {} });
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
    throw usageError(error.message.replace(/^error: /, ''), `See ${COMMAND_NAME} --help`);
  }
  const options = program.opts<{
    template?: string;
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
    template: options.template === undefined ? undefined : templateNamed(options.template),
    deploy: options.deploy === undefined ? undefined : deployTargetNamed(options.deploy),
    pm: options.pm === undefined ? undefined : packageManagerNamed(options.pm),
    install: program.getOptionValueSource('install') === 'cli' ? options.install : undefined,
    git: options.git,
    yes: options.yes ?? false,
    force: options.force ?? false,
    dryRun: options.dryRun ?? false,
    list: options.list ?? false,
    json: options.json ?? false,
  };
  if (args.json && !args.list && !args.dryRun) throw usageError('--json works only with --list or --dry-run.');
  return args;
}

function templateNamed(name: string): TemplateInfo {
  const template = findTemplate(name);
  if (!template) {
    throw usageError(`Unknown template "${name}".`, `Use one of: ${TEMPLATE_NAMES.join(', ')} (see --list).`);
  }
  return template;
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
