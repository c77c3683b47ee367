/** Where the project goes: path, package name, and what is already there. */
import { readdirSync, statSync } from 'node:fs';
import { basename, isAbsolute, relative, resolve } from 'node:path';
import { usageError } from './errors.js';
import { packageNameProblem, toValidPackageName } from './names.js';

export interface Target {
  /** absolute path */
  path: string;
  /** the package name: `--name`, else the directory's basename */
  name: string;
  /** whether the name came from `--name` (or an answer) rather than from the basename */
  nameGiven: boolean;
  /** what the user typed (or chose), for messages */
  input: string;
}

export function resolveTarget(directory: string, cwd: string, name?: string): Target {
  const path = resolve(cwd, directory);
  return { path, name: name ?? basename(path), nameGiven: name !== undefined, input: directory };
}

/** Builds the full command for a "Try: …" hint from a corrected directory and/or name. */
export type RetryCommand = (change: { directory?: string; name?: string }) => string;

/** Why the target's package name is invalid and what to use instead, or `undefined` when it is valid. */
export function nameProblem(target: Target): { problem: string; suggestion: string } | undefined {
  const problem = packageNameProblem(target.name);
  return problem ? { problem, suggestion: toValidPackageName(target.name) } : undefined;
}

/**
 * Rejects a target whose package name is invalid, suggesting one that is: a directory with a
 * valid basename, or `--name` when the name came from `--name` or from the current directory.
 */
export function assertValidName(target: Target, retry: RetryCommand): void {
  const invalid = nameProblem(target);
  if (!invalid) return;
  const { problem, suggestion } = invalid;
  const keepDirectory = target.nameGiven || isCurrentDirectory(target.input);
  const hint = keepDirectory
    ? `Try: ${retry({ directory: target.input, name: suggestion })}`
    : `Try: ${retry({ directory: withBasename(target.input, suggestion) })}`;
  const subject = target.nameGiven ? 'package name' : 'project name';
  throw usageError(`Invalid ${subject} "${target.name}": ${problem}. A valid name would be "${suggestion}".`, hint);
}

const isCurrentDirectory = (input: string) => input === '.' || input === './';

/** `input` with its last path segment replaced by `name`. */
export function withBasename(input: string, name: string): string {
  const trimmed = input.replace(/[/\\]+$/, '');
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return cut === -1 ? name : `${trimmed.slice(0, cut + 1)}${name}`;
}

/**
 * Entries of `path`, `undefined` if it does not exist. Throws a usage error when it is a file.
 * Synchronous because it also backs the interactive directory prompt's validation.
 */
export function listEntries(path: string): string[] | undefined {
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (!stats.isDirectory()) throw usageError(`${path} exists and is not a directory.`, 'Choose another directory.');
  return readdirSync(path).sort();
}

/** An empty directory, or one holding only `.git`, counts as empty: nothing there can be lost. */
export function isEmptyDir(entries: readonly string[]): boolean {
  return entries.every((entry) => entry === '.git');
}

/** The message for a non-empty target without `--force`, listing up to 10 entries. */
export function notEmptyMessage(target: Target, entries: readonly string[]): { message: string; hint: string } {
  const shown = entries.filter((entry) => entry !== '.git');
  const listed = shown.slice(0, 10).join(', ') + (shown.length > 10 ? `, … (${shown.length - 10} more)` : '');
  return {
    message: `${target.path} is not empty: ${listed}`,
    hint: 'Choose an empty or new directory, or pass --force to write the template files over same-named files (nothing else is deleted or changed).',
  };
}

export function assertUsableTarget(target: Target, force: boolean): void {
  const entries = listEntries(target.path);
  if (entries && !force && !isEmptyDir(entries)) {
    const { message, hint } = notEmptyMessage(target, entries);
    throw usageError(message, hint);
  }
}

/** The argument for `cd` in the next steps: relative when below `cwd`, quoted when needed. */
export function cdArgument(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  const shown = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
  return shellQuote(shown);
}

/** Quotes a path for POSIX shells (and cmd/PowerShell for the common case of spaces). */
export function shellQuote(value: string): string {
  if (/^[\w./@+:,=-]+$/.test(value)) return value;
  if (!/["$`\\!]/.test(value)) return `"${value}"`;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
