/**
 * The only module that writes the project. Files are rendered into a staging directory first and
 * moved into place only when all of them were written; any error or Ctrl-C undoes everything, so
 * the target is left exactly as it was (a directory we created is removed again).
 *
 * File system calls are synchronous on purpose: a project is a hundred-odd small files, and each
 * async call is a round trip through libuv's thread pool; the synchronous version of this module takes ~16 ms
 * of CPU instead of ~90 ms of wall time (BENCHMARKS.md). Ctrl-C is still honoured: its handler runs at
 * the `await` points below (between rendering and moving), and the move itself is all-or-nothing.
 */
import { type Stats, lstatSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { PlannedFile } from './plan.js';

export interface WriteOptions {
  signal: AbortSignal;
}

export async function writeProject(target: string, files: readonly PlannedFile[], options: WriteOptions): Promise<void> {
  const { signal } = options;
  const created: string[] = []; // directories this run created, outermost first
  const remember = (dir: string | undefined) => dir && created.push(dir);
  let staging: string | undefined;
  try {
    signal.throwIfAborted();
    remember(mkdirSync(dirname(target), { recursive: true }));
    staging = makeStagingDir(target, remember);
    renderFiles(join(staging, 'files'), files);
    await seePendingSignals();
    signal.throwIfAborted();
    moveIntoPlace(staging, target);
  } catch (error) {
    // A file we failed to put back still waits in the staging directory: keep it, say where.
    if (staging && !(error instanceof RestoreFailed)) rmSync(staging, { recursive: true, force: true });
    for (const dir of created.reverse()) rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  rmSync(staging, { recursive: true, force: true });
}

/**
 * Next to the target, so the final move is a rename on the same file system. If the parent is
 * not writable (e.g. `.` in a directory whose parent belongs to root), inside the target instead.
 */
function makeStagingDir(target: string, remember: (dir: string | undefined) => void): string {
  const prefix = '.create-backend-practice-';
  try {
    return mkdtempSync(join(dirname(target), prefix));
  } catch (error) {
    if (!['EACCES', 'EPERM', 'EROFS'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    remember(mkdirSync(target, { recursive: true }));
    return mkdtempSync(join(target, prefix));
  }
}

/**
 * A Ctrl-C that arrived while rendering (synchronous code) waits in libuv's signal pipe, which is
 * read in the event loop's poll phase. One `setImmediate` may run before that phase comes round
 * (when we are called from a poll callback); the second runs after it, so the SIGINT handler has
 * aborted `signal` by then.
 */
async function seePendingSignals(): Promise<void> {
  await nextTurn();
  await nextTurn();
}

function renderFiles(dir: string, files: readonly PlannedFile[]): void {
  const made = new Set<string>(); // one mkdir per directory, not one per file
  for (const file of files) {
    const path = join(dir, file.path);
    const parent = dirname(path);
    if (!made.has(parent)) {
      mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    writeFileSync(path, file.contents, { mode: file.executable ? 0o755 : 0o644 });
  }
}

interface Move {
  to: string;
  /** where the file that was there before now waits (restored on rollback, dropped on success) */
  backup?: string;
  moved: boolean;
}

/**
 * Moves the staged tree into the target with as few renames as possible: a new target directory
 * is one rename of the whole tree; in an existing one, every staged entry whose name is free is
 * renamed whole (file or directory), and only directories that exist on both sides are entered.
 * A file that is already there is first moved aside into the staging directory. On any failure,
 * everything is put back.
 */
function moveIntoPlace(staging: string, target: string): void {
  const staged = join(staging, 'files');
  if (!exists(target)) {
    renameSync(staged, target);
    return;
  }
  const moves: Move[] = [];
  try {
    mergeInto(staged, target, '', staging, moves);
  } catch (error) {
    const notRestored: string[] = [];
    for (const move of moves.reverse()) {
      if (move.moved) rmSync(move.to, { recursive: true, force: true });
      if (move.backup) {
        try {
          renameSync(move.backup, move.to);
        } catch {
          notRestored.push(move.to);
        }
      }
    }
    if (notRestored.length > 0) throw new RestoreFailed(staging, notRestored, error);
    throw error;
  }
}

function mergeInto(from: string, to: string, relative: string, staging: string, moves: Move[]): void {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const move: Move = { to: join(to, entry.name), moved: false };
    const existing = lstatOrUndefined(move.to);
    if (entry.isDirectory() && existing) {
      // Both sides have this directory (a symlink to one counts): merge its entries.
      if (!statSync(move.to, { throwIfNoEntry: false })?.isDirectory()) {
        throw Object.assign(new Error(`${move.to} is a file, but the template has a directory there`), { code: 'ENOTDIR' });
      }
      mergeInto(source, move.to, join(relative, entry.name), staging, moves);
      continue;
    }
    if (existing?.isDirectory()) {
      throw Object.assign(new Error(`${move.to} is a directory, but the template has a file there`), { code: 'EISDIR' });
    }
    moves.push(move);
    if (existing) {
      move.backup = join(staging, 'replaced', relative, entry.name);
      mkdirSync(dirname(move.backup), { recursive: true });
      renameSync(move.to, move.backup);
    }
    renameSync(source, move.to);
    move.moved = true;
  }
}

function lstatOrUndefined(path: string): Stats | undefined {
  return lstatSync(path, { throwIfNoEntry: false });
}

function exists(path: string): boolean {
  return lstatOrUndefined(path) !== undefined;
}

export class RestoreFailed extends Error {
  constructor(staging: string, paths: string[], cause: unknown) {
    super(
      `writing failed (${(cause as Error).message}) and ${paths.length} replaced file(s) could not be put back: ` +
        `their previous versions are in ${join(staging, 'replaced')}`,
      { cause },
    );
  }
}
