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
