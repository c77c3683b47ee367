/**
 * Interactive mode in a real terminal (tmux): line editing, recovery from an invalid name or a
 * non-empty directory, and what stays on the screen after prompts redraw.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hashTree, tempDir } from './helpers/cli.js';
import { type Terminal, openTerminal } from './helpers/terminal.js';

const FLAGS = ['-t', 'task-api', '--mode', 'complete', '--deploy', 'none', '--no-install', '--no-git'];
let terminal: Terminal | undefined;
afterEach(async () => {
  await terminal?.close();
  terminal = undefined;
});

async function open(args: string[], cwd: string, columns = 100): Promise<Terminal> {
  terminal = await openTerminal(args, { cwd, columns });
  return terminal;
}

const packageName = (dir: string) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name;

describe.runIf(process.platform !== 'win32')('interactive mode in a terminal (tmux)', () => {
  it('Ctrl-U erases the typed directory instead of inserting a control character; Ctrl-W erases a word', async () => {
    const cwd = tempDir();
    const term = await open(FLAGS, cwd);
    await term.waitFor('Where should the project be created?');
    await term.type('junk text');
    await term.keys('C-u');
    await term.type('one two');
    await term.keys('C-w', 'BSpace');
    await term.type('-api');
    await term.keys('Enter');
    expect(await term.exitCode()).toBe(0);
    expect(readdirSync(cwd)).toEqual(['one-api']);
    expect(packageName(join(cwd, 'one-api'))).toBe('one-api');
  });

  it('an invalid directory argument offers the suggested name instead of exiting', async () => {
    const cwd = tempDir();
    const term = await open(['Bad Name', ...FLAGS], cwd);
    await term.waitFor('"Bad Name" is not a valid package name: it contains spaces.');
    await term.waitFor('Create it in bad-name (package name "bad-name")');
    await term.keys('Enter');
    expect(await term.exitCode()).toBe(0);
    expect(readdirSync(cwd)).toEqual(['bad-name']);
    expect(packageName(join(cwd, 'bad-name'))).toBe('bad-name');
  });

  it('an invalid name typed at the prompt can keep its directory and take the package name separately', async () => {
    const cwd = tempDir();
    const term = await open(FLAGS, cwd);
    await term.waitFor('Where should the project be created?');
    await term.type('My Shop');
    await term.keys('Enter');
    await term.waitFor('Keep the directory My Shop, and choose the package name');
    await term.keys('Down', 'Enter');
    await term.waitFor('Package name?');
    await term.keys('Enter'); // the suggested name is the default
    expect(await term.exitCode()).toBe(0);
    expect(readdirSync(cwd)).toEqual(['My Shop']);
    expect(packageName(join(cwd, 'My Shop'))).toBe('my-shop');
  });

  it('"." in a directory whose name is not a valid package name asks for the package name', async () => {
    const cwd = join(tempDir(), 'Weather Service');
    mkdirSync(cwd);
    const term = await open(['.', ...FLAGS], cwd);
    await term.waitFor('Keep the directory ., and choose the package name');
    await term.keys('Enter');
    await term.waitFor('Package name?');
    await term.keys('C-u');
    await term.type('weather');
    await term.keys('Enter');
    expect(await term.exitCode()).toBe(0);
    expect(packageName(cwd)).toBe('weather');
  });

  describe('a non-empty directory', () => {
    const nonEmpty = () => {
      const cwd = tempDir();
      mkdirSync(join(cwd, 'shop'));
      writeFileSync(join(cwd, 'shop', 'notes.txt'), 'mine\n');
      writeFileSync(join(cwd, 'shop', 'README.md'), 'my readme\n');
      return cwd;
    };

    it('offers cancel first: exit 130, nothing changed', async () => {
      const cwd = nonEmpty();
      const before = hashTree(cwd);
      const term = await open(['shop', ...FLAGS], cwd);
      await term.waitFor('shop is not empty: README.md, notes.txt');
      await term.waitFor('Cancel');
      await term.keys('Enter');
      expect(await term.exitCode()).toBe(130);
      expect(hashTree(cwd)).toBe(before);
    });

    it('or another directory', async () => {
      const cwd = nonEmpty();
      const term = await open(['shop', ...FLAGS], cwd);
      await term.waitFor('Choose another directory');
      await term.keys('Down', 'Enter');
      await term.waitFor('Where should the project be created?');
      await term.keys('C-u');
      await term.type('shop-2');
      await term.keys('Enter');
      expect(await term.exitCode()).toBe(0);
      expect(readdirSync(cwd).sort()).toEqual(['shop', 'shop-2']);
      expect(readdirSync(join(cwd, 'shop')).sort()).toEqual(['README.md', 'notes.txt']);
    });

    it('or adding the template files: same-named files replaced, nothing else touched, nothing deleted', async () => {
      const cwd = nonEmpty();
      const term = await open(['shop', ...FLAGS], cwd);
      await term.waitFor('Add the template files here');
      await term.keys('Down', 'Down', 'Enter');
      expect(await term.exitCode()).toBe(0);
      expect(readFileSync(join(cwd, 'shop', 'notes.txt'), 'utf8')).toBe('mine\n');
      expect(readFileSync(join(cwd, 'shop', 'README.md'), 'utf8')).not.toBe('my readme\n');
      expect(existsSync(join(cwd, 'shop', 'package.json'))).toBe(true);
    });
  });

  it('a validation message longer than the terminal leaves no fragment when it is redrawn (100 and 60 columns)', async () => {
    for (const columns of [100, 60]) {
      const cwd = tempDir();
      const file = `${'z'.repeat(70)}.txt`;
      writeFileSync(join(cwd, file), '');
      const term = await open(['-t', 'task-api', '--mode', 'complete', '--no-install', '--no-git'], cwd, columns);
      await term.waitFor('Where should the project be created?');
      await term.type(file);
      await term.keys('Enter');
      await term.waitFor('Not a directory, a file:');
      await term.keys('C-u');
      await term.type('fine-api');
      await term.keys('Enter');
      await term.waitFor('Deploy on every push to main?');
      await term.keys('Enter');
      const screen = await term.waitFor('Next steps:');
      expect(await term.exitCode()).toBe(0);
      expect(screen).not.toContain('zzz');
      expect(screen).not.toContain('Not a directory');
      await term.close();
    }
  });

  it('choices with descriptions fit a narrow terminal and leave nothing behind', async () => {
    const cwd = tempDir();
    const term = await open(['narrow-api', '--no-install', '--no-git'], cwd, 50);
    await term.waitFor('Which template?');
    await term.keys('Down', 'Down', 'Up', 'Enter');
    await term.waitFor('Build it in which language?');
    await term.keys('Down', 'Up', 'Enter');
    // ecommerce has a practice track: the mode, with its descriptions too (the finished project here).
    await term.waitFor('Build it yourself, or get the finished project?');
    await term.keys('Down', 'Enter');
    await term.waitFor('Deploy on every push to main?');
    await term.keys('Down', 'Up', 'Enter');
    const screen = await term.waitFor('Next steps:');
    expect(await term.exitCode()).toBe(0);
    for (const line of screen.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(50);
    for (const description of ['Users, JWT', 'Catalogue, cart', 'Weather over', 'Fastify, PostgreSQL', 'Python, Go', 'CI tests and', 'fly.toml +']) expect(screen).not.toContain(description);
  });

  it('--help fits the terminal: 80 columns at most, fewer when it is narrower', async () => {
    for (const columns of [120, 60]) {
      const term = await open(['--help'], tempDir(), columns);
      expect(await term.exitCode()).toBe(0);
      const lines = (await term.screen()).split('\n');
      expect(lines.length).toBeGreaterThan(10);
      for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(Math.min(columns, 80));
      await term.close();
    }
  });
});
