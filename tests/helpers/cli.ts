/** Runs the built CLI (`bin/create-backend-practice.js` → `dist/`) as a child process. */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, lstatSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(ROOT, 'bin/create-backend-practice.js');

/** A fresh directory under the OS temp dir (outside any git work tree), real path resolved. */
export function tempDir(prefix = 'cbp-test-'): string {
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)));
}

/** An environment with no colour, no package-manager hint and a git config we control. */
export function testEnv(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  const home = tempDir('cbp-home-');
  return {
    ...process.env,
    NO_COLOR: '1',
    FORCE_COLOR: undefined,
    npm_config_user_agent: undefined,
    DEBUG: undefined,
    HOME: home,
    GIT_CONFIG_GLOBAL: join(home, '.gitconfig'),
    GIT_CONFIG_NOSYSTEM: '1',
    // The tests run on Node 20 too; practice mode needs 22.12+ (tests/practice.test.ts tests both).
    CREATE_BACKEND_PRACTICE_TEST_NODE_VERSION: '22.12.0',
    ...extra,
  };
}

export interface CliResult {
  exitCode: number | undefined;
  signal: string | undefined;
  stdout: string;
  stderr: string;
}

export async function runCli(
  args: string[],
  options: { cwd: string; env?: Record<string, string | undefined>; input?: string; /** another bin, e.g. from a packed tarball */ bin?: string },
): Promise<CliResult> {
  const result = await execa(process.execPath, [options.bin ?? BIN, ...args], {
    reject: false,
    cwd: options.cwd,
    env: options.env ?? testEnv(),
    extendEnv: false,
    ...(options.input === undefined ? { stdin: 'ignore' as const } : { input: options.input }),
  });
  return { exitCode: result.exitCode, signal: result.signal, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** A hash of a whole tree: paths, file contents, symlink targets and modes. */
export function hashTree(root: string): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const stats = lstatSync(path);
      hash.update(`${path.slice(root.length)}\0${stats.mode}\0`);
      if (stats.isDirectory()) walk(path);
      else if (stats.isSymbolicLink()) hash.update(readlinkSync(path));
      else hash.update(readFileSync(path));
    }
  };
  walk(root);
  return hash.digest('hex');
}
