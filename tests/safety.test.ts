/** "Nothing lost": the contract's safety rules, through the built CLI. */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, hashTree, runCli, tempDir, testEnv } from './helpers/cli.js';

const PAUSE_MID_RENDER = new URL('./helpers/pause-mid-render.mjs', import.meta.url).href;

const GENERATE = ['-t', 'task-api', '--yes', '--no-install', '--no-git'];

/** A directory with user files, a fake `.git`, and a file the template also has. */
function userProject(): string {
  const dir = join(tempDir(), 'existing');
  mkdirSync(join(dir, '.git/objects'), { recursive: true });
  writeFileSync(join(dir, '.git/HEAD'), 'ref: refs/heads/main\n');
  writeFileSync(join(dir, 'notes.txt'), 'mine\n');
  writeFileSync(join(dir, 'package.json'), '{"name":"old"}\n');
  writeFileSync(join(dir, '.env'), 'JWT_SECRET=my-own\n');
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src/mine.ts'), 'export {};\n');
  return dir;
}

describe('a non-empty directory', () => {
  it('without --force: exit 2, lists what is there, and the tree is byte-identical', async () => {
    const dir = userProject();
    const before = hashTree(join(dir, '..'));
    const result = await runCli([dir, ...GENERATE], { cwd: tempDir() });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('is not empty');
    expect(result.stderr).toContain('notes.txt');
    expect(result.stderr).toContain('--force');
    expect(hashTree(join(dir, '..'))).toBe(before);
  });

  it('with --force: template files replace same-named ones; other files, .env and .git are untouched', async () => {
    const dir = userProject();
    const gitBefore = hashTree(join(dir, '.git'));
    const result = await runCli([dir, ...GENERATE, '--force'], { cwd: tempDir() });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Keeping the existing .env');
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name).toBe('existing');
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine\n');
    expect(readFileSync(join(dir, 'src/mine.ts'), 'utf8')).toBe('export {};\n');
    expect(readFileSync(join(dir, '.env'), 'utf8')).toBe('JWT_SECRET=my-own\n');
    expect(existsSync(join(dir, '.gitignore'))).toBe(true);
    expect(hashTree(join(dir, '.git'))).toBe(gitBefore);
    expect(readdirSync(join(dir, '..'))).toEqual(['existing']); // no staging directory left
  });

  it.each([
    ['task-api', 'ecommerce'],
    ['ecommerce', 'external-api'],
    ['external-api', 'task-api'],
  ])('with --force over a %s project, generating %s is refused (exit 2): the two would mix', async (first, second) => {
    const cwd = tempDir();
    expect((await runCli(['proj', '-t', first, '--yes', '--no-install', '--no-git'], { cwd })).exitCode).toBe(0);
    const before = hashTree(cwd);
    const result = await runCli(['proj', '-t', second, '--yes', '--no-install', '--no-git', '--force'], { cwd });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`holds a ${first} project`);
    expect(result.stderr).toContain(`adding the ${second} template to it would mix the two`);
    expect(hashTree(cwd)).toBe(before);
    // The same template again is what --force is for: it replaces its own files.
    expect((await runCli(['proj', '-t', first, '--yes', '--no-install', '--no-git', '--force'], { cwd })).exitCode).toBe(0);
  });

  it('holding only .git counts as empty', async () => {
    const dir = join(tempDir(), 'with-git');
    mkdirSync(join(dir, '.git'), { recursive: true });
    const result = await runCli([dir, ...GENERATE], { cwd: tempDir() });
    expect(result.exitCode).toBe(0);
    expect(existsSync(join(dir, 'package.json'))).toBe(true);
  });

  it('a file where the directory should be is exit 2', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'taken'), 'x');
    const result = await runCli(['taken', ...GENERATE], { cwd });
    expect(result.exitCode).toBe(2);
    expect(readFileSync(join(cwd, 'taken'), 'utf8')).toBe('x');
  });

  it('a failure while moving into place puts every replaced file back (exit 1)', async () => {
    const dir = userProject();
    // The template has a file where this directory is: the move fails late and must undo.
    rmSync(join(dir, 'package.json'));
    mkdirSync(join(dir, 'package.json'));
    writeFileSync(join(dir, 'package.json/keep'), 'x');
    const before = hashTree(join(dir, '..'));
    const result = await runCli([dir, ...GENERATE, '--force'], { cwd: tempDir() });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('package.json is a directory');
    expect(hashTree(join(dir, '..'))).toBe(before);
  });
});

describe('the directory argument', () => {
  it('"." generates into the current directory, named after it, without a cd step', async () => {
    const cwd = join(tempDir(), 'here-api');
    mkdirSync(cwd);
    const result = await runCli(['.', ...GENERATE], { cwd });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8')).name).toBe('here-api');
    expect(result.stdout).not.toContain('cd ');
    expect(result.stdout).toMatch(/1\. npm install/);
  });

  it('a path with spaces works, its basename is the name, and the cd step is quoted', async () => {
    const cwd = tempDir();
    const result = await runCli(['my projects/space-api', ...GENERATE], { cwd });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(readFileSync(join(cwd, 'my projects/space-api/package.json'), 'utf8')).name).toBe('space-api');
    expect(result.stdout).toContain('cd "my projects/space-api"');
  });

  it('an absolute path works', async () => {
    const dir = join(tempDir(), 'abs-api');
    const result = await runCli([dir, ...GENERATE], { cwd: tempDir() });
    expect(result.exitCode).toBe(0);
    expect(existsSync(join(dir, 'package.json'))).toBe(true);
  });
});

describe('SIGINT while rendering', () => {
  /**
   * Starts the CLI with a preload that pauses it mid-render (tests/helpers/pause-mid-render.mjs),
   * sends SIGINT once it is paused, then lets it go on.
   */
  function interruptMidRender(args: string[], cwd: string) {
    const release = join(tempDir('cbp-release-'), 'go');
    return new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn('node', ['--import', PAUSE_MID_RENDER, BIN, ...args], { cwd, env: testEnv({ PAUSE_MID_RENDER_UNTIL: release }) as NodeJS.ProcessEnv });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk;
        if (stderr.includes('paused mid-render') && !existsSync(release)) {
          child.kill('SIGINT');
          writeFileSync(release, '');
        }
      });
      child.on('close', (code) => resolve({ code, stderr }));
    });
  }

  it('exits 130 and leaves nothing behind (new directory, nested parents, staging dir)', async () => {
    const cwd = tempDir();
    const { code, stderr } = await interruptMidRender(['a/b/new-api', ...GENERATE], cwd);
    expect(code).toBe(130);
    expect(stderr).toContain('Cancelled');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('exits 130 and leaves an existing directory byte-identical (--force)', async () => {
    const dir = userProject();
    const before = hashTree(join(dir, '..'));
    const { code } = await interruptMidRender([dir, ...GENERATE, '--force'], tempDir());
    expect(code).toBe(130);
    expect(hashTree(join(dir, '..'))).toBe(before);
  });
});
