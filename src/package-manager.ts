import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun';

export const PACKAGE_MANAGERS: readonly PackageManager[] = ['npm', 'pnpm', 'yarn', 'bun'];

/** `npm_config_user_agent` looks like `pnpm/9.1.0 npm/? node/v20.11.0 linux x64`. */
export function packageManagerFromUserAgent(userAgent: string | undefined): PackageManager | undefined {
  const name = userAgent?.split(' ')[0]?.split('/')[0];
  return PACKAGE_MANAGERS.find((pm) => pm === name);
}

/** The commands a generated README, Dockerfile and CI workflow show for one package manager. */
export interface PackageManagerCommands {
  name: PackageManager;
  /** install everything, e.g. `npm install` */
  install: string;
  /** reproducible install from the lockfile, e.g. `npm ci` */
  ci: string;
  /** prefix for a package.json script, e.g. `npm run` (so `{{pm.run}} dev`) */
  run: string;
  /** run a package binary, e.g. `npx` */
  exec: string;
  lockfile: string;
}

export function packageManagerCommands(name: PackageManager): PackageManagerCommands {
  switch (name) {
    case 'npm':
      return { name, install: 'npm install', ci: 'npm ci', run: 'npm run', exec: 'npx', lockfile: 'package-lock.json' };
    case 'pnpm':
      return { name, install: 'pnpm install', ci: 'pnpm install --frozen-lockfile', run: 'pnpm', exec: 'pnpm exec', lockfile: 'pnpm-lock.yaml' };
    case 'yarn':
      return { name, install: 'yarn', ci: 'yarn install --immutable', run: 'yarn', exec: 'yarn', lockfile: 'yarn.lock' };
    case 'bun':
      return { name, install: 'bun install', ci: 'bun install --frozen-lockfile', run: 'bun run', exec: 'bunx', lockfile: 'bun.lock' };
  }
}

/**
 * Whether `command` is an executable on `PATH` (with `PATHEXT` on Windows), checked before
 * anything is written: a missing package manager is bad input (exit 2), not a failed install.
 */
export function isOnPath(command: string, path: string | undefined, pathExt = ''): boolean {
  const extensions = ['', ...pathExt.split(delimiter).filter(Boolean)];
  return (path ?? '')
    .split(delimiter)
    .filter(Boolean)
    .some((dir) => extensions.some((ext) => isExecutable(join(dir, command + ext))));
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** How to get a package manager that is not on PATH. */
export function installHint(pm: PackageManager): string {
  if (pm === 'npm') return 'npm comes with Node: check your Node installation and PATH, or pass --no-install.';
  const get = pm === 'bun' ? 'install it from https://bun.sh' : `run corepack enable ${pm} (Corepack comes with Node)`;
  return `To use ${pm}, ${get}. Or pass --pm npm, or --no-install.`;
}
