/**
 * Interactive questions for what the flags did not say, and recovery where an answer can fix the
 * input (an invalid name, a non-empty directory). Loaded only in interactive mode, so `--help`,
 * `--list`, `--dry-run` and `--yes` runs never load prompts.
 */
import prompts, { type PromptObject } from 'prompts';
import './prompt-keys.js';
import { CliError, cancelled } from './errors.js';
import { packageNameProblem } from './names.js';
import { type Target, isEmptyDir, listEntries, nameProblem, notEmptyMessage, resolveTarget, withBasename } from './target.js';
import { DEPLOY_TARGETS, type DeployTarget } from './deploy-targets.js';
import { MODES, type Mode, hasTrack } from './modes.js';
import { TEMPLATES, type TemplateInfo } from './templates.js';

export interface Questions {
  template?: TemplateInfo;
  mode?: Mode;
  deploy?: DeployTarget;
  install?: boolean;
}

export interface Answers {
  template: TemplateInfo;
  /** `undefined` when the template has no practice track (nothing to choose) */
  mode?: Mode;
  deploy: DeployTarget;
  install: boolean;
  /** true when the learner builds in another language: write the spec (`spec`), not a project */
  specOnly: boolean;
}

/** Asked with the template: the TypeScript project, or the spec and the check for another language. */
const LANGUAGES = [
  { title: 'TypeScript: the project', description: 'Fastify, PostgreSQL, tests, Docker and CI, ready to run', value: false },
  {
    title: 'Another language: the spec and the check',
    description: 'Python, Go, Java, …: OpenAPI document, user stories, requests.http; `check` tests your server',
    value: true,
  },
];

/** One question at a time; Ctrl-C (or Escape) at any of them cancels the run (exit 130). */
async function ask<T>(question: Omit<PromptObject, 'name'>): Promise<T> {
  const answers = await prompts({ ...question, name: 'value' } as PromptObject, {
    onCancel: () => {
      throw cancelled('Nothing was written.');
    },
  });
  return answers.value as T;
}

/**
 * A prompt's lines must not wrap: prompts erases what it drew by counting lines, and a wrapped
 * line leaves fragments of itself on the screen. Anything longer is cut with an ellipsis.
 */
export function fitLine(text: string, columns = process.stdout.columns || 80): string {
  const room = Math.max(columns - 4, 20); // prompts adds a symbol and a pointer in front
  const chars = [...text];
  return chars.length <= room ? text : `${chars.slice(0, room - 1).join('')}…`;
}

/** The directory prompt; only problems no later question can fix are refused here. */
export async function askDirectory(cwd: string): Promise<string> {
  return ask<string>({
    type: 'text',
    message: 'Where should the project be created?',
    initial: 'my-backend',
    validate: (value: string) => {
      const directory = value.trim();
      if (!directory) return 'Enter a directory (or . for the current one)';
      try {
        listEntries(resolveTarget(directory, cwd).path); // refuses a file
      } catch (error) {
        if (error instanceof CliError) return fitLine(`Not a directory, a file: ${directory}`);
        return fitLine((error as Error).message);
      }
      return true;
    },
    format: (value: string) => value.trim(),
  });
}

/**
 * An invalid package name is not a dead end: offer the suggested name for the directory (and so
 * the package), or keep the directory and take the package name separately (`--name`).
 */
export async function recoverName(target: Target, cwd: string): Promise<Target> {
  const invalid = nameProblem(target);
  if (!invalid) return target;
  const { problem, suggestion } = invalid;
  process.stdout.write(`${fitLine(`"${target.name}" is not a valid package name: ${problem}.`)}\n`);
  const renameDirectory = !target.nameGiven && target.input !== '.' && target.input !== './';
  const choice = await ask<'directory' | 'name'>({
    type: 'select',
    message: 'What should be used instead?',
    choices: [
      ...(renameDirectory ? [{ title: fitLine(`Create it in ${withBasename(target.input, suggestion)} (package name "${suggestion}")`), value: 'directory' }] : []),
      { title: fitLine(`Keep the directory ${target.input}, and choose the package name`), value: 'name' },
    ],
  });
  if (choice === 'directory') return resolveTarget(withBasename(target.input, suggestion), cwd);
  const name = await ask<string>({
    type: 'text',
    message: 'Package name?',
    initial: suggestion,
    validate: (value: string) => {
      const problem = packageNameProblem(value.trim());
      return problem ? fitLine(`Not a valid package name: ${problem}`) : true;
    },
    format: (value: string) => value.trim(),
  });
  return resolveTarget(target.input, cwd, name);
}

/**
 * A non-empty directory without `--force`: cancel, choose another directory, or add the template
 * files (replacing same-named ones). Deleting what is there is never offered.
 * Resolves to 'add' or 'another'; cancelling exits 130.
 */
export async function resolveNonEmpty(target: Target): Promise<'add' | 'another' | undefined> {
  const entries = listEntries(target.path);
  if (!entries || isEmptyDir(entries)) return undefined;
  process.stdout.write(`${fitLine(notEmptyMessage(target, entries).message)}\n`);
  const choice = await ask<'cancel' | 'another' | 'add'>({
    type: 'select',
    message: 'The directory is not empty. What now?',
    choices: [
      { title: 'Cancel', value: 'cancel' },
      { title: 'Choose another directory', value: 'another' },
      { title: 'Add the template files here (same-named files are replaced, nothing is deleted)', value: 'add' },
    ].map((choice) => ({ ...choice, title: fitLine(choice.title) })),
  });
  if (choice === 'cancel') throw cancelled('Nothing was written.');
  return choice;
}

/**
 * Asks, in contract order (template, mode, deploy target, install), only what `known` lacks.
 * The mode is asked only for a template that has a practice track.
 */
export async function askMissing(known: Questions): Promise<Answers> {
  const template =
    known.template ??
    (await ask<TemplateInfo>({
      type: 'select',
      message: 'Which template?',
      choices: TEMPLATES.map((t) => ({ title: t.title, description: fitLine(t.description), value: t })),
    }));
  // Asked only of someone choosing the template here: a template or mode given as a flag means the TypeScript project.
  const specOnly =
    known.template === undefined &&
    known.mode === undefined &&
    (await ask<boolean>({
      type: 'select',
      message: 'Build it in which language?',
      choices: LANGUAGES.map((language) => ({ ...language, description: fitLine(language.description) })),
    }));
  if (specOnly) return { template, deploy: known.deploy ?? DEPLOY_TARGETS[0]!, install: false, specOnly };
  const mode =
    known.mode ??
    (hasTrack(template.name)
      ? await ask<Mode>({
          type: 'select',
          message: 'Build it yourself, or get the finished project?',
          choices: MODES.map((m) => ({ title: m.title, description: fitLine(m.description), value: m.name })),
        })
      : undefined);
  const deploy =
    known.deploy ??
    (await ask<DeployTarget>({
      type: 'select',
      message: 'Deploy on every push to main?',
      choices: DEPLOY_TARGETS.map((t) => ({ title: t.title, description: fitLine(t.description), value: t })),
    }));
  const install = known.install ?? (await ask<boolean>({ type: 'confirm', message: 'Install dependencies now?', initial: true }));
  return { template, mode, deploy, install, specOnly: false };
}
