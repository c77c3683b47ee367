// Minimal first cut of the CLI so template layers can be rendered while the full command
// (prompts, safety checks, install, git, dry-run) is being built. See docs/ARCHITECTURE.md.
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Command } from 'commander';
import { loadLayers, loadVersions } from './layers.js';
import { packageManagerCommands } from './package-manager.js';
import { planProject } from './plan.js';
import { findTemplate } from './templates.js';

const program = new Command('create-backend-practice')
  .argument('[directory]')
  .option('-t, --template <name>')
  .option('-y, --yes')
  .option('--no-install')
  .option('--no-git')
  .parse();

const [directory = 'my-backend'] = program.args;
const { template: templateName } = program.opts<{ template: string }>();
const template = findTemplate(templateName);
if (!template) throw new Error(`unknown template ${templateName}`);
const target = resolve(directory);
const files = planProject(
  {
    projectName: basename(target),
    template,
    pm: packageManagerCommands('npm'),
    versions: await loadVersions(),
    newSecret: () => randomBytes(32).toString('base64url'),
  },
  await loadLayers(template.layers),
);
for (const file of files) {
  await mkdir(dirname(join(target, file.path)), { recursive: true });
  await writeFile(join(target, file.path), file.contents);
}
console.log(`wrote ${files.length} files to ${target}`);
