/**
 * Interactive questions for what the flags did not say. Loaded only in interactive mode, so
 * `--help`, `--list`, `--dry-run` and `--yes` runs never load prompts.
 */
import prompts from 'prompts';
import { cancelled } from './errors.js';
import { packageNameProblem, toValidPackageName } from './names.js';
import { assertUsableTarget, resolveTarget } from './target.js';
import { DEPLOY_TARGETS, type DeployTarget } from './deploy-targets.js';
import { TEMPLATES, type TemplateInfo } from './templates.js';

export interface Questions {
  directory?: string;
  template?: TemplateInfo;
  deploy?: DeployTarget;
  install?: boolean;
}

export interface Answers {
  directory: string;
  template: TemplateInfo;
  deploy: DeployTarget;
  install: boolean;
}

/** Asks, in contract order (directory, template, deploy target, install), only what `known` lacks. */
export async function askMissing(known: Questions, options: { cwd: string; force: boolean }): Promise<Answers> {
  const answers = await prompts(
    [
      {
        type: known.directory === undefined ? 'text' : null,
        name: 'directory',
        message: 'Where should the project be created?',
        initial: 'my-backend',
        validate: (value: string) => directoryProblem(value.trim(), options) ?? true,
        format: (value: string) => value.trim(),
      },
      {
        type: known.template === undefined ? 'select' : null,
        name: 'template',
        message: 'Which template?',
        choices: TEMPLATES.map((t) => ({ title: t.title, description: t.description, value: t })),
      },
      {
        type: known.deploy === undefined ? 'select' : null,
        name: 'deploy',
        message: 'Deploy on every push to main?',
        choices: DEPLOY_TARGETS.map((t) => ({ title: t.title, description: t.description, value: t })),
      },
      {
        type: known.install === undefined ? 'confirm' : null,
        name: 'install',
        message: 'Install dependencies now?',
        initial: true,
      },
    ],
    {
      onCancel: () => {
        throw cancelled();
      },
    },
  );
  return {
    directory: known.directory ?? answers.directory,
    template: known.template ?? answers.template,
    deploy: known.deploy ?? answers.deploy,
    install: known.install ?? answers.install,
  };
}

/** The same checks as for a directory given as an argument, as a message for the prompt. */
function directoryProblem(directory: string, options: { cwd: string; force: boolean }): string | undefined {
  if (!directory) return 'Enter a directory (or . for the current one)';
  const target = resolveTarget(directory, options.cwd);
  const problem = packageNameProblem(target.name);
  if (problem) return `"${target.name}" is not a valid package name: ${problem}. Try "${toValidPackageName(target.name)}"`;
  try {
    assertUsableTarget(target, options.force);
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
}
