/**
 * Template authors' loop: render a template over a development directory, keeping its
 * node_modules, so a change to a layer can be tried in seconds:
 *   npx tsx scripts/render-template.ts task-api /tmp/dev-task-api && (cd /tmp/dev-task-api && npm test)
 * It writes template files only (like `--force`) and keeps the directory's existing `.env`.
 * Users never run this; they run the CLI.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { loadLayers, loadVersions } from '../src/layers.js';
import { packageManagerCommands } from '../src/package-manager.js';
import { planProject } from '../src/plan.js';
import { findTemplate } from '../src/templates.js';

const [templateName = '', directory = ''] = process.argv.slice(2);
const template = findTemplate(templateName);
if (!template || !directory) {
  console.error('usage: tsx scripts/render-template.ts <template> <directory>');
  process.exit(2);
}
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
  const path = join(target, file.path);
  if (file.path === '.env' && existsSync(path)) continue;
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, file.contents);
}
console.log(`rendered ${files.length} files of ${template.name} into ${target}`);
