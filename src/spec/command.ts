/**
 * `create-backend-practice spec <template> [--out <dir>]`: what a learner in another language
 * builds against. Three files, each from one source:
 * - openapi.json: the document the generated server serves at /openapi.json, committed under
 *   templates/<template>/spec/ and proven equal to the served one by the pipeline (scripts/verify);
 * - stories.md: the user stories, from the very checks `check` runs;
 * - requests.http: the generated project's own requests.http, rendered for this template.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { Command, CommanderError } from 'commander';
import { COMMAND_NAME } from '../cli.js';
import { usageError, workError } from '../errors.js';
import { print, success } from '../output.js';
import { findTemplate, TEMPLATE_NAMES, type TemplateInfo } from '../templates.js';
import { storiesMarkdown } from './stories-markdown.js';

export const SPEC_FILES = ['openapi.json', 'stories.md', 'requests.http'] as const;

function parseSpecArguments(argv: string[]): { template: TemplateInfo; out?: string; force: boolean } | undefined {
  const program = new Command(`${COMMAND_NAME} spec`)
    .description('Write the language-neutral spec of a template: OpenAPI document, user stories, requests.http.')
    .usage('<template> [--out <dir>]')
    .argument('<template>', `${TEMPLATE_NAMES.join(', ')}`)
    .option('--out <dir>', 'where to write the files (default: ./<template>-spec)')
    .option('--force', 'replace spec files that are already there (nothing else is touched)')
    .helpOption('-h, --help', 'show this help')
    .exitOverride()
    .configureOutput({ outputError: () => {} });
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.code === 'commander.helpDisplayed') return undefined;
    throw usageError(error.message.replace(/^error: /, ''), `See ${COMMAND_NAME} spec --help`);
  }
  const flags = program.opts<{ out?: string; force?: boolean }>();
  const template = findTemplate(program.args[0]!);
  if (!template) throw usageError(`Unknown template "${program.args[0]}".`, `Use one of: ${TEMPLATE_NAMES.join(', ')}.`);
  return { template, out: flags.out, force: flags.force ?? false };
}

/** The three files of a template's spec, in memory. */
export async function specFiles(template: TemplateInfo): Promise<Record<(typeof SPEC_FILES)[number], string>> {
  const [{ TEMPLATES_DIR, loadLayers, loadVersions }, { planProject }, { packageManagerCommands }, { suiteOf }] = await Promise.all([
    import('../layers.js'),
    import('../plan.js'),
    import('../package-manager.js'),
    import('../check/suites.js'),
  ]);
  const documentPath = join(TEMPLATES_DIR, template.name, 'spec/openapi.json');
  if (!existsSync(documentPath)) throw workError(`The OpenAPI document of ${template.name} is missing (${documentPath}).`, 'This is a packaging bug.');
  const files = planProject(
    { projectName: template.name, template, pm: packageManagerCommands('npm'), versions: await loadVersions(), newSecret: () => randomBytes(32).toString('base64url') },
    await loadLayers(template.layers),
  );
  const requests = files.find((file) => file.path === 'requests.http');
  if (!requests) throw workError(`${template.name} has no requests.http.`, 'This is a bug in the template.');
  return {
    'openapi.json': readFileSync(documentPath, 'utf8'),
    'stories.md': await (async () => {
      const suite = await suiteOf(template.name);
      return storiesMarkdown(template, suite.stories(), suite.stages, JSON.parse(readFileSync(documentPath, 'utf8')));
    })(),
    'requests.http': requests.contents.toString('utf8').replace('`npm run dev` must be running', 'your server must be running'),
  };
}

export async function runSpec(argv: string[], cwd: string): Promise<number> {
  const args = parseSpecArguments(argv);
  if (!args) return 0;
  await writeSpec(args.template, resolve(cwd, args.out ?? `${args.template.name}-spec`), { force: args.force, cwd });
  return 0;
}

/** Writes the three files into `dir` and says what to do next. */
export async function writeSpec(template: TemplateInfo, dir: string, options: { force: boolean; cwd: string }): Promise<void> {
  const files = await specFiles(template);
  // Nothing lost: a spec file already there (maybe with the learner's notes) is replaced only with --force.
  const taken = SPEC_FILES.filter((name) => existsSync(join(dir, name)) && readFileSync(join(dir, name), 'utf8') !== files[name]);
  if (taken.length > 0 && !options.force) {
    throw usageError(`${relative(options.cwd, dir) || '.'} already has ${taken.join(', ')}, with other contents.`, 'Pass --force to replace them, or choose another --out.');
  }
  try {
    await mkdir(dir, { recursive: true });
    for (const name of SPEC_FILES) await writeFile(join(dir, name), files[name]);
  } catch (error) {
    throw workError(`Could not write the spec to ${dir}: ${(error as Error).message}.`);
  }
  success(`Wrote the ${template.name} spec to ${dir}`);
  print('  openapi.json   every request and response (OpenAPI 3.1)');
  print('  stories.md     user stories with acceptance criteria');
  print('  requests.http  an example of every endpoint, in order');
  print('');
  print('Build it in any language, then check your server against it:');
  print(`  npx ${COMMAND_NAME} check ${template.name} --base-url http://localhost:3000`);
}
