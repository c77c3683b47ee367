/**
 * `npm run template-deps`: after a change to templates/versions.json, copies it into
 * tests/template-deps/package.json (the workspace that installs the templates' dependencies once
 * for `npm test`) and updates package-lock.json. tests/template-check.test.ts fails until then.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { execa } from 'execa';

const ROOT = new URL('../', import.meta.url);
const workspaceFile = new URL('tests/template-deps/package.json', ROOT);
const workspace = JSON.parse(readFileSync(workspaceFile, 'utf8'));
workspace.dependencies = JSON.parse(readFileSync(new URL('templates/versions.json', ROOT), 'utf8'));
writeFileSync(workspaceFile, `${JSON.stringify(workspace, null, 2)}\n`);
await execa('npm', ['install', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit' });
