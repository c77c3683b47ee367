/**
 * Type-checks and lints a rendered project against the one shared install of the templates'
 * dependencies (`tests/template-deps`, an npm workspace the generator's `npm install` installs):
 * no install per project, no network.
 *
 * Projects are rendered under `.tmp/template-check/<name>/`, beside a `node_modules` link to the
 * workspace's own `node_modules`. Node's and TypeScript's resolution walk up from the project:
 * first that link (where npm keeps the versions that differ from the generator's, e.g. the
 * templates' `@types/node`), then the repository's `node_modules` (everything else, hoisted).
 */
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import type { PlannedFile } from '../../src/plan.js';
import { ROOT } from './cli.js';

export const CHECK_DIR = join(ROOT, '.tmp/template-check');
export const TEMPLATE_DEPS_DIR = join(ROOT, 'tests/template-deps');

/** Writes `files` into a fresh `.tmp/template-check/<name>/` and returns its path. */
export function writeProject(name: string, files: readonly PlannedFile[]): string {
  mkdirSync(CHECK_DIR, { recursive: true });
  rmSync(join(CHECK_DIR, 'node_modules'), { force: true });
  symlinkSync(join(TEMPLATE_DEPS_DIR, 'node_modules'), join(CHECK_DIR, 'node_modules'), 'dir');
  const dir = join(CHECK_DIR, name);
  rmSync(dir, { recursive: true, force: true });
  for (const file of files) {
    mkdirSync(dirname(join(dir, file.path)), { recursive: true });
    writeFileSync(join(dir, file.path), file.contents);
  }
  return dir;
}

export interface CheckResult {
  passed: boolean;
  /** what failed, with the tools' own output */
  output: string;
}

/**
 * `tsc --noEmit` with the project's tsconfig and the TypeScript it depends on, then the project's
 * own `npm run lint` (whatever its package.json says: Biome today, plus any import rules added to
 * it). tsc keeps a build-info file beside the project (content-hashed, so re-rendering identical
 * files reuses it): a re-run re-checks only what changed.
 */
export async function checkProject(dir: string): Promise<CheckResult> {
  const tsc = createRequire(join(dir, 'package.json')).resolve('typescript/bin/tsc');
  const tsBuildInfo = `${dir}.tsbuildinfo`;
  const typecheck = await execa('node', [tsc, '--noEmit', '--incremental', '--tsBuildInfoFile', tsBuildInfo, '-p', dir], {
    cwd: dir,
    reject: false,
    all: true,
  });
  const lint = await execa('npm', ['run', '--silent', 'lint'], {
    cwd: dir,
    reject: false,
    all: true,
    env: { NO_COLOR: '1', FORCE_COLOR: undefined, CI: 'true' },
  });
  const failures = [
    typecheck.exitCode === 0 ? '' : `tsc --noEmit failed (exit ${typecheck.exitCode}):\n${typecheck.all}`,
    lint.exitCode === 0 ? '' : `npm run lint failed (exit ${lint.exitCode}):\n${lint.all}`,
  ].filter(Boolean);
  return { passed: failures.length === 0, output: failures.join('\n\n') };
}
