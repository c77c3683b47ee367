import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { retryCommand } from '../../src/cli.js';
import { CliError } from '../../src/errors.js';
import { assertUsableTarget, assertValidName, cdArgument, isEmptyDir, listEntries, notEmptyMessage, resolveTarget, shellQuote } from '../../src/target.js';
import { tempDir } from '../helpers/cli.js';

describe('isEmptyDir', () => {
  it('counts no entries, or only .git, as empty', () => {
    expect(isEmptyDir([])).toBe(true);
    expect(isEmptyDir(['.git'])).toBe(true);
    expect(isEmptyDir(['.git', 'README.md'])).toBe(false);
    expect(isEmptyDir(['.gitignore'])).toBe(false);
  });
});

describe('resolveTarget', () => {
  it('takes the package name from the basename', () => {
    expect(resolveTarget('projects/my-api', '/home/me')).toEqual({ path: '/home/me/projects/my-api', name: 'my-api', nameGiven: false, input: 'projects/my-api' });
    expect(resolveTarget('.', '/home/me/My API', 'my-api')).toMatchObject({ path: '/home/me/My API', name: 'my-api', nameGiven: true });
    expect(resolveTarget('.', '/home/me/api')).toMatchObject({ path: '/home/me/api', name: 'api' });
    expect(resolveTarget('/abs/x/', '/home/me')).toMatchObject({ path: '/abs/x', name: 'x' });
  });
});

describe('assertValidName', () => {
  const retry = (change: { directory?: string; name?: string }) => retryCommand({ otherArgs: ['-t', 'task-api', '--no-git'] }, change);

  it('suggests a path with a valid basename, keeping every other argument', () => {
    const error = catchError(() => assertValidName(resolveTarget('work/My API', '/tmp'), retry));
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('"my-api"');
    expect(error.hint).toBe('Try: create-backend-practice work/my-api -t task-api --no-git');
  });

  it('for "." or an invalid --name, suggests --name and keeps the directory', () => {
    const dot = catchError(() => assertValidName(resolveTarget('.', '/tmp/Bad Name'), retry));
    expect(dot.hint).toBe('Try: create-backend-practice . --name bad-name -t task-api --no-git');
    const named = catchError(() => assertValidName(resolveTarget('x', '/tmp', 'Nope!'), retry));
    expect(named.message).toContain('Invalid package name "Nope!"');
    expect(named.hint).toBe('Try: create-backend-practice x --name nope -t task-api --no-git');
  });
});

describe('listEntries and assertUsableTarget', () => {
  it('sees a missing directory, an empty one, and a file', () => {
    const dir = tempDir();
    expect(listEntries(join(dir, 'missing'))).toBeUndefined();
    expect(listEntries(dir)).toEqual([]);
    writeFileSync(join(dir, 'file'), 'x');
    expect(catchError(() => listEntries(join(dir, 'file'))).exitCode).toBe(2);
  });

  it('refuses a non-empty directory unless forced', () => {
    const dir = tempDir();
    mkdirSync(join(dir, '.git'));
    expect(() => assertUsableTarget(resolveTarget(dir, '/'), false)).not.toThrow();
    writeFileSync(join(dir, 'notes.txt'), 'x');
    expect(catchError(() => assertUsableTarget(resolveTarget(dir, '/'), false)).message).toContain('notes.txt');
    expect(() => assertUsableTarget(resolveTarget(dir, '/'), true)).not.toThrow();
  });
});

describe('notEmptyMessage', () => {
  it('lists at most 10 entries, without .git', () => {
    const entries = ['.git', ...Array.from({ length: 12 }, (_, i) => `f${String(i).padStart(2, '0')}`)];
    const { message } = notEmptyMessage(resolveTarget('x', '/'), entries);
    expect(message).toContain('f09, … (2 more)');
    expect(message).not.toContain('.git');
    expect(message).not.toContain('f10');
  });
});

describe('cdArgument', () => {
  it('is relative below cwd, absolute elsewhere, quoted when needed', () => {
    expect(cdArgument('/home/me/my-api', '/home/me')).toBe('my-api');
    expect(cdArgument('/home/me/my api', '/home/me')).toBe('"my api"');
    expect(cdArgument('/srv/api', '/home/me')).toBe('/srv/api');
  });
});

describe('shellQuote', () => {
  it('leaves plain paths alone and quotes the rest', () => {
    expect(shellQuote('a/b-c_d.e')).toBe('a/b-c_d.e');
    expect(shellQuote('my api')).toBe('"my api"');
    expect(shellQuote('~/x')).toBe('"~/x"');
    expect(shellQuote('it$s "x"')).toBe(`'it$s "x"'`);
    expect(shellQuote("it's $x")).toBe(`'it'\\''s $x'`);
  });
});

function catchError(fn: () => unknown): CliError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error('expected an error');
}
