/**
 * The only module that writes the project. Files are rendered into a staging directory first and
 * moved into place only when all of them were written; any error or Ctrl-C undoes everything, so
 * the target is left exactly as it was (a directory we created is removed again).
 */
import { lstat, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PlannedFile } from './plan.js';

export interface WriteOptions {
  signal: AbortSignal;
  /**
   * Test hook (`CREATE_BACKEND_PRACTICE_TEST_DELAY_MS`): pause this long halfway through
   * rendering, so a test can send SIGINT at a known moment. Never set by users.
   */
  pauseMidRenderMs?: number;
  /** told when the pause starts (the test waits for this line) */
  onPause?: (ms: number) => void;
}

export async function writeProject(target: string, files: readonly PlannedFile[], options: WriteOptions): Promise<void> {
  const { signal } = options;
  const created: string[] = []; // directories this run created, outermost first
  const remember = (dir: string | undefined) => dir && created.push(dir);
  let staging: string | undefined;
  try {
    signal.throwIfAborted();
    remember(await mkdir(dirname(target), { recursive: true }));
    staging = await makeStagingDir(target, remember);
    await renderFiles(join(staging, 'files'), files, options);
    remember(await mkdir(target, { recursive: true }));
    await moveIntoPlace(staging, target, files, signal);
  } catch (error) {
    // A file we failed to put back still waits in the staging directory: keep it, say where.
    if (staging && !(error instanceof RestoreFailed)) await rm(staging, { recursive: true, force: true });
    for (const dir of created.reverse()) await rm(dir, { recursive: true, force: true });
    throw error;
  }
  await rm(staging, { recursive: true, force: true });
}

/**
 * Next to the target, so the final move is a rename on the same file system. If the parent is
 * not writable (e.g. `.` in a directory whose parent belongs to root), inside the target instead.
 */
async function makeStagingDir(target: string, remember: (dir: string | undefined) => void): Promise<string> {
  const prefix = '.create-backend-practice-';
  try {
    return await mkdtemp(join(dirname(target), prefix));
  } catch (error) {
    if (!['EACCES', 'EPERM', 'EROFS'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    remember(await mkdir(target, { recursive: true }));
    return mkdtemp(join(target, prefix));
  }
}

async function renderFiles(dir: string, files: readonly PlannedFile[], options: WriteOptions): Promise<void> {
  const half = Math.floor(files.length / 2);
  for (const [index, file] of files.entries()) {
    options.signal.throwIfAborted();
    if (index === half && options.pauseMidRenderMs) {
      options.onPause?.(options.pauseMidRenderMs);
      await sleep(options.pauseMidRenderMs, undefined, { signal: options.signal });
    }
    const path = join(dir, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.contents, { mode: file.executable ? 0o755 : 0o644 });
  }
}

interface Move {
  to: string;
  /** where the file that was there before now waits (restored on rollback, dropped on success) */
  backup?: string;
  /** a directory created for this file, removed on rollback */
  createdDir?: string;
  moved: boolean;
}

/** Renames every staged file into the target; on any failure, puts everything back. */
async function moveIntoPlace(staging: string, target: string, files: readonly PlannedFile[], signal: AbortSignal) {
  const moves: Move[] = [];
  try {
    for (const file of files) {
      signal.throwIfAborted();
      const move: Move = { to: join(target, file.path), moved: false };
      moves.push(move);
      move.createdDir = await mkdir(dirname(move.to), { recursive: true });
      const existing = await lstat(move.to).catch(() => undefined);
      if (existing?.isDirectory()) {
        throw Object.assign(new Error(`${move.to} is a directory, but the template has a file there`), { code: 'EISDIR' });
      }
      if (existing) {
        move.backup = join(staging, 'replaced', file.path);
        await mkdir(dirname(move.backup), { recursive: true });
        await rename(move.to, move.backup);
      }
      await rename(join(staging, 'files', file.path), move.to);
      move.moved = true;
    }
  } catch (error) {
    const notRestored: string[] = [];
    for (const move of moves.reverse()) {
      if (move.moved) await rm(move.to, { force: true });
      if (move.backup) await rename(move.backup, move.to).catch(() => notRestored.push(move.to));
      if (move.createdDir) await rm(move.createdDir, { recursive: true, force: true });
    }
    if (notRestored.length > 0) throw new RestoreFailed(staging, notRestored, error);
    throw error;
  }
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
