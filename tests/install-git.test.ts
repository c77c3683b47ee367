/** Install and git run after the files are in place; their failures never remove the project. */
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execaSync } from 'execa';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, testEnv } from './helpers/cli.js';

const GIT_DIR = dirname(execaSync('sh', ['-c', 'command -v git']).stdout);
const SH_DIR = dirname(execaSync('sh', ['-c', 'command -v sh']).stdout);

/** A directory holding fake package-manager executables, for a fast and offline install step. */
function fakeBin(scripts: Record<string, string>): string {
  const dir = tempDir('cbp-bin-');
  for (const [name, body] of Object.entries(scripts)) {
    writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  }
  return dir;
}

const pathOf = (...dirs: string[]) => [...new Set(dirs)].join(':');
const gitIdentity = (home: string) => writeFileSync(join(home, '.gitconfig'), '[user]\n\tname = Test User\n\temail = test@example.com\n');

describe('install', () => {
  it('runs the chosen package manager in the project and reports the time', async () => {
    const bin = fakeBin({ pnpm: 'echo "$@" > pnpm-args.txt; echo "lockfileVersion: 9" > pnpm-lock.yaml' });
    const cwd = tempDir();
    const result = await runCli(['inst-api', '-t', 'task-api', '--mode', 'complete', '--yes', '--no-git', '--pm', 'pnpm'], { cwd, env: testEnv({ PATH: pathOf(bin, SH_DIR) }) });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/Installed dependencies with pnpm in \d+\.\ds/);
    expect(existsSync(join(cwd, 'inst-api/pnpm-lock.yaml'))).toBe(true);
    expect(result.stdout).toMatch(/1\. cd inst-api\n {2}2\. pnpm dev/);
  });

  it('detects the package manager from npm_config_user_agent', async () => {
    const bin = fakeBin({ pnpm: 'true' });
    const result = await runCli(['ua-api', '-t', 'task-api', '--yes', '--no-git'], {
      cwd: tempDir(),
      env: testEnv({ PATH: pathOf(bin, SH_DIR), npm_config_user_agent: 'pnpm/9.12.0 npm/? node/v22.0.0 linux x64' }),
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Installed dependencies with pnpm');
  });

  it('a failing install keeps the project, shows its output and the retry command, exit 1', async () => {
    const bin = fakeBin({ npm: 'echo "npm ERR! network unreachable" >&2; exit 1' });
    const cwd = tempDir();
    const result = await runCli(['fail-api', '-t', 'task-api', '--yes', '--no-git'], { cwd, env: testEnv({ PATH: pathOf(bin, SH_DIR) }) });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('npm ERR! network unreachable');
    expect(result.stderr).toContain('Installing dependencies failed');
    expect(result.stderr).toContain('To finish by hand: cd fail-api && npm install');
    expect(existsSync(join(cwd, 'fail-api/package.json'))).toBe(true);
  });

  it.each([
    ['pnpm', /corepack enable pnpm/],
    ['yarn', /corepack enable yarn/],
    ['bun', /bun\.sh/],
  ])('%s missing from PATH is exit 2 before anything is written, with the way out', async (pm, wayOut) => {
    const cwd = tempDir();
    const result = await runCli(['nopm-api', '-t', 'task-api', '--yes', '--no-git', '--pm', pm], { cwd, env: testEnv({ PATH: pathOf(GIT_DIR, SH_DIR) }) });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`${pm} is not on PATH`);
    expect(result.stderr).toMatch(wayOut);
    expect(result.stderr).toContain('--pm npm');
    expect(readdirSync(cwd)).toEqual([]);
    // --dry-run predicts the same refusal; --no-install needs no package manager at all.
    const dry = await runCli(['nopm-api', '-t', 'task-api', '--dry-run', '--pm', pm], { cwd, env: testEnv({ PATH: pathOf(GIT_DIR, SH_DIR) }) });
    expect(dry.exitCode).toBe(2);
    const noInstall = await runCli(['nopm-api', '-t', 'task-api', '--yes', '--no-git', '--no-install', '--pm', pm], { cwd, env: testEnv({ PATH: pathOf(GIT_DIR, SH_DIR) }) });
    expect(noInstall.exitCode).toBe(0);
  });

  it('yarn and bun get a note that they are not fully supported yet', async () => {
    const result = await runCli(['y-api', '-t', 'task-api', '--yes', '--no-install', '--no-git', '--pm', 'yarn'], { cwd: tempDir() });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('yarn is not fully supported yet');
    expect(result.stdout).toMatch(/2\. yarn\n/);
  });
});

