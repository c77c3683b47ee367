/**
 * One process per PGlite data directory. PGlite runs PostgreSQL inside the process that opens it,
 * with no server to share it: two processes on one directory (say `db:seed` while `dev` runs)
 * each work on their own copy in memory and overwrite each other's files, which loses data and
 * can corrupt the directory. PostgreSQL guards its own data directory the same way, with
 * `postmaster.pid`: a lock file beside the directory names the process that holds it; another
 * process is refused with one line, and a lock whose process has died is taken over.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';

export class DataDirectoryInUseError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `The PGlite data directory ${dataDir} is in use by another process (pid ${pid}): stop it (e.g. the running dev server) and try again. Nothing was changed.`,
    );
    this.name = 'DataDirectoryInUseError';
  }
}

/** Lock files this process holds, so a lock naming our own pid is told apart from a stale one. */
const held = new Set<string>();

/** Takes the lock for `dataDir` or throws `DataDirectoryInUseError`; returns its release. */
export function lockDataDirectory(dataDir: string): () => void {
  const lockFile = `${resolve(dataDir)}.lock`;
  // Two attempts: the second follows the removal of a stale lock.
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(lockFile, 'wx'); // atomic: fails if the file exists
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = ownerOf(lockFile);
      if (owner !== undefined && (held.has(lockFile) || (owner !== process.pid && isRunning(owner)))) {
        throw new DataDirectoryInUseError(dataDir, owner);
      }
      removeIfPresent(lockFile); // its process is gone (crashed or killed): the lock is stale
      continue;
    }
    writeSync(fd, String(process.pid));
    closeSync(fd);
    held.add(lockFile);
    const release = () => {
      process.off('exit', release);
      if (!held.delete(lockFile)) return;
      if (ownerOf(lockFile) === process.pid) removeIfPresent(lockFile);
    };
    process.on('exit', release); // also when the process ends without closing the database
    return release;
  }
  throw new Error(`Could not lock ${dataDir}: ${lockFile} keeps reappearing.`);
}

function ownerOf(lockFile: string): number | undefined {
  try {
    const pid = Number(readFileSync(lockFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: checks that the process exists, sends nothing
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by another user
  }
}

function removeIfPresent(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
