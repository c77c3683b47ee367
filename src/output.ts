/** Everything the command prints. Colours follow NO_COLOR / FORCE_COLOR (kleur reads them). */
import { bold, cyan, dim, green, red, yellow } from 'kleur/colors';
import { type DeployTarget, NO_DEPLOY } from './deploy-targets.js';
import { type Mode, hasTrack } from './modes.js';
import type { PlannedFile } from './plan.js';
import type { PackageManagerCommands } from './package-manager.js';
import { TEMPLATES, type TemplateInfo } from './templates.js';

export const print = (line = '') => process.stdout.write(`${line}\n`);
/** Notes go to stderr when stdout carries JSON. */
export const note = (line: string, json = false) => (json ? process.stderr.write(`${line}\n`) : print(line));

export function printError(message: string, hint?: string): void {
  process.stderr.write(`${red(`✖ ${message}`)}\n`);
  if (hint) process.stderr.write(`${dim(hint)}\n`);
}

export const success = (line: string) => print(`${green('✔')} ${line}`);
export const warning = (line: string, json = false) => note(`${yellow('!')} ${line}`, json);

export function printTemplateList(json: boolean): void {
  if (json) {
    const list = TEMPLATES.map(({ name, title, description }) => {
      const track = hasTrack(name);
      return { name, title, description, practiceTrack: track, modes: track ? ['practice', 'complete'] : ['complete'] };
    });
    print(JSON.stringify(list, null, 2));
    return;
  }
  const width = Math.max(...TEMPLATES.map((t) => t.name.length)) + 2;
  for (const t of TEMPLATES) {
    const modes = hasTrack(t.name) ? 'practice (default) or complete' : 'complete only (practice track coming)';
    print(`${cyan(t.name.padEnd(width))}${t.title}: ${t.description} ${dim(`[${modes}]`)}`);
  }
}

export interface Step {
  name: 'write' | 'install' | 'git';
  command: string;
  /** whether the step will run (a dry run checks the conditions, e.g. git's) */
  runs: boolean;
  /** why it will not */
  skipped?: string;
}

export interface PlanSummary {
  directory: string;
  projectName: string;
  template: TemplateInfo;
  mode: Mode;
  deploy: DeployTarget;
  packageManager: PackageManagerCommands;
  files: readonly PlannedFile[];
  /** files that already exist in the target and would be replaced (`--force`) */
  replaces: readonly string[];
  steps: readonly Step[];
}

export function printPlan(plan: PlanSummary, json: boolean): void {
  if (json) {
    print(
      JSON.stringify(
        {
          directory: plan.directory,
          projectName: plan.projectName,
          template: plan.template.name,
          mode: plan.mode,
          deploy: plan.deploy.name,
          packageManager: plan.packageManager.name,
          files: plan.files.map((f) => ({ path: f.path, bytes: f.contents.length, layer: f.layer, replaces: plan.replaces.includes(f.path) })),
          steps: plan.steps,
        },
        null,
        2,
      ),
    );
    return;
  }
  print(`${bold('Dry run')}: nothing is written and nothing runs.`);
  print();
  print(`Project ${bold(plan.projectName)} from template ${cyan(plan.template.name)} in ${plan.directory}`);
  print(
    plan.mode === 'practice'
      ? `Mode ${cyan('practice')}: you build the features, one exercise at a time (${plan.packageManager.run} practice)`
      : `Mode ${cyan('complete')}: the finished reference project`,
  );
  if (plan.deploy !== NO_DEPLOY) print(`Deploys to ${cyan(plan.deploy.title)} from CI on every push to main`);
  print();
  print(`Files (${plan.files.length}):`);
  const width = Math.max(...plan.files.map((f) => f.path.length)) + 2;
  for (const f of plan.files) {
    const replaced = plan.replaces.includes(f.path) ? yellow(' (replaces existing file)') : '';
    print(`  ${f.path.padEnd(width)}${dim(`${f.contents.length} B  ${f.layer}`)}${replaced}`);
  }
  print();
  print('Steps:');
  plan.steps.forEach((step, index) => print(`  ${index + 1}. ${step.command}${step.runs ? '' : yellow(`  (skipped: ${step.skipped})`)}`));
}

export function printNextSteps(steps: readonly string[]): void {
  print();
  print(bold('Next steps:'));
  steps.forEach((step, index) => print(`  ${index + 1}. ${cyan(step)}`));
}