describe('git', () => {
  it('with an identity: a repository on main with one commit, .env not committed', async () => {
    const env = testEnv({ PATH: pathOf(GIT_DIR, SH_DIR) });
    gitIdentity(env.HOME!);
    const cwd = tempDir();
    const result = await runCli(['git-api', '-t', 'task-api', '--yes', '--no-install'], { cwd, env });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Created a git repository');
    const git = (...args: string[]) => execaSync('git', args, { cwd: join(cwd, 'git-api'), env, extendEnv: false }).stdout;
    expect(git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
    expect(git('rev-list', '--count', 'HEAD')).toBe('1');
    expect(git('status', '--porcelain')).toBe('');
    const tracked = git('ls-files').split('\n');
    expect(tracked).toContain('.env.example');
    expect(tracked).not.toContain('.env');
  });

  it('without an identity: skipped with the reason and the commands, exit 0', async () => {
    const cwd = tempDir();
    const result = await runCli(['noid-api', '-t', 'task-api', '--yes', '--no-install'], { cwd, env: testEnv({ PATH: pathOf(GIT_DIR, SH_DIR), EMAIL: undefined }) });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Skipped git: no git identity is configured');
    expect(result.stdout).toContain('git init -b main');
    expect(existsSync(join(cwd, 'noid-api/.git'))).toBe(false);
  });

  it('inside an existing work tree: skipped, no nested repository', async () => {
    const env = testEnv({ PATH: pathOf(GIT_DIR, SH_DIR) });
    gitIdentity(env.HOME!);
    const cwd = tempDir();
    execaSync('git', ['init', '-q'], { cwd, env, extendEnv: false });
    const result = await runCli(['nested-api', '-t', 'task-api', '--yes', '--no-install'], { cwd, env });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('already inside the git work tree');
    expect(existsSync(join(cwd, 'nested-api/.git'))).toBe(false);
  });

  it('git not on PATH: skipped, exit 0', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'empty-bin'));
    const result = await runCli(['nogit-api', '-t', 'task-api', '--yes', '--no-install'], { cwd, env: testEnv({ PATH: join(cwd, 'empty-bin') }) });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Skipped git: git is not on PATH');
  });
});

describe('--dry-run says which conditional steps will really run', () => {
  const dryRun = async (cwd: string, env: Record<string, string | undefined>, dir = 'dry-api') => {
    const result = await runCli([dir, '-t', 'task-api', '--dry-run', '--json'], { cwd, env });
    expect(result.exitCode).toBe(0);
    expect(readdirSync(cwd).filter((entry) => entry !== '.git')).toEqual([]);
    return JSON.parse(result.stdout).steps as { name: string; runs: boolean; skipped?: string }[];
  };
  const npmBin = fakeBin({ npm: 'exit 0' });

  it('git runs: git on PATH, outside any work tree, with an identity', async () => {
    const env = testEnv({ PATH: pathOf(npmBin, GIT_DIR, SH_DIR) });
    gitIdentity(env.HOME!);
    const steps = await dryRun(tempDir(), env);
    expect(steps.map((step) => [step.name, step.runs])).toEqual([['write', true], ['install', true], ['git', true]]);
  });

  it('git is skipped, with the reason: inside a work tree, no identity, not on PATH', async () => {
    const inside = testEnv({ PATH: pathOf(npmBin, GIT_DIR, SH_DIR) });
    gitIdentity(inside.HOME!);
    const repo = tempDir();
    execaSync('git', ['init', '-q'], { cwd: repo, env: inside, extendEnv: false });
    expect((await dryRun(repo, inside, 'deep/er/api')).at(-1)).toMatchObject({ name: 'git', runs: false, skipped: expect.stringContaining('already inside the git work tree') });

    const noIdentity = testEnv({ PATH: pathOf(npmBin, GIT_DIR, SH_DIR), EMAIL: undefined });
    expect((await dryRun(tempDir(), noIdentity)).at(-1)).toMatchObject({ runs: false, skipped: 'no git identity is configured' });

    const noGit = testEnv({ PATH: npmBin }); // a dry run executes no package manager, so no shell is needed
    expect((await dryRun(tempDir(), noGit)).at(-1)).toMatchObject({ runs: false, skipped: 'git is not on PATH' });
  });

  it('the readable plan marks a skipped step', async () => {
    const env = testEnv({ PATH: pathOf(npmBin, GIT_DIR, SH_DIR), EMAIL: undefined });
    const result = await runCli(['dry-api', '-t', 'task-api', '--dry-run'], { cwd: tempDir(), env });
    expect(result.stdout).toMatch(/3\. git init -b main .*\(skipped: no git identity is configured\)/);
  });
});
